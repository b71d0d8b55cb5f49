/**
 * The scenario vocabulary of Index Data's illmock, which the mock peer plays with the same tokens.
 *
 * A supplier's scenario comes from the request: a `MOCK:<supplierSymbol>:<SCENARIO>` token in
 * `serviceInfo/note` naming the supplier the request is addressed to, else
 * `bibliographicInfo/supplierUniqueRecordId`. A requester's behaviour is steered by `#…#` control
 * tokens in the note of the patron request that starts the flow.
 */
import type { AgencyId, Iso18626Request, Iso18626ServiceType, Iso18626Status } from '../iso18626/index.ts';

/** Why a supplier says `RetryPossible`, and the token that asks for each reason. */
export const RETRY_REASONS = {
  COST: 'CostExceedsMaxCost',
  ONLOAN: 'OnLoan',
  COND: 'LoanCondition',
  NOTFOUNDASCITED: 'NotFoundAsCited',
} as const;
export type RetryToken = keyof typeof RETRY_REASONS;
export type RetryReason = (typeof RETRY_REASONS)[RetryToken];

/** The scenarios with a fixed list of statuses, and what the supplier does on the requester's `Received`. */
const STATUS_SCENARIOS: Readonly<
  Record<string, { statuses: readonly Iso18626Status[]; onReceived?: 'Overdue' | 'Recalled' }>
> = {
  LOANED: { statuses: ['Loaned'] },
  LOANED_RECALLED: { statuses: ['Loaned'], onReceived: 'Recalled' },
  LOANED_OVERDUE: { statuses: ['Loaned'], onReceived: 'Overdue' },
  UNFILLED: { statuses: ['Unfilled'] },
  WILLSUPPLY: { statuses: ['WillSupply'] },
  WILLSUPPLY_LOANED: { statuses: ['WillSupply', 'Loaned'] },
  WILLSUPPLY_LOANED_RECALLED: { statuses: ['WillSupply', 'Loaned'], onReceived: 'Recalled' },
  WILLSUPPLY_UNFILLED: { statuses: ['WillSupply', 'Unfilled'] },
  WILLSUPPLY_LOANED_OVERDUE: { statuses: ['WillSupply', 'Loaned'], onReceived: 'Overdue' },
};

/** Every scenario name the supplier knows (`RETRY:<reason>` may be followed by `_<scenario>`). */
export const SUPPLIER_SCENARIOS = [
  ...Object.keys(STATUS_SCENARIOS),
  'COMPLETED',
  'ERROR',
  'HTTP-ERROR-400',
  'HTTP-ERROR-500',
  ...Object.keys(RETRY_REASONS).map((token) => `RETRY:${token}`),
] as const;

/** The item id a `RETRY:NOTFOUNDASCITED` supplier offers when no scenario follows (illmock's). */
export const CORRECTED_ITEM_ID = '123456789';

/** What the mock supplier does with a request. */
export interface SupplierPlan {
  /** The scenario played, upper case, e.g. `LOANED` or `RETRY:COST` (`UNFILLED` for an unknown one). */
  scenario: string;
  /** The token as found in the request, or undefined when there was none. */
  token: string | undefined;
  /** Where the token came from. */
  source: 'note' | 'supplierUniqueRecordId' | 'none';
  /** Whether the token named a known scenario (an unknown one is played as `UNFILLED`). */
  known: boolean;
  /** The synchronous answer: an OK confirmation, an ERROR one, or a bare HTTP status. */
  reply: { kind: 'confirm' } | { kind: 'error'; errorValue: string } | { kind: 'http'; status: 400 | 500 };
  /** The supplying agency messages sent afterwards, one status each, in order. */
  statuses: Iso18626Status[];
  /** The status sent when the requester reports `Received`. */
  onReceived?: 'Overdue' | 'Recalled';
  /** For `RetryPossible`: why, and the scenario the retry request will play (text after `_`). */
  retry?: { reason: RetryReason; then: string | undefined };
}

/** The requester's control tokens, read from the patron request's note. */
export interface RequesterControls {
  /** `#CANCEL#`: send `Cancel` on the first supplying agency message. */
  cancel: boolean;
  /** `#RENEW#`: send `Renew` on `Overdue` (and return the item only after that). */
  renew: boolean;
  /** `#RECALL#`: do not return the item on `Loaned`; wait for the supplier's `Recalled`. */
  recall: boolean;
  /** `#RETRYKEEPID#`: a retry request keeps the transaction's id instead of a new one. */
  retryKeepId: boolean;
  /** `#RETRYBIBID:VALUE#`: the `supplierUniqueRecordId` of the retry request. */
  retryBibId: string | undefined;
}

/** Where a token in a note ends (illmock's separators). */
const TOKEN_END = /[#,; \t\n\r]/;

/**
 * The scenario a `MOCK:<symbol>:<SCENARIO>` token in `note` names for `supplier`, if any. Every
 * `MOCK:` token is looked at, so one note can give different suppliers different scenarios; the
 * symbol may be written as the value (`MOCK:US-ABC:LOANED`) or as type and value
 * (`MOCK:ISIL:US-ABC:LOANED`).
 */
export function scenarioInNote(note: string | undefined, supplier: AgencyId): string | undefined {
  if (note === undefined) return undefined;
  const value = supplier.agencyIdValue;
  const prefixes = [`${supplier.agencyIdType.value}:${value}:`, `${value}:`].map((p) => p.toUpperCase());
  for (let at = note.indexOf('MOCK:'); at >= 0; at = note.indexOf('MOCK:', at + 1)) {
    let token = note.slice(at + 'MOCK:'.length);
    const end = token.search(TOKEN_END);
    if (end >= 0) token = token.slice(0, end);
    const upper = token.toUpperCase();
    const prefix = prefixes.find((p) => upper.startsWith(p));
    if (prefix !== undefined && token.length > prefix.length) return token.slice(prefix.length);
  }
  return undefined;
}

/** Whether a request is a retry of an earlier transaction (`requestType` `Retry`). */
export function isRetryRequest(request: Iso18626Request): boolean {
  return request.serviceInfo?.requestType === 'Retry';
}

/**
 * What the mock supplier plays for `request`. `ownSymbol` stands in for the request's
 * `supplyingAgencyId` when the request names none.
 */
export function supplierPlanFor(request: Iso18626Request, ownSymbol: AgencyId): SupplierPlan {
  const supplier = request.header.supplyingAgencyId ?? ownSymbol;
  const fromNote = scenarioInNote(request.serviceInfo?.note, supplier);
  const fromRecord = request.bibliographicInfo.supplierUniqueRecordId?.trim() || undefined;
  const token = fromNote ?? fromRecord;
  const source =
    fromNote !== undefined ? 'note' : fromRecord !== undefined ? 'supplierUniqueRecordId' : 'none';
  return {
    ...planScenario(token, {
      serviceType: request.serviceInfo?.serviceType ?? 'CopyOrLoan',
      retry: isRetryRequest(request),
    }),
    token,
    source,
  };
}

/**
 * The plan for one scenario token. On a retry request, a `RETRY:<reason>_<then>` token plays
 * `<then>` (a token without `_` then has nothing left to play and is answered `Unfilled`, and a
 * retry never asks for another retry), so that the same request text can be sent again as the retry.
 */
export function planScenario(
  token: string | undefined,
  context: { serviceType: Iso18626ServiceType; retry: boolean },
): Omit<SupplierPlan, 'token' | 'source'> {
  let name = (token ?? '').trim().toUpperCase();
  if (context.retry && name.startsWith('RETRY:')) {
    const underscore = name.indexOf('_');
    name = underscore < 0 ? '' : name.slice(underscore + 1);
    if (name.startsWith('RETRY:')) name = '';
  }
  const confirm = { kind: 'confirm' } as const;

  const fixed = STATUS_SCENARIOS[name];
  if (fixed !== undefined) {
    return {
      scenario: name,
      known: true,
      reply: confirm,
      statuses: [...fixed.statuses],
      ...(fixed.onReceived ? { onReceived: fixed.onReceived } : {}),
    };
  }
  switch (name) {
    case 'COMPLETED':
      return {
        scenario: name,
        known: true,
        reply: confirm,
        statuses: [context.serviceType === 'Copy' ? 'CopyCompleted' : 'LoanCompleted'],
      };
    case 'ERROR':
      return {
        scenario: name,
        known: true,
        reply: { kind: 'error', errorValue: 'MOCK ERROR' },
        statuses: [],
      };
    case 'HTTP-ERROR-400':
      return { scenario: name, known: true, reply: { kind: 'http', status: 400 }, statuses: [] };
    case 'HTTP-ERROR-500':
      return { scenario: name, known: true, reply: { kind: 'http', status: 500 }, statuses: [] };
  }
  const retry = /^RETRY:([A-Z]+)(?:_(.*))?$/.exec(name);
  if (retry !== null && !context.retry && retry[1]! in RETRY_REASONS) {
    const reason = RETRY_REASONS[retry[1] as RetryToken];
    const then = retry[2] === undefined || retry[2] === '' ? undefined : retry[2];
    return {
      scenario: `RETRY:${retry[1]}`,
      known: true,
      reply: confirm,
      statuses: ['RetryPossible'],
      retry: { reason, then },
    };
  }
  return { scenario: 'UNFILLED', known: false, reply: confirm, statuses: ['Unfilled'] };
}

/** Reads the requester's control tokens from a patron request's note (anywhere in it, any case). */
export function requesterControlsIn(note: string | undefined): RequesterControls {
  const text = (note ?? '').toUpperCase();
  const bibId = /#RETRYBIBID:([^#]*)#/i.exec(note ?? '')?.[1]?.trim();
  return {
    cancel: text.includes('#CANCEL#'),
    renew: text.includes('#RENEW#'),
    // illmock's README writes `#RECALL`, its code compares with `#RECALL#`: accept both.
    recall: text.includes('#RECALL'),
    retryKeepId: text.includes('#RETRYKEEPID#'),
    retryBibId: bibId === undefined || bibId === '' ? undefined : bibId,
  };
}

/**
 * The agency symbol given on the command line: `TYPE:VALUE` (e.g. `ISIL:US-ABC`), or a bare value,
 * whose type is then `MOCK` as in illmock.
 */
export function parseSymbol(symbol: string): AgencyId {
  const text = symbol.trim();
  const colon = text.indexOf(':');
  if (colon > 0 && colon < text.length - 1) {
    return { agencyIdType: { value: text.slice(0, colon) }, agencyIdValue: text.slice(colon + 1) };
  }
  return { agencyIdType: { value: 'MOCK' }, agencyIdValue: text };
}
