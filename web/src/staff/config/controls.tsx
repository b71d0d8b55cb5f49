/**
 * Groups of checkboxes and radio buttons in a fieldset whose legend names the group, with a hint
 * and an error, wired for assistive technology as the single fields of `ui/fields.tsx` are.
 */
import type { ReactNode } from 'react';

export interface ChoiceOption {
  readonly value: string;
  readonly label: ReactNode;
  readonly hint?: ReactNode;
  readonly disabled?: boolean;
}

/** The id of an option's input: the group's id and the option's value. */
export function optionId(groupId: string, value: string): string {
  return `${groupId}-${value.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

interface GroupProps {
  /** Prefix of the inputs' ids; the error summary links to the first option. */
  readonly id: string;
  readonly legend: ReactNode;
  readonly hint?: ReactNode;
  readonly error?: string | undefined;
  readonly options: readonly ChoiceOption[];
  readonly name: string;
}

function Frame({
  id,
  legend,
  hint,
  error,
  children,
}: Omit<GroupProps, 'options' | 'name'> & { children: ReactNode }) {
  return (
    <fieldset
      className={error === undefined ? 'choice-group' : 'choice-group field--invalid'}
      aria-describedby={
        [hint === undefined ? null : `${id}-hint`, error === undefined ? null : `${id}-error`]
          .filter((part) => part !== null)
          .join(' ') || undefined
      }
    >
      <legend>{legend}</legend>
      {hint === undefined ? null : (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      )}
      {error === undefined ? null : (
        <p id={`${id}-error`} className="field__error">
          {error}
        </p>
      )}
      {children}
    </fieldset>
  );
}

/** Checkboxes for choosing any number of values. */
export function CheckboxGroup({
  selected,
  onChange,
  columns = false,
  ...group
}: GroupProps & {
  selected: readonly string[];
  onChange: (selected: string[]) => void;
  /** Lay a long list of short options out in columns. */
  columns?: boolean;
}) {
  return (
    <Frame {...group}>
      <ul
        className={columns ? 'choice-group__options choice-group__options--columns' : 'choice-group__options'}
      >
        {group.options.map((option) => {
          const inputId = optionId(group.id, option.value);
          return (
            <li key={option.value} className="field--checkbox">
              <input
                id={inputId}
                type="checkbox"
                name={group.name}
                value={option.value}
                checked={selected.includes(option.value)}
                disabled={option.disabled}
                aria-describedby={option.hint === undefined ? undefined : `${inputId}-hint`}
                onChange={(event) =>
                  onChange(
                    event.target.checked
                      ? [...selected, option.value]
                      : selected.filter((value) => value !== option.value),
                  )
                }
              />
              <label htmlFor={inputId}>{option.label}</label>
              {option.hint === undefined ? null : (
                <p id={`${inputId}-hint`} className="field__hint">
                  {option.hint}
                </p>
              )}
            </li>
          );
        })}
      </ul>
    </Frame>
  );
}

/** Radio buttons for choosing one value. */
export function RadioGroup({
  value,
  onChange,
  ...group
}: GroupProps & { value: string; onChange: (value: string) => void }) {
  return (
    <Frame {...group}>
      <ul className="choice-group__options">
        {group.options.map((option) => {
          const inputId = optionId(group.id, option.value);
          return (
            <li key={option.value} className="field--checkbox">
              <input
                id={inputId}
                type="radio"
                name={group.name}
                value={option.value}
                checked={value === option.value}
                disabled={option.disabled}
                aria-describedby={option.hint === undefined ? undefined : `${inputId}-hint`}
                onChange={() => onChange(option.value)}
              />
              <label htmlFor={inputId}>{option.label}</label>
              {option.hint === undefined ? null : (
                <p id={`${inputId}-hint`} className="field__hint">
                  {option.hint}
                </p>
              )}
            </li>
          );
        })}
      </ul>
    </Frame>
  );
}
