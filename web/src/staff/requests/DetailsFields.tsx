/**
 * The inputs of a request's details, shared by "New request" and "Edit request": the item, its
 * identifiers, the service wanted and the library's own fields. Which fields a type requires is
 * marked as the type changes.
 */
import type { PickupBranch } from '../../api/types.ts';
import { t, tOr, type MessageKey } from '../../i18n/catalogue.ts';
import { SelectField, TextArea, TextField } from '../../ui/fields.tsx';
import type { BibliographicField } from '../../../../src/requests/request-fields.ts';
import { requiredFieldsOf, type DetailsForm, type DetailsProblem } from './details-form.ts';
import { REQUEST_TYPE_VALUES } from './state-presentation.ts';

const ITEM_FIELDS: readonly BibliographicField[] = [
  'title',
  'author',
  'articleTitle',
  'part',
  'volume',
  'issue',
  'pages',
  'year',
  'edition',
  'publisher',
  'place',
];
const IDENTIFIER_FIELDS: readonly BibliographicField[] = [
  'isbn',
  'issn',
  'doi',
  'oclcNumber',
  'otherIdentifiers',
];

const PROBLEMS: Record<DetailsProblem, MessageKey> = {
  required: 'staff.problem.required',
  amount: 'staff.problem.amount',
  currency: 'staff.problem.currency',
  customName: 'staff.problem.customName',
  customDuplicate: 'staff.problem.customDuplicate',
  customValueWithoutName: 'staff.problem.customValueWithoutName',
};

/** The words of a problem with a field of the details form. */
export function detailsProblemText(field: string, problem: DetailsProblem): string {
  const name = field.startsWith('customFields.') ? t('field.customFields') : tOr(`field.${field}`, field);
  return t(PROBLEMS[problem], { field: name });
}

/** The id of the input a problem of the details form is about, for the error summary's links. */
export function detailsFieldId(idPrefix: string, field: string): string {
  if (field === 'maxCost') return `${idPrefix}-maxCost-amount`;
  if (field.startsWith('customFields.'))
    return `${idPrefix}-custom-${field.slice('customFields.'.length)}-name`;
  return `${idPrefix}-${field}`;
}

export function DetailsFields({
  form,
  onChange,
  errors,
  idPrefix,
  pickupBranches,
  customStatuses,
}: {
  form: DetailsForm;
  onChange: (next: DetailsForm) => void;
  /** Problems by field (`title`, `maxCost`, `customFields.0`…), already in words. */
  errors: Readonly<Record<string, string>>;
  idPrefix: string;
  pickupBranches: readonly PickupBranch[];
  /** The library's custom statuses, offered when editing a request (a new request has none). */
  customStatuses?: readonly { code: string; label: string }[];
}) {
  const required = new Set<string>(requiredFieldsOf(form.type));
  const set = (changes: Partial<DetailsForm>): void => onChange({ ...form, ...changes });
  const textField = (name: BibliographicField) => (
    <TextField
      key={name}
      id={`${idPrefix}-${name}`}
      label={t(`field.${name}`)}
      required={required.has(name)}
      error={errors[name]}
      value={form[name]}
      onChange={(event) => set({ [name]: event.target.value } as Partial<DetailsForm>)}
    />
  );
  return (
    <>
      <fieldset>
        <legend>{t('staff.details.item')}</legend>
        <div className="form-grid">
          <SelectField
            id={`${idPrefix}-type`}
            label={t('field.type')}
            required
            error={errors['type']}
            value={form.type}
            onChange={(event) => set({ type: event.target.value })}
            options={REQUEST_TYPE_VALUES.map((type) => ({ value: type, label: t(`requestType.${type}`) }))}
          />
          <SelectField
            id={`${idPrefix}-serviceType`}
            label={t('field.serviceType')}
            required
            error={errors['serviceType']}
            value={form.serviceType}
            onChange={(event) => set({ serviceType: event.target.value })}
            options={(['loan', 'copy', 'either'] as const).map((value) => ({
              value,
              label: t(`serviceType.${value}`),
            }))}
          />
          {ITEM_FIELDS.map(textField)}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('staff.details.identifiers')}</legend>
        <div className="form-grid">{IDENTIFIER_FIELDS.map(textField)}</div>
      </fieldset>
      <fieldset>
        <legend>{t('staff.details.service')}</legend>
        <div className="form-grid">
          {customStatuses === undefined ? null : (
            <SelectField
              id={`${idPrefix}-customStatus`}
              label={t('field.customStatus')}
              hint={t('staff.edit.customStatusHint')}
              error={errors['customStatus']}
              value={form.customStatus}
              onChange={(event) => set({ customStatus: event.target.value })}
              placeholder={t('form.none')}
              options={customStatuses.map((status) => ({ value: status.code, label: status.label }))}
            />
          )}
          <TextField
            id={`${idPrefix}-needBefore`}
            type="date"
            label={t('field.needBefore')}
            error={errors['needBefore']}
            value={form.needBefore}
            onChange={(event) => set({ needBefore: event.target.value })}
          />
          <SelectField
            id={`${idPrefix}-canHold`}
            label={t('field.canHold')}
            error={errors['canHold']}
            value={form.canHold}
            onChange={(event) => set({ canHold: event.target.value })}
            options={(['policy', 'yes', 'no'] as const).map((value) => ({
              value,
              label: t(`staff.canHold.${value}`),
            }))}
          />
          <SelectField
            id={`${idPrefix}-pickupBranchId`}
            label={t('field.pickupBranch')}
            error={errors['pickupBranchId']}
            value={form.pickupBranchId}
            onChange={(event) => set({ pickupBranchId: event.target.value })}
            placeholder={t('form.none')}
            options={pickupBranches.map((branch) => ({ value: branch.id, label: branch.name }))}
          />
        </div>
        <fieldset className="staff-money">
          <legend>{t('field.maxCost')}</legend>
          {errors['maxCost'] === undefined ? null : <p className="field__error">{errors['maxCost']}</p>}
          <div className="staff-money__inputs">
            <TextField
              id={`${idPrefix}-maxCost-amount`}
              label={t('staff.money.amount')}
              inputMode="decimal"
              value={form.maxCostAmount}
              aria-invalid={errors['maxCost'] === undefined ? undefined : true}
              onChange={(event) => set({ maxCostAmount: event.target.value })}
            />
            <TextField
              id={`${idPrefix}-maxCost-currency`}
              label={t('staff.money.currency')}
              hint={t('staff.money.currencyHint')}
              maxLength={3}
              autoComplete="off"
              value={form.maxCostCurrency}
              onChange={(event) => set({ maxCostCurrency: event.target.value.toUpperCase() })}
            />
          </div>
        </fieldset>
      </fieldset>
      <TextArea
        id={`${idPrefix}-patronNotes`}
        label={t('field.patronNotes')}
        error={errors['patronNotes']}
        value={form.patronNotes}
        onChange={(event) => set({ patronNotes: event.target.value })}
      />
      <CustomFields form={form} onChange={onChange} errors={errors} idPrefix={idPrefix} />
    </>
  );
}

function CustomFields({
  form,
  onChange,
  errors,
  idPrefix,
}: {
  form: DetailsForm;
  onChange: (next: DetailsForm) => void;
  errors: Readonly<Record<string, string>>;
  idPrefix: string;
}) {
  const rows = form.customFields;
  const setRow = (index: number, changes: Partial<{ name: string; value: string }>): void =>
    onChange({
      ...form,
      customFields: rows.map((row, at) => (at === index ? { ...row, ...changes } : row)),
    });
  return (
    <fieldset>
      <legend>{t('field.customFields')}</legend>
      <p className="field__hint">{t('staff.details.customHint')}</p>
      {rows.length === 0 ? <p className="muted">{t('staff.details.noCustomFields')}</p> : null}
      {rows.map((row, index) => (
        <div className="staff-custom-field" key={index}>
          <TextField
            id={`${idPrefix}-custom-${index}-name`}
            label={t('staff.details.customName', { number: index + 1 })}
            error={errors[`customFields.${index}`]}
            value={row.name}
            onChange={(event) => setRow(index, { name: event.target.value })}
          />
          <TextField
            id={`${idPrefix}-custom-${index}-value`}
            label={t('staff.details.customValue', { number: index + 1 })}
            value={row.value}
            onChange={(event) => setRow(index, { value: event.target.value })}
          />
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={() => onChange({ ...form, customFields: rows.filter((_, at) => at !== index) })}
          >
            {t('form.remove')}
            <span className="visually-hidden"> {t('staff.details.customName', { number: index + 1 })}</span>
          </button>
        </div>
      ))}
      <button
        type="button"
        className="button button--secondary button--small"
        onClick={() => onChange({ ...form, customFields: [...rows, { name: '', value: '' }] })}
      >
        {t('staff.details.addCustomField')}
      </button>
    </fieldset>
  );
}
