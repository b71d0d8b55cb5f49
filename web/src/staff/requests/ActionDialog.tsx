/**
 * The form of one workflow action, in a dialog: an input for each of its fields, the request's
 * version sent with it so that a change made meanwhile is refused rather than overwritten, a second
 * step for what cannot be undone, and the server's refusal said plainly. The values typed stay while
 * the page behind re-reads the request.
 */
import { useId, useState, type FormEvent } from 'react';
import { api, ApiError, idempotencyKey } from '../../api/client.ts';
import type { PartnerList, RequestDetailView } from '../../api/types.ts';
import { t, tOr, type MessageKey } from '../../i18n/catalogue.ts';
import { Dialog } from '../../ui/Dialog.tsx';
import { Alert, ErrorSummary, errorText, Loading, type SummaryError } from '../../ui/feedback.tsx';
import { CheckboxField, SelectField, TextArea, TextField } from '../../ui/fields.tsx';
import { useApi } from '../../ui/use-api.ts';
import { actionLabel, presentationOf } from './action-presentation.ts';
import {
  actionBody,
  effectiveServiceType,
  formFields,
  formFieldErrors,
  initialValues,
  isRequired,
  serviceTypeChoices,
  validateAction,
  type ActionField,
  type AvailableAction,
  type FieldProblem,
  type FieldValue,
  type MoneyValue,
  type Transaction,
} from './action-form.ts';
import { REASONS_RETRY, REASONS_UNFILLED } from './reasons.ts';
import { changeErrorText, needsReread } from './errors.ts';

/** Text fields that take more than a line. */
const LONG_TEXT = new Set(['note', 'conditions', 'locations', 'patronNote', 'privateNote']);

const PROBLEMS: Record<FieldProblem, MessageKey> = {
  required: 'staff.problem.required',
  date: 'staff.problem.date',
  amount: 'staff.problem.amount',
  currency: 'staff.problem.currency',
};

export function fieldLabel(field: { name: string }): string {
  return tOr(`actionField.${field.name}`, field.name);
}

/** The transaction an action is for, if it is for one. */
export function transactionOf(detail: RequestDetailView, action: AvailableAction): Transaction | null {
  if (action.rotaPosition === null) {
    // A lending request's actions are its one transaction's.
    return detail.role === 'lending' ? (detail.rota[0]?.transaction ?? null) : null;
  }
  return detail.rota.find((entry) => entry.position === action.rotaPosition)?.transaction ?? null;
}

function sameAction(a: AvailableAction, b: AvailableAction): boolean {
  return a.id === b.id && a.rotaPosition === b.rotaPosition;
}

export function ActionDialog({
  detail,
  action,
  title,
  onClose,
  onDone,
  onConflict,
}: {
  detail: RequestDetailView;
  action: AvailableAction;
  title: string;
  onClose: () => void;
  onDone: (detail: RequestDetailView) => void;
  /** The server refused: someone changed the request meanwhile; the page should re-read it. */
  onConflict: () => void;
}) {
  const idPrefix = useId();
  const transaction = transactionOf(detail, action);
  const currency = detail.details.maxCost?.currency ?? '';
  const [values, setValues] = useState<Record<string, FieldValue>>(() =>
    initialValues(action, { transaction, currency }),
  );
  const [openedVersion] = useState(detail.version);
  const [problems, setProblems] = useState<Record<string, FieldProblem>>({});
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const presentation = presentationOf(action.id);
  const fields = formFields(action);
  const available = detail.actions.some((candidate) => sameAction(candidate, action));

  const fieldId = (field: ActionField): string =>
    field.type === 'money'
      ? `${idPrefix}-${field.name}-amount`
      : field.type === 'partner-list'
        ? `${idPrefix}-${field.name}-list`
        : `${idPrefix}-${field.name}`;
  const errorOf = (field: ActionField): string | undefined => {
    const problem = problems[field.name];
    if (problem !== undefined) return t(PROBLEMS[problem], { field: fieldLabel(field) });
    return serverErrors[field.name];
  };
  const summary: SummaryError[] = fields.flatMap((field) => {
    const message = errorOf(field);
    return message === undefined ? [] : [{ fieldId: fieldId(field), message }];
  });

  const send = async (): Promise<void> => {
    setBusy(true);
    setFailure(undefined);
    setServerErrors({});
    try {
      const updated = await api.post<RequestDetailView>(
        `/api/requests/${detail.id}/actions`,
        actionBody(action, values, detail.version),
        { headers: { 'idempotency-key': idempotencyKey() } },
      );
      onDone(updated);
    } catch (error) {
      setBusy(false);
      setConfirming(false);
      if (error instanceof ApiError && error.status === 400) {
        const byField = formFieldErrors(action, error.fieldErrors());
        const { '': other, ...rest } = byField;
        setServerErrors(rest);
        setFailure(other ?? (Object.keys(rest).length === 0 ? errorText(error) : undefined));
      } else {
        setFailure(changeErrorText(error));
        if (needsReread(error)) onConflict();
      }
    }
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const found = validateAction(action, values, transaction);
    setProblems(found);
    setServerErrors({});
    if (Object.keys(found).length > 0) return;
    if (presentation.confirm !== undefined && !confirming) {
      setConfirming(true);
      return;
    }
    void send();
  };

  const label = actionLabel(action);
  const submitClass = presentation.tone === 'danger' ? 'button button--danger' : 'button button--primary';
  return (
    <Dialog open title={title} onClose={onClose}>
      <form className="form" noValidate onSubmit={submit}>
        {available ? null : <Alert tone="warning">{t('staff.action.noLongerAvailable')}</Alert>}
        {available && detail.version !== openedVersion ? (
          <Alert tone="info">{t('staff.action.changedMeanwhile')}</Alert>
        ) : null}
        <ErrorSummary errors={summary} {...(failure === undefined ? {} : { message: failure })} />
        {confirming && presentation.confirm !== undefined ? (
          <div className="staff-confirm">
            <p className="staff-confirm__question">
              {t(presentation.confirm, { reference: detail.reference, action: label })}
            </p>
            <div className="button-row">
              <button type="submit" className="button button--danger" disabled={busy || !available}>
                {t('staff.action.confirmYes', { action: label })}
              </button>
              <button type="button" className="button button--secondary" onClick={() => setConfirming(false)}>
                {t('form.back')}
              </button>
            </div>
          </div>
        ) : (
          <>
            {fields.length === 0 ? <p>{t('staff.action.noFields', { action: label })}</p> : null}
            {fields.map((field) => (
              <ActionFieldInput
                key={field.name}
                field={field}
                id={fieldId(field)}
                value={values[field.name]}
                required={isRequired(field, values, transaction)}
                loanOnly={
                  !field.required &&
                  field.requiredForServiceType !== undefined &&
                  effectiveServiceType(values, transaction) !== field.requiredForServiceType
                }
                error={errorOf(field)}
                transaction={transaction}
                onChange={(value) => setValues((current) => ({ ...current, [field.name]: value }))}
              />
            ))}
            <div className="button-row">
              <button type="submit" className={submitClass} disabled={busy || !available}>
                {busy ? t('form.saving') : label}
              </button>
              <button type="button" className="button button--secondary" onClick={onClose}>
                {/* Two buttons called Cancel would do opposite things where the action is Cancel. */}
                {label === t('form.cancel') ? t('staff.action.dismiss') : t('form.cancel')}
              </button>
            </div>
          </>
        )}
      </form>
    </Dialog>
  );
}

function ActionFieldInput({
  field,
  id,
  value,
  required,
  loanOnly,
  error,
  transaction,
  onChange,
}: {
  field: ActionField;
  id: string;
  value: FieldValue | undefined;
  required: boolean;
  /** Required for another service type than the one chosen: say when it would be. */
  loanOnly: boolean;
  error: string | undefined;
  transaction: Transaction | null;
  onChange: (value: FieldValue) => void;
}) {
  const label = fieldLabel(field);
  const hint =
    loanOnly && field.requiredForServiceType !== undefined
      ? t('staff.action.requiredFor', {
          serviceType: tOr(`serviceType.${field.requiredForServiceType}`, field.requiredForServiceType),
        })
      : undefined;
  const common = { id, label, required, error, ...(hint === undefined ? {} : { hint }) };
  switch (field.type) {
    case 'date':
      return (
        <TextField
          {...common}
          type="date"
          value={value as string}
          onChange={(event) => onChange(event.target.value)}
        />
      );
    case 'money':
      return <MoneyInput {...common} value={value as MoneyValue} onChange={onChange} />;
    case 'service-type':
      return (
        <SelectField
          {...common}
          value={value as string}
          placeholder={t('form.choose')}
          options={serviceTypeChoices(transaction).map((type) => ({
            value: type,
            label: tOr(`serviceType.${type}`, type),
          }))}
          onChange={(event) => onChange(event.target.value)}
        />
      );
    case 'reason-unfilled':
      return (
        <SelectField
          {...common}
          value={value as string}
          placeholder={t('form.choose')}
          options={REASONS_UNFILLED.map((reason) => ({
            value: reason,
            label: t(`staff.reasonUnfilled.${reason}`),
          }))}
          onChange={(event) => onChange(event.target.value)}
        />
      );
    case 'reason-retry':
      return (
        <SelectField
          {...common}
          value={value as string}
          placeholder={t('form.choose')}
          options={REASONS_RETRY.map((reason) => ({
            value: reason,
            label: t(`staff.reasonRetry.${reason}`),
          }))}
          onChange={(event) => onChange(event.target.value)}
        />
      );
    case 'partner-list':
      return <PartnerListInput {...common} value={value as readonly string[]} onChange={onChange} />;
    default:
      return LONG_TEXT.has(field.name) ? (
        <TextArea
          {...common}
          rows={3}
          value={value as string}
          onChange={(event) => onChange(event.target.value)}
        />
      ) : (
        <TextField {...common} value={value as string} onChange={(event) => onChange(event.target.value)} />
      );
  }
}

function MoneyInput({
  id,
  label,
  required,
  error,
  value,
  onChange,
}: {
  id: string;
  label: string;
  required: boolean;
  error: string | undefined;
  value: MoneyValue;
  onChange: (value: FieldValue) => void;
}) {
  return (
    <fieldset className="staff-money">
      <legend>
        {label}
        {required ? (
          <span className="field__required" aria-hidden="true">
            {' '}
            *
          </span>
        ) : null}
      </legend>
      {error === undefined ? null : <p className="field__error">{error}</p>}
      <div className="staff-money__inputs">
        <TextField
          id={id}
          label={t('staff.money.amount')}
          inputMode="decimal"
          required={required}
          aria-invalid={error === undefined ? undefined : true}
          value={value.amount}
          onChange={(event) => onChange({ ...value, amount: event.target.value })}
        />
        <TextField
          id={`${id}-currency`}
          label={t('staff.money.currency')}
          hint={t('staff.money.currencyHint')}
          maxLength={3}
          autoComplete="off"
          required={required}
          value={value.currency}
          onChange={(event) => onChange({ ...value, currency: event.target.value.toUpperCase() })}
        />
      </div>
    </fieldset>
  );
}

/** The partners Place request with partners can email: the library's active email partners. */
function PartnerListInput({
  id,
  label,
  required,
  error,
  value,
  onChange,
}: {
  id: string;
  label: string;
  required: boolean;
  error: string | undefined;
  value: readonly string[];
  onChange: (value: FieldValue) => void;
}) {
  const partners = useApi(
    (signal) =>
      api.get<PartnerList>('/api/partners', { protocol: 'email', active: true, limit: 500 }, { signal }),
    [],
  );
  const toggle = (partnerId: string, checked: boolean): void =>
    onChange(checked ? [...value, partnerId] : value.filter((chosen) => chosen !== partnerId));
  return (
    <fieldset>
      <legend>
        {label}
        {required ? (
          <span className="field__required" aria-hidden="true">
            {' '}
            *
          </span>
        ) : null}
      </legend>
      <p className="field__hint">{t('staff.action.partnersHint')}</p>
      {error === undefined ? null : <p className="field__error">{error}</p>}
      {partners.data === undefined ? (
        partners.error === undefined ? (
          <Loading />
        ) : (
          <Alert tone="error">{errorText(partners.error)}</Alert>
        )
      ) : partners.data.items.length === 0 ? (
        <p className="muted">{t('staff.action.noEmailPartners')}</p>
      ) : (
        partners.data.items.map((partner, index) => (
          <CheckboxField
            key={partner.id}
            id={index === 0 ? `${id}` : `${id}-${partner.id}`}
            label={`${partner.name} (${partner.symbol})`}
            checked={value.includes(partner.id)}
            onChange={(event) => toggle(partner.id, event.target.checked)}
          />
        ))
      )}
    </fieldset>
  );
}
