/**
 * How the outbox worker hands a message to a partner. One transport per protocol: ISO 18626 over HTTP
 * (`src/protocol/`), email (`src/mail/`). A transport never changes a request; it reports what
 * happened and the worker records it.
 */
import type { Protocol } from '../workflow/vocabulary.ts';

/** One outgoing message, with what a transport needs to build and address it. */
export interface OutboxDelivery {
  readonly id: string;
  readonly requestId: string;
  readonly transactionId: string;
  readonly partnerId: string;
  readonly protocol: Protocol;
  /** The engine's message (`request`, `shipped`, `cancel`, …). */
  readonly message: string;
  readonly sequence: number;
  readonly resend: boolean;
  /** The action's or message's fields (notes, dates, costs). */
  readonly payload: Readonly<Record<string, unknown>>;
  /** When the message was first written: resends and retries carry this time, so receivers see a repeat. */
  readonly createdAt: Date;
  /** This delivery attempt, from 1. */
  readonly attempt: number;
}

/** What happened to one delivery attempt. */
export type DeliveryResult =
  /** The partner accepted the message (for ISO 18626: a confirmation with messageStatus OK). */
  | { readonly outcome: 'delivered'; readonly confirmation?: string }
  /** Try again later: the partner was unreachable, timed out or answered 5xx. */
  | { readonly outcome: 'retry'; readonly error: string }
  /** The partner refused the message; trying again will not help. Staff are shown why. */
  | { readonly outcome: 'refused'; readonly error: string; readonly confirmation?: string };

export interface MessageTransport {
  readonly protocol: Protocol;
  deliver(delivery: OutboxDelivery): Promise<DeliveryResult>;
}
