/**
 * The form of a workflow action, as pure functions: its starting values, which fields are required
 * (some only for a loan), what is wrong with what was typed, the body sent to
 * `POST /api/requests/:id/actions`, and the server's field errors mapped back onto the form.
 */
import type { ActionBody, RequestDetailView } from '../../api/types.ts';

export type AvailableAction = RequestDetailView['actions'][number];
export type ActionField = AvailableAction['fields'][number];
export type Transaction = NonNullable<RequestDetailView['rota'][number]['transaction']>;

export interface MoneyValue {
  readonly amount: string;
  readonly currency: string;
}
export type FieldValue = string | readonly string[] | MoneyValue;
export type FormValues = Readonly<Record<string, FieldValue>>;

/** What can be wrong with a field before the form is sent. */
export type FieldProblem = 'required' | 'date' | 'amount' | 'currency';

/** The field types the action form edits itself; `request-details` opens the edit form instead. */
export function formFields(action: AvailableAction): ActionField[] {
  return action.fields.filter((field) => field.type !== 'request-details');
}

/** Whether the action edits the request's details (Edit request), which has its own form. */
export function editsDetails(action: AvailableAction): boolean {
  return action.fields.some((field) => field.type === 'request-details');
}

/** The starting values of an action's form. */
export function initialValues(
  action: AvailableAction,
  context: { transaction: Transaction | null; currency: string },
): Record<string, FieldValue> {
  const values: Record<string, FieldValue> = {};
  for (const field of formFields(action)) {
    switch (field.type) {
      case 'money':
        values[field.name] = {
          amount: '',
          currency: context.transaction?.cost?.currency ?? context.currency,
        };
        break;
      case 'partner-list':
        values[field.name] = [];
        break;
      case 'service-type':
        values[field.name] = defaultServiceType(action, context.transaction);
        break;
      default:
        values[field.name] = '';
    }
  }
  return values;
}

function defaultServiceType(action: AvailableAction, transaction: Transaction | null): string {
  if (transaction === null) return '';
  if (action.id === 'change-current-service-type') {
    return transaction.requestedServiceTypes.find((type) => type !== transaction.currentServiceType) ?? '';
  }
  return transaction.shippedServiceType ?? transaction.currentServiceType;
}

/** The service types a service-type field offers: those the transaction asked for, or both. */
export function serviceTypeChoices(transaction: Transaction | null): string[] {
  const requested = transaction?.requestedServiceTypes ?? [];
  return requested.length > 0 ? [...requested] : ['loan', 'copy'];
}

function text(value: FieldValue | undefined): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** The service type loan-only fields are judged against: the one chosen, else the transaction's. */
export function effectiveServiceType(values: FormValues, transaction: Transaction | null): string | null {
  const chosen = text(values['serviceType']);
  if (chosen !== '') return chosen;
  return transaction?.shippedServiceType ?? transaction?.currentServiceType ?? null;
}

/** Whether a field must be filled in, now that these values are chosen. */
export function isRequired(field: ActionField, values: FormValues, transaction: Transaction | null): boolean {
  if (field.required) return true;
  return (
    field.requiredForServiceType !== undefined &&
    field.requiredForServiceType === effectiveServiceType(values, transaction)
  );
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const AMOUNT = /^\d{1,10}(\.\d{1,4})?$/;
const CURRENCY = /^[A-Z]{3}$/;

/** An amount as typed ("12,5", " 12.50 ") in the API's form ("12.5", "12.50"). */
export function normaliseAmount(amount: string): string {
  return amount.trim().replace(',', '.');
}

function isEmpty(field: ActionField, value: FieldValue | undefined): boolean {
  if (value === undefined) return true;
  if (field.type === 'money') return normaliseAmount((value as MoneyValue).amount) === '';
  if (field.type === 'partner-list') return (value as readonly string[]).length === 0;
  return text(value) === '';
}

/** The problems of the form's values, by field name; empty when it can be sent. */
export function validateAction(
  action: AvailableAction,
  values: FormValues,
  transaction: Transaction | null,
): Record<string, FieldProblem> {
  const problems: Record<string, FieldProblem> = {};
  for (const field of formFields(action)) {
    const value = values[field.name];
    if (isEmpty(field, value)) {
      if (isRequired(field, values, transaction)) problems[field.name] = 'required';
      continue;
    }
    if (field.type === 'date' && !DATE.test(text(value))) problems[field.name] = 'date';
    if (field.type === 'money') {
      const money = value as MoneyValue;
      if (!AMOUNT.test(normaliseAmount(money.amount))) problems[field.name] = 'amount';
      else if (!CURRENCY.test(money.currency.trim().toUpperCase())) problems[field.name] = 'currency';
    }
  }
  return problems;
}

/** The API's name of a field in an action's `data`. */
export function dataKey(field: ActionField): string {
  return field.type === 'partner-list' ? 'partnerIds' : field.name;
}

/** The body of `POST /api/requests/:id/actions` for the form's values; empty fields are left out. */
export function actionBody(action: AvailableAction, values: FormValues, expectedVersion: number): ActionBody {
  const data: Record<string, unknown> = {};
  for (const field of formFields(action)) {
    const value = values[field.name];
    if (isEmpty(field, value)) continue;
    if (field.type === 'money') {
      const money = value as MoneyValue;
      data[dataKey(field)] = {
        amount: normaliseAmount(money.amount),
        currency: money.currency.trim().toUpperCase(),
      };
    } else if (field.type === 'partner-list') {
      data[dataKey(field)] = [...(value as readonly string[])];
    } else {
      data[dataKey(field)] = text(value);
    }
  }
  return {
    action: action.id as ActionBody['action'],
    ...(action.rotaPosition === null ? {} : { rotaPosition: action.rotaPosition }),
    ...(Object.keys(data).length === 0 ? {} : { data: data as NonNullable<ActionBody['data']> }),
    expectedVersion,
  };
}

/**
 * The server's field errors (`ApiError.fieldErrors()`, keyed like `data.dueDate` or
 * `data.partnerIds.0`) by the form's field names; errors of no field of the form are under `''`.
 */
export function formFieldErrors(
  action: AvailableAction,
  fieldErrors: Readonly<Record<string, string>>,
): Record<string, string> {
  const byKey = new Map(formFields(action).map((field) => [dataKey(field), field.name]));
  const errors: Record<string, string> = {};
  for (const [path, message] of Object.entries(fieldErrors)) {
    const match = /^data\.([A-Za-z]+)/.exec(path);
    const name = match === null ? undefined : byKey.get(match[1] as string);
    const key = name ?? '';
    errors[key] ??= message;
  }
  return errors;
}
