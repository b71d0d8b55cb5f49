/**
 * The rules of a library's configuration that a JSON schema cannot state: IANA time zones, http(s)
 * endpoints, the statuses of the workflow's machines, and which action ids exist. Services collect
 * every broken rule as a {@link ValidationIssue} and throw one {@link ValidationError} before writing
 * anything. Fields are named as the API names them (`body.timezone`, `body.hidden.2.action`), the
 * same way schema errors name them, so a client reads both alike.
 */
import { ValidationError, type ValidationIssue } from '../errors.ts';
import { ACTION_IDS, type ActionId } from '../workflow/actions.ts';
import type { MenuActionId, StatusKey } from '../workflow/action-menu.ts';
import { PROTOCOLS, REQUEST_STATUSES, REQUESTER_STATES, RESPONDER_STATES } from '../workflow/vocabulary.ts';
import type { Protocol } from '../workflow/vocabulary.ts';

/** Collects validation issues and throws them all at once. */
export class Issues {
  private readonly list: ValidationIssue[] = [];

  add(field: string, rule: string, message: string): void {
    this.list.push({ field, rule, message });
  }

  get all(): readonly ValidationIssue[] {
    return this.list;
  }

  /** @throws ValidationError naming every issue, when there is any */
  throwIfAny(): void {
    if (this.list.length === 0) return;
    throw new ValidationError(`Invalid request: ${this.list.map((i) => i.message).join('; ')}`, this.list);
  }
}

/** Every status a library's settings may name: each machine's states, prefixed by the machine. */
export const STATUS_KEYS: readonly StatusKey[] = [
  ...REQUEST_STATUSES.map((status) => `request:${status}` as const),
  ...REQUESTER_STATES.map((state) => `requester:${state}` as const),
  ...RESPONDER_STATES.map((state) => `responder:${state}` as const),
];

const statusKeySet = new Set<string>(STATUS_KEYS);

export function isStatusKey(value: string): value is StatusKey {
  return statusKeySet.has(value);
}

/**
 * Whether a status is one at which a party's requests can be: a borrowing library's (requester)
 * menu is configured by the request's status or its current transaction's requester state; a
 * lending library's (responder) by its transaction's responder state.
 */
export function statusBelongsToParty(status: StatusKey, party: 'requester' | 'responder'): boolean {
  return party === 'responder' ? status.startsWith('responder:') : !status.startsWith('responder:');
}

const protocolSet = new Set<string>(PROTOCOLS);

/** Whether a stored value is one of the backends (partner protocols). */
export function isProtocol(value: string): value is Protocol {
  return protocolSet.has(value);
}

const actionIdSet = new Set<string>(ACTION_IDS);

export function isProtocolActionId(value: string): value is ActionId {
  return actionIdSet.has(value);
}

/** The local action id of a `local:<id>` menu action id, or null for anything else. */
export function localActionIdOf(value: string): string | null {
  return value.startsWith('local:') ? value.slice('local:'.length) : null;
}

/** Whether a stored value is a menu action id: a protocol action or `local:<slug>`. */
export function isMenuActionId(value: string): value is MenuActionId {
  const local = localActionIdOf(value);
  return local === null ? isProtocolActionId(value) : LOCAL_ACTION_ID_PATTERN.test(local);
}

/** A locally-defined action's id: a lowercase slug (the database holds the same rule). */
export const LOCAL_ACTION_ID_PATTERN = /^[a-z0-9-]{1,48}$/;

/**
 * The name to store for an IANA time zone, or null when `Intl` does not know it. A name that differs
 * from its canonical form only in case is stored in the canonical case; aliases such as
 * `Asia/Kolkata` are kept as given. UTC offsets (`+01:00`) are refused: they ignore daylight saving.
 */
export function normalizeTimeZone(name: string): string | null {
  if (!/^[A-Za-z]/.test(name)) return null;
  let canonical: string;
  try {
    canonical = new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
  return canonical.toLowerCase() === name.toLowerCase() ? canonical : name;
}

/** Whether a string is an absolute http or https URL with a host. */
export function isHttpUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}

// The shape ajv-formats checks for `format: "email"`, so that imports and the API agree.
const EMAIL_PATTERN =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;

export function isEmail(value: string): boolean {
  return value.length <= 254 && EMAIL_PATTERN.test(value);
}

/** Trims a text that may be cleared: null, empty and blank all mean "none". */
export function optionalText(value: string | null | undefined): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}
