/**
 * What the engine knows about each state: its phase in a transaction's life and whether it is final.
 * The names the source texts give each state are kept for the generated documentation.
 */
import type { RequestStatus, RequesterState, ResponderState, TransactionState } from './vocabulary.ts';

/** Where a transaction is in its life; the rota reacts to changes of phase. */
export type Phase = 'not-started' | 'awaiting-supply' | 'ended-without-supply' | 'supplied' | 'closed';

export interface TransactionStateInfo {
  readonly phase: Phase;
  /** No further protocol event changes this state (late messages are absorbed). */
  readonly terminal: boolean;
  /** The state's name in the VDX and ISO 10161 texts. */
  readonly sourceName: string;
}

export interface RequestStatusInfo {
  readonly terminal: boolean;
  readonly sourceName: string;
}

export const REQUESTER_STATE_INFO: Readonly<Record<RequesterState, TransactionStateInfo>> = {
  idle: { phase: 'not-started', terminal: false, sourceName: 'Idle' },
  pending: { phase: 'awaiting-supply', terminal: false, sourceName: 'Pending' },
  conditional: { phase: 'awaiting-supply', terminal: false, sourceName: 'Conditional' },
  cancel_pending: { phase: 'awaiting-supply', terminal: false, sourceName: 'Cancel Pending' },
  not_supplied: { phase: 'ended-without-supply', terminal: true, sourceName: 'Not Supplied' },
  cancelled: { phase: 'ended-without-supply', terminal: true, sourceName: 'Cancelled' },
  shipped: { phase: 'supplied', terminal: false, sourceName: 'Shipped' },
  received: { phase: 'supplied', terminal: false, sourceName: 'Received' },
  renew_pending: { phase: 'supplied', terminal: false, sourceName: 'Renew Pending' },
  renew_overdue: { phase: 'supplied', terminal: false, sourceName: 'Renew/Overdue' },
  overdue: { phase: 'supplied', terminal: false, sourceName: 'Overdue' },
  not_received_overdue: { phase: 'supplied', terminal: false, sourceName: 'Not-Received/Overdue' },
  recall: { phase: 'supplied', terminal: false, sourceName: 'Recall' },
  returned: { phase: 'supplied', terminal: false, sourceName: 'Returned' },
  checked_in: { phase: 'closed', terminal: true, sourceName: 'Checked In' },
  lost: { phase: 'closed', terminal: true, sourceName: 'Lost' },
};

export const RESPONDER_STATE_INFO: Readonly<Record<ResponderState, TransactionStateInfo>> = {
  idle: { phase: 'not-started', terminal: false, sourceName: 'Idle' },
  in_process: { phase: 'awaiting-supply', terminal: false, sourceName: 'In Process' },
  conditional: { phase: 'awaiting-supply', terminal: false, sourceName: 'Conditional' },
  cancel_pending: { phase: 'awaiting-supply', terminal: false, sourceName: 'Cancel Requested' },
  not_supplied: { phase: 'ended-without-supply', terminal: true, sourceName: 'Not Supplied' },
  cancelled: { phase: 'ended-without-supply', terminal: true, sourceName: 'Cancelled' },
  shipped: { phase: 'supplied', terminal: false, sourceName: 'Shipped' },
  renew_pending: { phase: 'supplied', terminal: false, sourceName: 'Renew Pending' },
  checked_in: { phase: 'closed', terminal: true, sourceName: 'Checked In' },
  lost: { phase: 'closed', terminal: true, sourceName: 'Lost' },
};

export const REQUEST_STATUS_INFO: Readonly<Record<RequestStatus, RequestStatusInfo>> = {
  new: { terminal: false, sourceName: 'New request' },
  cancellation_requested: { terminal: false, sourceName: 'Cancellation requested' },
  requested: { terminal: false, sourceName: 'Requested' },
  requested_from_partners: { terminal: false, sourceName: 'Requested from partners' },
  reverted: { terminal: false, sourceName: 'Request reverted' },
  end_of_rota: { terminal: false, sourceName: 'End of Rota' },
  terminated: { terminal: false, sourceName: 'Terminated' },
  completed: { terminal: true, sourceName: 'Completed' },
  deleted: { terminal: true, sourceName: 'Deleted (not retained)' },
};

/** The phase of a transaction state for its role. */
export function phaseOf(role: 'requester' | 'responder', state: TransactionState): Phase {
  return role === 'requester'
    ? REQUESTER_STATE_INFO[state as RequesterState].phase
    : RESPONDER_STATE_INFO[state as ResponderState].phase;
}

/**
 * Whether a transaction has ended for this party. A copy ends at Received for the borrower and at
 * Shipped for the lender, as the VDX text says; a loan ends at Checked In or Lost.
 */
export function isTransactionFinished(
  role: 'requester' | 'responder',
  state: TransactionState,
  shippedServiceType: 'loan' | 'copy' | null,
): boolean {
  if (role === 'requester') {
    if (state === 'received' && shippedServiceType === 'copy') return true;
    return REQUESTER_STATE_INFO[state as RequesterState].terminal;
  }
  if (state === 'shipped' && shippedServiceType === 'copy') return true;
  return RESPONDER_STATE_INFO[state as ResponderState].terminal;
}
