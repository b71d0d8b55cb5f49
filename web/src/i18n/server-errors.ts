/**
 * The server's errors in the catalogue's words. The server answers with stable codes (the error's
 * `code`, a refusal's `code` and `rule`, each validation issue's `rule`); these pick the message.
 * The server's English `message` is shown only as a detail where no message here covers the case,
 * so that nothing it says is lost, and nothing the catalogue covers appears untranslated.
 */
import type { ErrorCode } from '../../../src/errors.ts';
import type { ApiError, FieldIssue } from '../api/client.ts';
import { hasMessage, t, type MessageKey } from './catalogue.ts';

/** Every error code the server has, and the network failure the client adds. */
const CODE_MESSAGES: Readonly<Record<ErrorCode | 'network', MessageKey>> = {
  network: 'error.network',
  validation_failed: 'error.code.validation_failed',
  unauthenticated: 'error.code.unauthenticated',
  forbidden: 'error.forbidden',
  not_found: 'error.notFound',
  conflict: 'error.code.conflict',
  transition_refused: 'error.code.transition_refused',
  payload_too_large: 'error.code.payload_too_large',
  rate_limited: 'error.rateLimited',
  internal: 'error.code.internal',
  unavailable: 'error.code.unavailable',
};

/** Field names the API uses for a field whose label the catalogue keeps under another name. */
const FIELD_ALIASES: Readonly<Record<string, string>> = {
  partnerIds: 'partners',
  pickupBranchId: 'pickupBranch',
};

/** `message`, followed by what the server said, for cases the catalogue has no message of its own for. */
export function withServerDetail(message: string, detail: string): string {
  return detail.trim() === '' ? message : t('error.serverSaid', { message, detail });
}

/**
 * What a field the server names by its path is called (`body.details.isbn` → "ISBN",
 * `body.data.cost.amount` → "Cost"): the nearest segment the catalogue has a label for.
 */
export function fieldNameOf(path: string): string {
  const segments = path.split('.').filter((segment) => !/^\d+$/.test(segment));
  for (let index = segments.length - 1; index >= 0; index--) {
    const segment = segments[index] as string;
    const name = FIELD_ALIASES[segment] ?? segment;
    for (const key of [`error.field.${name}`, `actionField.${name}`, `field.${name}`]) {
      if (hasMessage(key)) return t(key);
    }
  }
  return t('error.thisField');
}

/** One validation issue in the catalogue's words, naming the field by `label`. */
export function issueText(
  issue: Pick<FieldIssue, 'field' | 'rule' | 'message'>,
  label: string = fieldNameOf(issue.field),
): string {
  const key = `error.rule.${issue.rule}`;
  if (hasMessage(key)) return t(key, { field: label, detail: issue.message });
  return withServerDetail(t('error.unknownRule', { field: label }), issue.message);
}

interface RefusalDetails {
  readonly code?: unknown;
  readonly rule?: unknown;
}

/** Why the workflow refused an action (`transition_refused`): by the guard it names, else by its code. */
export function refusalText(error: Pick<ApiError, 'message' | 'details'>): string {
  const refusal = (error.details.refusal ?? {}) as RefusalDetails;
  const code = typeof refusal.code === 'string' ? refusal.code : '';
  const rule = typeof refusal.rule === 'string' ? refusal.rule : '';
  const guard = `error.guard.${rule}`;
  if (code === 'guard_failed' && hasMessage(guard)) return t(guard);
  const general = `error.refusal.${code}`;
  if (code !== 'guard_failed' && hasMessage(general)) return t(general);
  // A guard or code this catalogue does not know yet: the general reason, with the server's words.
  return withServerDetail(
    hasMessage(general) ? t(general) : t('error.code.transition_refused'),
    error.message,
  );
}

/** Why something clashed (`conflict`): a stale version, something still in use, a value taken. */
function conflictText(error: ApiError): string {
  const details = error.details;
  if (details.current !== undefined) return t('error.conflict');
  if (details.reason === 'in_use') {
    if (typeof details.requests === 'number') return t('error.inUseByRequests', { count: details.requests });
    if (details.usage !== undefined) return t('error.partnerInUse');
    return t('error.inUse');
  }
  if (typeof details.field === 'string') {
    return issueText({ field: details.field, rule: 'unique', message: error.message });
  }
  return withServerDetail(t('error.code.conflict'), error.message);
}

/** What to tell the user about a failed call to the API. */
export function apiErrorText(error: ApiError): string {
  switch (error.code) {
    case 'transition_refused':
      return refusalText(error);
    case 'conflict':
      return conflictText(error);
    case 'validation_failed': {
      const issues = error.issues;
      if (issues.length > 0) return issues.map((issue) => issueText(issue)).join(' ');
      return withServerDetail(t('error.code.validation_failed'), error.message);
    }
    case 'forbidden':
      if (error.details.reason === 'ill_module_off') return t('error.illModuleOff');
      if (error.details.reason === 'login_required') return t('error.loginRequired');
      return t('error.forbidden');
    default: {
      const key = (CODE_MESSAGES as Readonly<Record<string, MessageKey>>)[error.code];
      // A code this client does not know (a newer server, a proxy's error page): say what it said.
      return key === undefined ? withServerDetail(t('error.unexpected'), error.message) : t(key);
    }
  }
}
