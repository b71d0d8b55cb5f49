/**
 * Staff-facing names of everything the engine talks about: request statuses, each party's
 * transaction states, actions and their fields, partner messages, timers, queues and request
 * fields. The names follow the VDX and Koha texts staff know. The maps are typed over the engine's
 * own vocabularies, so a state or action added to the table without a label does not compile.
 */
import type { ActionId } from '../../../../src/workflow/actions.ts';
import type {
  MessageType,
  Protocol,
  RequestStatus,
  RequesterState,
  ResponderState,
  RotaCommand,
  TimerName,
  TransactionOutcome,
} from '../../../../src/workflow/vocabulary.ts';
import type {
  BibliographicField,
  RequestType,
  ServiceWanted,
} from '../../../../src/requests/request-fields.ts';
import { prefixed } from '../message-types.ts';

/** Built-in queue ids (`catalogue.test.ts` checks the server's list against these). */
type QueueId = `borrowing.${string}` | `lending.${string}`;

const requestStatuses: Record<RequestStatus, string> = {
  new: 'New',
  cancellation_requested: 'Cancellation requested',
  requested: 'Requested',
  requested_from_partners: 'Requested from partners',
  reverted: 'Reverted',
  end_of_rota: 'End of Rota',
  terminated: 'Terminated',
  completed: 'Completed',
  deleted: 'Deleted',
};

const requesterStates: Record<RequesterState, string> = {
  idle: 'Idle',
  pending: 'Pending',
  conditional: 'Conditional',
  cancel_pending: 'Cancel Pending',
  not_supplied: 'Not Supplied',
  cancelled: 'Cancelled',
  shipped: 'Shipped',
  received: 'Received',
  renew_pending: 'Renew Pending',
  renew_overdue: 'Renew Overdue',
  overdue: 'Overdue',
  not_received_overdue: 'Not Received Overdue',
  recall: 'Recall',
  returned: 'Returned',
  checked_in: 'Checked In',
  lost: 'Lost',
};

const responderStates: Record<ResponderState, string> = {
  idle: 'Idle',
  in_process: 'In Process',
  conditional: 'Conditional',
  cancel_pending: 'Cancel Pending',
  not_supplied: 'Not Supplied',
  cancelled: 'Cancelled',
  shipped: 'Shipped',
  renew_pending: 'Renew Pending',
  checked_in: 'Checked In',
  lost: 'Lost',
};

const actions: Record<ActionId, string> = {
  confirm: 'Confirm request',
  'place-request-with-partners': 'Place request with partners',
  revert: 'Revert request',
  delete: 'Delete request',
  'request-cancellation': 'Request cancellation',
  request: 'Request',
  cancel: 'Cancel',
  'conditional-reply-yes': 'Accept conditions',
  'conditional-reply-no': 'Reject conditions',
  received: 'Received',
  unreceive: 'Unreceive',
  'cost-adjustment': 'Cost Adjustment',
  renew: 'Renew',
  returned: 'Returned',
  'informed-shipped': 'Informed Shipped',
  'informed-not-supplied': 'Informed Not Supplied',
  'informed-renewed': 'Informed Renewed',
  'terminate-request': 'Terminate Request',
  'status-query': 'Status Query',
  'send-user-alert': 'Send User Alert',
  'local-change-request-details': 'Edit request details',
  'add-private-note': 'Add Private Note',
  'send-public-note': 'Send Public Note',
  'resend-last-message': 'Resend Last Message',
  lost: 'Lost',
  damaged: 'Damaged',
  complete: 'Complete',
  'answer-conditional': 'Answer Conditional',
  'answer-will-supply': 'Answer Will Supply',
  'answer-hold': 'Answer Hold Placed',
  'answer-nonsupply': 'Answer Unfilled',
  'answer-retry': 'Answer Retry',
  'answer-locations-provided': 'Answer Locations Provided',
  'cancel-reply-yes': 'Agree to cancel',
  'cancel-reply-no': 'Refuse to cancel',
  'change-current-service-type': 'Change Service Type',
  shipped: 'Shipped',
  unshipped: 'Unshipped',
  overdue: 'Overdue',
  recall: 'Recall',
  'renew-reply-yes': 'Agree to renew',
  'renew-reply-no': 'Refuse to renew',
  'checked-in': 'Checked In',
  'informed-cancelled': 'Informed Cancelled',
  'informed-received': 'Informed Received',
  'informed-returned': 'Informed Returned',
};

/** The fields of action forms (see `ActionField.name` in the action catalogue). */
const actionFields = {
  note: 'Note',
  partners: 'Partners',
  serviceType: 'Service type',
  dueDate: 'Due date',
  desiredDueDate: 'Desired due date',
  dateShipped: 'Date shipped',
  dateReceived: 'Date received',
  dateReturned: 'Date returned',
  dateCheckedIn: 'Date checked in',
  expectedDeliveryDate: 'Expected delivery date',
  estimatedDateAvailable: 'Estimated date available',
  returnedVia: 'Returned via',
  itemId: 'Item identifier',
  reason: 'Reason',
  locations: 'Locations',
  conditions: 'Conditions',
  replyBy: 'Reply by',
  cost: 'Cost',
  details: 'Request details',
  patronNote: 'Message to the patron',
  privateNote: 'Private note',
} as const satisfies Record<string, string>;

const messageTypes: Record<MessageType, string> = {
  request: 'Request',
  'conditional-reply-yes': 'Conditions accepted',
  'conditional-reply-no': 'Conditions rejected',
  cancel: 'Cancel request',
  received: 'Received',
  returned: 'Returned',
  renew: 'Renewal request',
  'answer-conditional': 'Answer: conditional',
  'answer-will-supply': 'Answer: will supply',
  'answer-hold-placed': 'Answer: hold placed',
  'answer-unfilled': 'Answer: unfilled',
  'answer-retry': 'Answer: retry',
  'answer-locations-provided': 'Answer: locations provided',
  'answer-estimate': 'Answer: estimate',
  'cancel-reply-yes': 'Cancellation agreed',
  'cancel-reply-no': 'Cancellation refused',
  shipped: 'Shipped',
  overdue: 'Overdue notice',
  recall: 'Recall',
  'renew-reply-yes': 'Renewal agreed',
  'renew-reply-no': 'Renewal refused',
  'checked-in': 'Checked in',
  expired: 'Expired',
  lost: 'Lost',
  damaged: 'Damaged',
  note: 'Note',
  'status-query': 'Status query',
  'status-report': 'Status report',
};

const timers: Record<TimerName, string> = {
  expiry: 'No answer in time',
  'conditional-reply': 'Conditions not answered in time',
  'cancel-reply': 'Cancellation not answered in time',
  'need-before': 'Need-before date passed',
  'due-date': 'Due date passed',
};

const outcomes: Record<TransactionOutcome | RotaCommand, string> = {
  'ended-without-supply': 'Supplier did not supply',
  supplied: 'Supplied',
  'cancel-refused': 'Cancellation refused',
  'send-to-supplier': 'Sent to next supplier',
};

const protocols: Record<Protocol, string> = {
  iso18626: 'ISO 18626',
  email: 'Email',
  manual: 'Manual',
};

const requestTypes: Record<RequestType, string> = {
  book: 'Book',
  article: 'Article',
  journal: 'Journal',
  chapter: 'Chapter',
  thesis: 'Thesis',
  other: 'Other',
};

const serviceTypes: Record<ServiceWanted, string> = {
  loan: 'Loan',
  copy: 'Copy',
  either: 'Loan or copy',
};

const requestFields = {
  title: 'Title',
  author: 'Author',
  articleTitle: 'Article or chapter title',
  part: 'Part',
  volume: 'Volume',
  issue: 'Issue',
  pages: 'Pages',
  year: 'Year',
  edition: 'Edition',
  publisher: 'Publisher',
  place: 'Place of publication',
  isbn: 'ISBN',
  issn: 'ISSN',
  doi: 'DOI',
  oclcNumber: 'OCLC number',
  otherIdentifiers: 'Other identifiers',
  type: 'Type',
  serviceType: 'Service wanted',
  needBefore: 'Needed before',
  maxCost: 'Maximum cost',
  canHold: 'Supplier may place a hold',
  pickupBranch: 'Pickup library',
  patronNotes: 'Notes',
  customFields: 'Other details',
  customStatus: 'Custom status',
} as const satisfies Record<BibliographicField, string> & Record<string, string>;

const queues = {
  'borrowing.new': 'New',
  'borrowing.cancellation-requested': 'Cancellation requested',
  'borrowing.pending': 'Pending',
  'borrowing.conditional': 'Conditional',
  'borrowing.cancel-pending': 'Cancel Pending',
  'borrowing.shipped': 'Shipped',
  'borrowing.received': 'Received',
  'borrowing.renew-pending': 'Renew Pending',
  'borrowing.overdue': 'Overdue',
  'borrowing.recalled': 'Recalled',
  'borrowing.returned': 'Returned',
  'borrowing.end-of-rota': 'End of Rota',
  'borrowing.not-supplied': 'Not supplied, rota continues',
  'borrowing.terminated': 'Terminated',
  'borrowing.needs-attention': 'Needs attention',
  'borrowing.undelivered-messages': 'Undelivered messages',
  'lending.new': 'New requests',
  'lending.will-supply': 'Will supply',
  'lending.conditional': 'Conditional',
  'lending.cancel-requested': 'Cancellation requested',
  'lending.shipped': 'Shipped',
  'lending.renewal-requested': 'Renewal requested',
  'lending.overdue': 'Overdue',
  'lending.returned': 'Returned, to check in',
  'lending.needs-attention': 'Needs attention',
  'lending.undelivered-messages': 'Undelivered messages',
} as const satisfies Record<QueueId, string>;

/** The workflow's names, keyed `status.request.<status>`, `state.requester.<state>`, `action.<id>`, … */
export const workflowMessages = {
  ...prefixed('status.request', requestStatuses),
  ...prefixed('state.requester', requesterStates),
  ...prefixed('state.responder', responderStates),
  ...prefixed('action', actions),
  ...prefixed('actionField', actionFields),
  ...prefixed('message', messageTypes),
  ...prefixed('timer', timers),
  ...prefixed('outcome', outcomes),
  ...prefixed('protocol', protocols),
  ...prefixed('requestType', requestTypes),
  ...prefixed('serviceType', serviceTypes),
  ...prefixed('field', requestFields),
  ...prefixed('queue', queues),
};
