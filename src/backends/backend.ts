/**
 * Backends (Koha's term): the supply channels a borrowing request can go through. Each declares the
 * request types and fields it takes, which partners its rota may hold, what Confirm does, and which
 * actions of the workflow it adds or removes. Versioned so that stored requests keep their meaning.
 */
import type { ActionId } from '../workflow/actions.ts';
import type { Protocol } from '../workflow/vocabulary.ts';
import type { BibliographicField, RequestType } from '../requests/request-fields.ts';

export type BackendId = 'iso18626' | 'email' | 'manual';

/** What Confirm does with a request of this backend. */
export type ConfirmBehaviour =
  /** Send the request to the first location of the rota not yet tried (VDX Request). */
  'send-along-rota';

export interface Backend {
  readonly id: BackendId;
  /** Increases when the backend's contract changes. */
  readonly version: number;
  /** One sentence for staff choosing a backend. */
  readonly description: string;
  readonly requestTypes: readonly RequestType[];
  /** Fields each request type needs beyond the workflow's own rules. */
  readonly requiredFields: Readonly<Partial<Record<RequestType, readonly BibliographicField[]>>>;
  /** Partners of these protocols can be on the rota of its requests. */
  readonly partnerProtocols: readonly Protocol[];
  readonly confirm: ConfirmBehaviour;
  /** Workflow actions this backend does not offer. */
  readonly removesActions: readonly ActionId[];
  /** Actions it offers that other backends do not (documentation; the workflow table holds their rules). */
  readonly addsActions: readonly ActionId[];
}
