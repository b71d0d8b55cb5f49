/**
 * The catalogue of local actions: each action's names exactly as the VDX and Koha texts write them (or,
 * for the few ISO 10161 services VDX gives no action of its own, the standard's name), which parties
 * may take it, who may perform it, and the fields it needs. Where an action may be taken
 * and what it does is in `transitions.ts`.
 */
import type { Actor } from './vocabulary.ts';

export const ACTION_IDS = [
  // Koha request lifecycle (borrowing library).
  'confirm',
  'place-request-with-partners',
  'revert',
  'delete',
  'request-cancellation',
  // VDX protocol actions of the borrower (requester).
  'request',
  'cancel',
  'conditional-reply-yes',
  'conditional-reply-no',
  'received',
  'unreceive',
  'cost-adjustment',
  'renew',
  'returned',
  'informed-shipped',
  'informed-not-supplied',
  'informed-renewed',
  'terminate-request',
  'status-query',
  'send-user-alert',
  // VDX protocol actions of both parties.
  'local-change-request-details',
  'add-private-note',
  'send-public-note',
  'resend-last-message',
  'lost',
  'damaged',
  'complete',
  // VDX protocol actions of the lender (responder).
  'answer-conditional',
  'answer-will-supply',
  'answer-hold',
  'answer-nonsupply',
  'answer-retry',
  'answer-locations-provided',
  'cancel-reply-yes',
  'cancel-reply-no',
  'change-current-service-type',
  'shipped',
  'unshipped',
  'overdue',
  'recall',
  'renew-reply-yes',
  'renew-reply-no',
  'checked-in',
  'informed-cancelled',
  'informed-received',
  'informed-returned',
] as const;
export type ActionId = (typeof ACTION_IDS)[number];

/** Which party of an ILL transaction an action belongs to, as the VDX text groups them. */
export type Party = 'requester' | 'responder' | 'both';

/** The kinds of value an action field holds. */
export type FieldType =
  | 'text'
  | 'date'
  | 'money'
  | 'service-type'
  | 'partner-list'
  | 'request-details'
  | 'reason-unfilled'
  | 'reason-retry';

/** One input of an action's form. */
export interface ActionField {
  readonly name: string;
  readonly type: FieldType;
  /** Always required. */
  readonly required: boolean;
  /** Required only when the transaction's (or the chosen) service type is this one. */
  readonly requiredForServiceType?: 'loan' | 'copy';
}

/** One entry of the action catalogue. */
export interface ActionDefinition {
  readonly id: ActionId;
  /** The action's name in the VDX "ILL Actions" text, where it appears there. */
  readonly vdxName?: string;
  /** The action's name in the Koha manual, where it appears there. */
  readonly kohaName?: string;
  /**
   * The name of the ISO 10161 service an action stands for when neither text has one for it (e.g. the
   * ILL-ANSWER of type Retry, which the VDX text mentions only as a variant of Answer Nonsupply).
   */
  readonly isoName?: string;
  /** VDX "Type 1" protocol action, a step of Koha's request lifecycle, or an ISO 10161 service. */
  readonly source: 'vdx' | 'koha' | 'both' | 'iso10161';
  readonly party: Party;
  /** Who may perform it. Timers and partner messages are not actors; they are events of their own. */
  readonly actors: readonly Actor[];
  readonly fields: readonly ActionField[];
  /** One sentence on what the action is for, from the texts. */
  readonly summary: string;
}

const note = (required = false): ActionField => ({ name: 'note', type: 'text', required });
const date = (name: string, required = false): ActionField => ({ name, type: 'date', required });

const catalogue: readonly ActionDefinition[] = [
  {
    id: 'confirm',
    kohaName: 'Confirm request',
    source: 'koha',
    party: 'requester',
    actors: ['staff'],
    fields: [note()],
    summary:
      'Place the request with the supply service of its backend: send it to the first supplier on the rota.',
  },
  {
    id: 'place-request-with-partners',
    kohaName: 'Place request with partners',
    source: 'koha',
    party: 'requester',
    actors: ['staff'],
    fields: [{ name: 'partners', type: 'partner-list', required: true }, note()],
    summary: 'Send the request by email to one or more partner libraries at once.',
  },
  {
    id: 'revert',
    kohaName: 'Revert request',
    source: 'koha',
    party: 'requester',
    actors: ['staff'],
    fields: [note()],
    summary: 'Withdraw a Requested or Requested-from-partners request from the external source.',
  },
  {
    id: 'delete',
    kohaName: 'Delete',
    source: 'koha',
    party: 'requester',
    actors: ['staff'],
    fields: [],
    summary: 'Fully delete the request. Details of deleted requests are not retained.',
  },
  {
    id: 'request-cancellation',
    kohaName: 'Request cancellation',
    source: 'koha',
    party: 'requester',
    actors: ['patron'],
    fields: [note()],
    summary: 'A patron asks the library to cancel their request (status Cancellation requested).',
  },
  {
    id: 'request',
    vdxName: 'Request',
    source: 'vdx',
    party: 'requester',
    actors: ['staff'],
    fields: [note()],
    summary: 'Send the ILL request to the next location on the rota.',
  },
  {
    id: 'cancel',
    vdxName: 'Cancel',
    source: 'vdx',
    party: 'requester',
    actors: ['staff', 'system'],
    fields: [note()],
    summary:
      'Cancel the current transaction with the current supplier; the request may move on along the rota.',
  },
  {
    id: 'conditional-reply-yes',
    vdxName: 'Conditional-Reply Yes',
    source: 'vdx',
    party: 'requester',
    actors: ['staff'],
    fields: [note()],
    summary: "Accept the current supplier's conditions.",
  },
  {
    id: 'conditional-reply-no',
    vdxName: 'Conditional-Reply No',
    source: 'vdx',
    party: 'requester',
    actors: ['staff', 'system'],
    fields: [note()],
    summary: "Reject the current supplier's conditions; the request goes on to the next supplier.",
  },
  {
    id: 'received',
    vdxName: 'Received',
    source: 'vdx',
    party: 'requester',
    actors: ['staff', 'system'],
    fields: [date('dateReceived'), { name: 'serviceType', type: 'service-type', required: false }, note()],
    summary:
      'Acknowledge receipt of the delivered item. For a copy this ends the transaction for the borrower.',
  },
  {
    id: 'unreceive',
    vdxName: 'Unreceive',
    source: 'vdx',
    party: 'requester',
    actors: ['staff'],
    fields: [note()],
    summary: 'Undo an accidental Received, where the partner allows undo.',
  },
  {
    id: 'cost-adjustment',
    vdxName: 'Cost Adjustment',
    source: 'vdx',
    party: 'requester',
    actors: ['staff'],
    fields: [{ name: 'cost', type: 'money', required: true }, note()],
    summary: 'Adjust the cost-to-borrower of the request to match the invoice; the partner is not told.',
  },
  {
    id: 'renew',
    vdxName: 'Renew',
    source: 'vdx',
    party: 'requester',
    actors: ['staff'],
    fields: [date('desiredDueDate'), note()],
    summary: 'Ask the supplier to renew the loan.',
  },
  {
    id: 'returned',
    vdxName: 'Returned',
    source: 'vdx',
    party: 'requester',
    actors: ['staff'],
    fields: [date('dateReturned'), { name: 'returnedVia', type: 'text', required: false }, note()],
    summary: 'Tell the supplier the loan has been sent back. This ends the transaction for the borrower.',
  },
  {
    id: 'informed-shipped',
    vdxName: 'Informed Shipped',
    source: 'vdx',
    party: 'requester',
    actors: ['staff'],
    fields: [
      { name: 'serviceType', type: 'service-type', required: true },
      date('dateShipped'),
      { name: 'dueDate', type: 'date', required: false, requiredForServiceType: 'loan' },
      { name: 'itemId', type: 'text', required: false },
      { name: 'cost', type: 'money', required: false },
      note(),
    ],
    summary: 'Record, on behalf of an email or manual supplier, that the item has been shipped.',
  },
  {
    id: 'informed-not-supplied',
    vdxName: 'Informed Not Supplied',
    source: 'vdx',
    party: 'requester',
    actors: ['staff'],
    fields: [{ name: 'reason', type: 'reason-unfilled', required: false }, note()],
    summary: 'Record, on behalf of an email or manual supplier, that the item will not be supplied.',
  },
  {
    id: 'informed-renewed',
    vdxName: 'Informed Renewed',
    source: 'vdx',
    party: 'requester',
    actors: ['staff'],
    fields: [date('dueDate', true), note()],
    summary: 'Record, on behalf of an email or manual supplier, that the loan has been renewed.',
  },
  {
    id: 'terminate-request',
    vdxName: 'Terminate Request',
    source: 'vdx',
    party: 'requester',
    actors: ['staff'],
    fields: [note()],
    summary: 'Cancel the entire request and stop it being sent to further locations on the rota.',
  },
  {
    id: 'status-query',
    isoName: 'Status Query',
    source: 'iso10161',
    party: 'requester',
    actors: ['staff'],
    fields: [note()],
    summary:
      'Ask the current supplier where the transaction stands; its answer is recorded in the history, and flagged if it disagrees with this library’s record.',
  },
  {
    id: 'send-user-alert',
    vdxName: 'Send User Alert',
    source: 'vdx',
    party: 'requester',
    actors: ['staff'],
    fields: [
      { name: 'patronNote', type: 'text', required: true },
      { name: 'privateNote', type: 'text', required: false },
    ],
    summary: 'Email the patron an ad-hoc message, optionally recording a private note for staff.',
  },
  {
    id: 'local-change-request-details',
    vdxName: 'Local Change Request Details',
    kohaName: 'Edit request',
    source: 'both',
    party: 'both',
    actors: ['staff', 'patron'],
    fields: [{ name: 'details', type: 'request-details', required: true }, note()],
    summary:
      'Update bibliographic or service details without telling the other party; later transactions use them.',
  },
  {
    id: 'add-private-note',
    vdxName: 'Add Private Note',
    source: 'vdx',
    party: 'both',
    actors: ['staff'],
    fields: [note(true)],
    summary: 'Add a note for staff that is never sent to the partner.',
  },
  {
    id: 'send-public-note',
    vdxName: 'Send Public Note',
    source: 'vdx',
    party: 'both',
    actors: ['staff'],
    fields: [note(true)],
    summary: 'Send a note to the partner in the current transaction.',
  },
  {
    id: 'resend-last-message',
    vdxName: 'Resend Last Message',
    source: 'vdx',
    party: 'both',
    actors: ['staff'],
    fields: [note()],
    summary: 'Re-transmit the last outgoing message, unchanged but for its note, while it is still valid.',
  },
  {
    id: 'lost',
    vdxName: 'Lost',
    source: 'vdx',
    party: 'both',
    actors: ['staff'],
    fields: [note()],
    summary: 'Report that the item never arrived or was lost; both parties go to Lost.',
  },
  {
    id: 'damaged',
    vdxName: 'Damaged',
    source: 'vdx',
    party: 'both',
    actors: ['staff'],
    fields: [note(true)],
    summary: 'Report that the item is damaged; neither party changes status.',
  },
  {
    id: 'complete',
    vdxName: 'Complete',
    kohaName: 'Mark completed',
    source: 'both',
    party: 'both',
    actors: ['staff'],
    fields: [note()],
    summary: 'Set the date completed and take the request out of the work queues (not out of search).',
  },
  {
    id: 'answer-conditional',
    vdxName: 'Answer Conditional',
    source: 'vdx',
    party: 'responder',
    actors: ['staff'],
    fields: [
      { name: 'conditions', type: 'text', required: true },
      date('replyBy'),
      { name: 'cost', type: 'money', required: false },
    ],
    summary: 'Offer the item under conditions the borrower must accept or reject.',
  },
  {
    id: 'answer-will-supply',
    vdxName: 'Answer Will Supply',
    source: 'vdx',
    party: 'responder',
    actors: ['staff'],
    fields: [date('expectedDeliveryDate'), note()],
    summary: 'Say the item will be supplied shortly; this turns off the expiry timers at both ends.',
  },
  {
    id: 'answer-hold',
    vdxName: 'Answer Hold',
    source: 'vdx',
    party: 'responder',
    actors: ['staff'],
    fields: [date('estimatedDateAvailable'), note()],
    summary: 'Say the item is not available now but will be trapped for this request when it comes back.',
  },
  {
    id: 'answer-nonsupply',
    vdxName: 'Answer Nonsupply',
    source: 'vdx',
    party: 'responder',
    actors: ['staff'],
    fields: [{ name: 'reason', type: 'reason-unfilled', required: true }, note()],
    summary: 'Say the item cannot be supplied; the borrower moves on along its rota.',
  },
  {
    id: 'answer-retry',
    isoName: 'Answer Retry',
    source: 'iso10161',
    party: 'responder',
    actors: ['staff'],
    fields: [
      { name: 'reason', type: 'reason-retry', required: true },
      date('estimatedDateAvailable'),
      { name: 'itemId', type: 'text', required: false },
      { name: 'cost', type: 'money', required: false },
      note(),
    ],
    summary:
      'Say the item cannot be supplied now but may be later: when to ask again, or the item to ask for. The borrower moves on along its rota.',
  },
  {
    id: 'answer-locations-provided',
    vdxName: 'Answer Locations-Provided',
    source: 'vdx',
    party: 'responder',
    actors: ['staff'],
    fields: [{ name: 'locations', type: 'text', required: true }, note()],
    summary: 'Say the item cannot be supplied here and suggest other locations.',
  },
  {
    id: 'cancel-reply-yes',
    vdxName: 'Cancel Reply-Yes',
    source: 'vdx',
    party: 'responder',
    actors: ['staff'],
    fields: [note()],
    summary: "Agree to the borrower's cancellation; the transaction ends Cancelled.",
  },
  {
    id: 'cancel-reply-no',
    vdxName: 'Cancel Reply-No',
    source: 'vdx',
    party: 'responder',
    actors: ['staff'],
    fields: [note()],
    summary: 'Refuse the cancellation; both parties go back to Pending and In Process.',
  },
  {
    id: 'change-current-service-type',
    vdxName: 'Change Current Service Type',
    source: 'vdx',
    party: 'responder',
    actors: ['staff'],
    fields: [{ name: 'serviceType', type: 'service-type', required: true }],
    summary: 'At In Process, switch to another of the requested service types.',
  },
  {
    id: 'shipped',
    vdxName: 'Shipped',
    source: 'vdx',
    party: 'responder',
    actors: ['staff'],
    fields: [
      { name: 'serviceType', type: 'service-type', required: false },
      date('dateShipped'),
      { name: 'dueDate', type: 'date', required: false, requiredForServiceType: 'loan' },
      { name: 'itemId', type: 'text', required: false },
      { name: 'cost', type: 'money', required: false },
      note(),
    ],
    summary: 'Say the item has been sent. A copy transaction ends here for the lender.',
  },
  {
    id: 'unshipped',
    vdxName: 'Unshipped',
    source: 'vdx',
    party: 'responder',
    actors: ['staff'],
    fields: [note()],
    summary: 'Undo an incorrect Shipped, where the partner allows undo.',
  },
  {
    id: 'overdue',
    vdxName: 'Overdue',
    source: 'vdx',
    party: 'responder',
    actors: ['staff', 'system'],
    fields: [note()],
    summary: 'Tell the borrower the loan is overdue.',
  },
  {
    id: 'recall',
    vdxName: 'Recall',
    source: 'vdx',
    party: 'responder',
    actors: ['staff'],
    fields: [note()],
    summary: 'Tell the borrower the item is needed urgently and must be returned at once.',
  },
  {
    id: 'renew-reply-yes',
    vdxName: 'Renew Reply-Yes',
    source: 'vdx',
    party: 'responder',
    actors: ['staff'],
    fields: [date('dueDate', true), note()],
    summary: 'Agree to renew the loan until a new due date.',
  },
  {
    id: 'renew-reply-no',
    vdxName: 'Renew Reply-No',
    source: 'vdx',
    party: 'responder',
    actors: ['staff'],
    fields: [note()],
    summary: 'Refuse to renew the loan.',
  },
  {
    id: 'checked-in',
    vdxName: 'Checked In',
    source: 'vdx',
    party: 'responder',
    actors: ['staff'],
    fields: [date('dateCheckedIn'), note()],
    summary: 'Tell the borrower the returned item is back in the collection; the loan ends.',
  },
  {
    id: 'informed-cancelled',
    vdxName: 'Informed Cancelled',
    source: 'vdx',
    party: 'responder',
    actors: ['staff'],
    fields: [note()],
    summary: 'Record, on behalf of an email or manual borrower, that they cancelled.',
  },
  {
    id: 'informed-received',
    vdxName: 'Informed Received',
    source: 'vdx',
    party: 'responder',
    actors: ['staff'],
    fields: [date('dateReceived'), note()],
    summary: 'Record, on behalf of an email or manual borrower, that they received the item.',
  },
  {
    id: 'informed-returned',
    vdxName: 'Informed Returned',
    source: 'vdx',
    party: 'responder',
    actors: ['staff'],
    fields: [date('dateReturned'), note()],
    summary: 'Record, on behalf of an email or manual borrower, that they sent the item back.',
  },
];

/** Every action, keyed by id. */
export const ACTIONS: Readonly<Record<ActionId, ActionDefinition>> = Object.fromEntries(
  catalogue.map((definition) => [definition.id, definition]),
) as Record<ActionId, ActionDefinition>;

/** An action's name as the texts write it: VDX's, else Koha's, else the ISO 10161 service's. */
export function actionName(action: ActionDefinition): string {
  return action.vdxName ?? action.kohaName ?? action.isoName ?? action.id;
}

/** Type guard for action ids arriving from outside (API, UI). */
export function isActionId(value: string): value is ActionId {
  return (ACTION_IDS as readonly string[]).includes(value);
}
