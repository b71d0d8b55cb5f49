/**
 * Form fields with their label, an optional hint and an error, wired for assistive technology:
 * the input is labelled, described by its hint and error, and marked invalid when it has one.
 */
import {
  useId,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';
import { t } from '../i18n/catalogue.ts';

interface FieldFrameProps {
  readonly label: ReactNode;
  readonly hint?: ReactNode;
  readonly error?: string | undefined;
  readonly required?: boolean | undefined;
}

function describedBy(hintId: string, errorId: string, props: FieldFrameProps): string | undefined {
  const ids = [props.hint === undefined ? null : hintId, props.error === undefined ? null : errorId].filter(
    (id): id is string => id !== null,
  );
  return ids.length === 0 ? undefined : ids.join(' ');
}

function Frame({
  id,
  hintId,
  errorId,
  props,
  children,
}: {
  id: string;
  hintId: string;
  errorId: string;
  props: FieldFrameProps;
  children: ReactNode;
}) {
  return (
    <div className={props.error === undefined ? 'field' : 'field field--invalid'}>
      <label htmlFor={id} className="field__label">
        {props.label}
        {props.required === true ? (
          <span className="field__required" aria-hidden="true">
            {' '}
            *
          </span>
        ) : null}
      </label>
      {props.hint === undefined ? null : (
        <p id={hintId} className="field__hint">
          {props.hint}
        </p>
      )}
      {props.error === undefined ? null : (
        <p id={errorId} className="field__error">
          {props.error}
        </p>
      )}
      {children}
    </div>
  );
}

type TextFieldProps = FieldFrameProps &
  Omit<InputHTMLAttributes<HTMLInputElement>, 'required'> & { id?: string };

/** A labelled `<input>` (text, email, date, number, password, search…). */
export function TextField({ label, hint, error, required, id, ...input }: TextFieldProps) {
  const generated = useId();
  const inputId = id ?? generated;
  const props = { label, hint, error, required };
  return (
    <Frame id={inputId} hintId={`${inputId}-hint`} errorId={`${inputId}-error`} props={props}>
      <input
        id={inputId}
        className="field__input"
        required={required}
        aria-invalid={error === undefined ? undefined : true}
        aria-describedby={describedBy(`${inputId}-hint`, `${inputId}-error`, props)}
        {...input}
      />
    </Frame>
  );
}

type TextAreaProps = FieldFrameProps &
  Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'required'> & { id?: string };

/** A labelled `<textarea>`. */
export function TextArea({ label, hint, error, required, id, ...textarea }: TextAreaProps) {
  const generated = useId();
  const inputId = id ?? generated;
  const props = { label, hint, error, required };
  return (
    <Frame id={inputId} hintId={`${inputId}-hint`} errorId={`${inputId}-error`} props={props}>
      <textarea
        id={inputId}
        className="field__input"
        rows={4}
        required={required}
        aria-invalid={error === undefined ? undefined : true}
        aria-describedby={describedBy(`${inputId}-hint`, `${inputId}-error`, props)}
        {...textarea}
      />
    </Frame>
  );
}

export interface SelectOption {
  readonly value: string;
  readonly label: string;
  readonly disabled?: boolean;
}

type SelectFieldProps = FieldFrameProps &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, 'required'> & {
    id?: string;
    options: readonly SelectOption[];
    /** A first, empty choice such as "Choose…". */
    placeholder?: string;
  };

/** A labelled `<select>`. */
export function SelectField({
  label,
  hint,
  error,
  required,
  id,
  options,
  placeholder,
  ...select
}: SelectFieldProps) {
  const generated = useId();
  const inputId = id ?? generated;
  const props = { label, hint, error, required };
  return (
    <Frame id={inputId} hintId={`${inputId}-hint`} errorId={`${inputId}-error`} props={props}>
      <select
        id={inputId}
        className="field__input"
        required={required}
        aria-invalid={error === undefined ? undefined : true}
        aria-describedby={describedBy(`${inputId}-hint`, `${inputId}-error`, props)}
        {...select}
      >
        {placeholder === undefined ? null : <option value="">{placeholder}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value} disabled={option.disabled}>
            {option.label}
          </option>
        ))}
      </select>
    </Frame>
  );
}

type CheckboxFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'type'> & {
  readonly label: ReactNode;
  readonly hint?: ReactNode;
  readonly error?: string | undefined;
  id?: string;
};

/** A checkbox with its label beside it. */
export function CheckboxField({ label, hint, error, id, ...input }: CheckboxFieldProps) {
  const generated = useId();
  const inputId = id ?? generated;
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  return (
    <div className={error === undefined ? 'field field--checkbox' : 'field field--checkbox field--invalid'}>
      {error === undefined ? null : (
        <p id={errorId} className="field__error">
          {error}
        </p>
      )}
      <input
        id={inputId}
        type="checkbox"
        aria-invalid={error === undefined ? undefined : true}
        aria-describedby={describedBy(hintId, errorId, { label, hint, error })}
        {...input}
      />
      <label htmlFor={inputId}>{label}</label>
      {hint === undefined ? null : (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
    </div>
  );
}

/** "(optional)" after a label, where most fields of a form are required. */
export function Optional() {
  return <span className="field__optional"> ({t('form.optional')})</span>;
}
