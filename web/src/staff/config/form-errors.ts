/**
 * A failed save, turned into what a form shows: an error beside each field the server named, the
 * same errors in the summary at the top (each linking to its field), and a message for whatever
 * belongs to no field of the form.
 */
import { ApiError, type FieldIssue } from '../../api/client.ts';
import { t } from '../../i18n/catalogue.ts';
import type { SummaryError } from '../../ui/feedback.tsx';
import { errorText } from '../../ui/feedback.tsx';
import { issueText as serverIssueText } from '../../i18n/server-errors.ts';

/** A field of a form: the id of its input and its label, keyed by the API's name for it. */
export interface FormField {
  readonly id: string;
  readonly label: string;
}

export type FormFields = Readonly<Record<string, FormField>>;

export interface FormErrors {
  /** The error of each field, by the API's name for it (the keys of the form's {@link FormFields}). */
  readonly fields: Readonly<Record<string, string>>;
  readonly summary: readonly SummaryError[];
  /** What is wrong beyond the fields, if anything. */
  readonly message?: string;
}

export const NO_ERRORS: FormErrors = { fields: {}, summary: [] };

/** The form field an API field path belongs to: `statuses.2` → `statuses`, `csv.3.email` → `csv`. */
export function fieldKeyOf(path: string, fields: FormFields): string | undefined {
  const key = path.replace(/^(body|querystring|params)\./, '');
  if (Object.hasOwn(fields, key)) return key;
  const parts = key.split('.');
  for (let length = parts.length - 1; length > 0; length--) {
    const prefix = parts.slice(0, length).join('.');
    if (Object.hasOwn(fields, prefix)) return prefix;
  }
  return undefined;
}

/**
 * A field's error in the words of the configuration pages where they have their own for the rule,
 * else in the catalogue's shared words for it (the server's only where the rule is unknown).
 */
export function issueText(issue: Pick<FieldIssue, 'field' | 'rule' | 'message'>, label: string): string {
  switch (issue.rule) {
    case 'required':
      return t('config.error.required', { field: label });
    case 'format':
      return t('config.error.format', { field: label });
    case 'pattern':
      return t('config.error.pattern', { field: label });
    case 'minLength':
      return t('config.error.minLength', { field: label });
    case 'maxLength':
      return t('config.error.maxLength', { field: label });
    case 'minimum':
    case 'maximum':
    case 'type':
      return t('config.error.range', { field: label });
    case 'minItems':
      return t('config.error.minItems', { field: label });
    default:
      return serverIssueText(issue, label);
  }
}

/** The errors a form shows for `error`, a failed call. */
export function formErrors(error: unknown, fields: FormFields): FormErrors {
  if (!(error instanceof ApiError)) return { fields: {}, summary: [], message: errorText(error) };
  const byField: Record<string, string> = {};
  const other: string[] = [];
  const missing = error.details.missing;
  if (error.code === 'forbidden' && Array.isArray(missing) && missing.length > 0) {
    return {
      fields: {},
      summary: [],
      message: t('config.error.cannotGrant', { permissions: missing.join(', ') }),
    };
  }
  const issues: Pick<FieldIssue, 'field' | 'rule' | 'message'>[] = [...error.issues];
  const conflictField = error.details.field;
  if (issues.length === 0 && typeof conflictField === 'string') {
    issues.push({ field: conflictField, rule: error.code, message: error.message });
  }
  for (const issue of issues) {
    const key = fieldKeyOf(issue.field, fields);
    const field = key === undefined ? undefined : fields[key];
    if (key === undefined || field === undefined) {
      other.push(serverIssueText(issue));
      continue;
    }
    byField[key] ??= issueText(issue, field.label);
  }
  const summary = Object.entries(byField).map(([key, message]) => ({
    fieldId: (fields[key] as FormField).id,
    message,
  }));
  if (issues.length === 0) return { fields: {}, summary: [], message: errorText(error) };
  return other.length === 0
    ? { fields: byField, summary }
    : { fields: byField, summary, message: other.join(' ') };
}

/** Errors found before calling the server, as messages by the API's field names. */
export function clientErrors(messages: Readonly<Record<string, string>>, fields: FormFields): FormErrors {
  const byField: Record<string, string> = {};
  const summary: SummaryError[] = [];
  for (const [key, message] of Object.entries(messages)) {
    const field = fields[key];
    if (field === undefined) continue;
    byField[key] = message;
    summary.push({ fieldId: field.id, message });
  }
  return { fields: byField, summary };
}

/**
 * The required fields left blank, as messages by the API's field names; `values` holds the form's
 * values by the same names.
 */
export function missingRequired(
  values: Readonly<Record<string, string>>,
  required: readonly string[],
  fields: FormFields,
): Record<string, string> {
  const messages: Record<string, string> = {};
  for (const key of required) {
    const field = fields[key];
    if (field !== undefined && (values[key] ?? '').trim() === '') {
      messages[key] = t('config.error.required', { field: field.label });
    }
  }
  return messages;
}

export function hasErrors(errors: FormErrors): boolean {
  return errors.summary.length > 0 || errors.message !== undefined;
}

/** A whole number typed in a field, or undefined when it is not one. */
export function parseWholeNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^-?\d+$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** A text field's value for the API: trimmed, and null when blank ("none"). */
export function textOrNull(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : trimmed;
}
