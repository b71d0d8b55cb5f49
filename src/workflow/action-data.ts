/**
 * Validation of an action's fields: required fields, value formats, and the rules the texts give
 * about service types (Shipped and Change Current Service Type only to a requested service type).
 */
import { ACTIONS } from './actions.ts';
import type { ActionField, ActionId } from './actions.ts';
import type { EventData, TransactionFacts } from './model.ts';
import { PROTOCOLS, SERVICE_TYPES } from './vocabulary.ts';
import type { ServiceType } from './vocabulary.ts';

/**
 * Why a lender answers Retry: the item is not available now (OnLoan) or was not found as cited
 * (NotFoundAsCited), the ISO 18626 reasonRetry codes that say "not now" rather than offering terms.
 * The codes that offer terms (CostExceedsMaxCost, LoanCondition) are Answer Conditional's: a borrower
 * reads a RetryPossible with either as conditions to accept or reject, not as the end of the transaction.
 */
export const RETRY_REASONS = ['OnLoan', 'NotFoundAsCited'] as const;
export type RetryReason = (typeof RETRY_REASONS)[number];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const AMOUNT = /^\d{1,12}(\.\d{1,4})?$/;
const CURRENCY = /^[A-Z]{3}$/;

/** Whether a string is a real calendar date in YYYY-MM-DD form. */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !DATE.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

function checkValue(field: ActionField, value: unknown): string | null {
  switch (field.type) {
    case 'text':
    case 'reason-unfilled':
      return typeof value === 'string' && value.trim().length > 0 ? null : 'must be non-empty text';
    case 'reason-retry':
      return (RETRY_REASONS as readonly unknown[]).includes(value)
        ? null
        : `must be one of ${RETRY_REASONS.join(', ')}`;
    case 'date':
      return isCalendarDate(value) ? null : 'must be a date in the form YYYY-MM-DD';
    case 'money': {
      const money = value as { amount?: unknown; currency?: unknown } | null;
      if (typeof money !== 'object' || money === null) return 'must be an amount with a currency';
      if (typeof money.amount !== 'string' || !AMOUNT.test(money.amount))
        return 'amount must be a decimal number';
      if (typeof money.currency !== 'string' || !CURRENCY.test(money.currency)) {
        return 'currency must be a three-letter ISO 4217 code';
      }
      return null;
    }
    case 'service-type':
      return (SERVICE_TYPES as readonly unknown[]).includes(value)
        ? null
        : `must be one of ${SERVICE_TYPES.join(', ')}`;
    case 'partner-list': {
      if (!Array.isArray(value) || value.length === 0) return 'must list at least one partner';
      const valid = value.every(
        (partner: { partnerId?: unknown; protocol?: unknown }) =>
          typeof partner?.partnerId === 'string' &&
          (PROTOCOLS as readonly unknown[]).includes(partner.protocol),
      );
      if (!valid) return 'each partner needs an id and a protocol';
      return value.every((partner: { protocol: string }) => partner.protocol === 'email')
        ? null
        : 'Place request with partners sends email: every partner must be an email partner';
    }
    case 'request-details':
      return typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        Object.keys(value).length > 0
        ? null
        : 'must name at least one detail to change';
  }
}

/** The service type an action's loan-only fields are judged against. */
function effectiveServiceType(data: EventData, tx: TransactionFacts | null): ServiceType | null {
  return data.serviceType ?? tx?.shippedServiceType ?? tx?.currentServiceType ?? null;
}

/**
 * Check an action's data. Returns the problems by field name; empty when the data is valid.
 * Unknown fields are ignored here (the API's schemas refuse them).
 */
export function validateActionData(
  action: ActionId,
  data: EventData,
  tx: TransactionFacts | null,
): Record<string, string> {
  const problems: Record<string, string> = {};
  const values = data as Record<string, unknown>;
  const serviceType = effectiveServiceType(data, tx);
  for (const field of ACTIONS[action].fields) {
    const value = values[field.name];
    const required =
      field.required ||
      (field.requiredForServiceType !== undefined && field.requiredForServiceType === serviceType);
    if (value === undefined || value === null || value === '') {
      if (required) {
        problems[field.name] =
          field.requiredForServiceType !== undefined && !field.required
            ? `is required for a ${field.requiredForServiceType}`
            : 'is required';
      }
      continue;
    }
    const problem = checkValue(field, value);
    if (problem !== null) problems[field.name] = problem;
  }

  if (tx !== null && data.serviceType !== undefined && problems['serviceType'] === undefined) {
    const requested = tx.requestedServiceTypes;
    if (!requested.includes(data.serviceType)) {
      problems['serviceType'] = `must be one of the requested service types (${requested.join(', ')})`;
    } else if (action === 'change-current-service-type' && data.serviceType === tx.currentServiceType) {
      problems['serviceType'] = 'must differ from the current service type';
    }
  }
  return problems;
}
