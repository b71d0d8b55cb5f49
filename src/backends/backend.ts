/**
 * Backends (Koha's term): the supply channels a borrowing request can go through. Each declares the
 * request types and fields it takes, which partners its rota may hold, what Confirm does, and which
 * actions of the workflow it adds or removes. Versioned: a request records the version of its
 * backend it was made under, so that a later contract never changes what an older request means.
 *
 * The workflow's transition table holds the rules of every action; a backend only narrows them. The
 * write path refuses an action the request's backend removes, and the request page does not offer it.
 */
import type { ActionId } from '../workflow/actions.ts';
import type { Protocol } from '../workflow/vocabulary.ts';
import type { BibliographicField, RequestType } from '../requests/request-fields.ts';

export type BackendId = 'iso18626' | 'email' | 'manual';

/** What Confirm does with a request of a backend. */
export const CONFIRM_BEHAVIOURS = ['send-along-rota', 'email-along-rota', 'record-placed'] as const;
export type ConfirmBehaviour = (typeof CONFIRM_BEHAVIOURS)[number];

/** Confirm, as a backend declares it. */
export interface BackendConfirm {
  /**
   * `send-along-rota`: an ISO 18626 Request goes to the first location of the rota not yet tried, and
   * to the next when it cannot supply (VDX Request). `email-along-rota`: the request is emailed to
   * that location instead, and staff record its answers. `record-placed`: nothing is sent; Confirm
   * records that staff placed the request with that supplier themselves (Koha's FreeForm).
   */
  readonly behaviour: ConfirmBehaviour;
  /** One sentence for staff. */
  readonly description: string;
}

export interface Backend {
  readonly id: BackendId;
  /** Increases when the backend's contract changes; stored on each request made under it. */
  readonly version: number;
  /** Its name for staff choosing a backend. */
  readonly name: string;
  /** One sentence for staff choosing a backend. */
  readonly description: string;
  readonly requestTypes: readonly RequestType[];
  /** The bibliographic fields it carries to the supplier; a request may give only these. */
  readonly fields: readonly BibliographicField[];
  /** Fields each request type needs beyond the workflow's own rules. */
  readonly requiredFields: Readonly<Partial<Record<RequestType, readonly BibliographicField[]>>>;
  /** Partners of these protocols can be on the rota of its requests. */
  readonly partnerProtocols: readonly Protocol[];
  readonly confirm: BackendConfirm;
  /** Workflow actions this backend does not offer: the write path refuses them. */
  readonly removesActions: readonly ActionId[];
  /** Actions it offers that the ISO 18626 protocol's own do not include (the table holds their rules). */
  readonly addsActions: readonly ActionId[];
}

/** Staff record, on behalf of an email or manual partner, what an ISO 18626 partner would have sent. */
export const INFORMED_ACTIONS: readonly ActionId[] = [
  'informed-shipped',
  'informed-not-supplied',
  'informed-renewed',
  'informed-cancelled',
  'informed-received',
  'informed-returned',
];

/** Undoing a mistaken Received or Shipped: no ISO 18626 message can tell the partner. */
export const UNDO_ACTIONS: readonly ActionId[] = ['unreceive', 'unshipped'];
