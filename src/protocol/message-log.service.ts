/**
 * Staff's view of a request's outgoing messages: what was delivered, what is pending, held or failed, and
 * why; and what staff do about a message that failed: send it again, or set it aside.
 */
import type { Clock } from '../clock.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { OutboxRepository } from '../workers/outbox.repository.ts';

export interface MessageView {
  id: string;
  message: string;
  sequence: number;
  resend: boolean;
  protocol: string;
  status: 'pending' | 'sent' | 'failed' | 'dead';
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  rotaPosition: number;
  partner: string;
  heldBy: string | null;
  setAside: { at: string; by: string } | null;
}

/** Who may see a request's messages: staff of its library. */
export interface RequestScope {
  libraryOf(requestId: string): Promise<string | undefined>;
}

export class MessageLogService {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly scope: RequestScope,
    private readonly clock: Clock,
  ) {}

  private async check(libraryId: string, requestId: string): Promise<void> {
    if ((await this.scope.libraryOf(requestId)) !== libraryId) throw new NotFoundError('No such request.');
  }

  async list(libraryId: string, requestId: string): Promise<MessageView[]> {
    await this.check(libraryId, requestId);
    const rows = await this.outbox.forRequest(requestId);
    return rows.map((row) => ({
      id: String(row.id),
      message: row.message,
      sequence: row.sequence,
      resend: row.resend,
      protocol: row.protocol,
      status: row.status,
      attempts: row.attempts,
      nextAttemptAt:
        row.status === 'sent' || row.status === 'dead' ? null : row.next_attempt_at.toISOString(),
      lastError: row.last_error,
      createdAt: row.created_at.toISOString(),
      sentAt: row.sent_at?.toISOString() ?? null,
      rotaPosition: row.rota_position,
      partner: row.partner_symbol,
      heldBy: row.held_by === null ? null : String(row.held_by),
      setAside:
        row.set_aside_at === null
          ? null
          : { at: row.set_aside_at.toISOString(), by: row.set_aside_by ?? 'staff' },
    }));
  }

  /**
   * Put a failed or given-up message back in line for delivery now, ahead of the later messages of its
   * transaction that it holds.
   */
  async retry(libraryId: string, requestId: string, messageId: string): Promise<MessageView[]> {
    await this.check(libraryId, requestId);
    switch (await this.outbox.retryNow(messageId, requestId, this.clock.now())) {
      case 'queued':
        break;
      case 'missing':
      case 'not-failed':
        throw new NotFoundError('No failed message with this id on the request.');
      case 'set-aside':
        throw new ConflictError('This message was set aside; it is not sent again.');
      case 'overtaken':
        throw new ConflictError(
          'A later message of this transaction has already been delivered: sent now, this one would reach the partner out of order.',
        );
    }
    return this.list(libraryId, requestId);
  }

  /**
   * Set a failed or given-up message aside, once staff have settled it some other way: it is never sent,
   * and the later messages of its transaction that it held go out.
   */
  async setAside(
    libraryId: string,
    requestId: string,
    messageId: string,
    by: string,
  ): Promise<MessageView[]> {
    await this.check(libraryId, requestId);
    switch (await this.outbox.setAside(messageId, requestId, by, this.clock.now())) {
      case 'set-aside':
        break;
      case 'missing':
        throw new NotFoundError('No message with this id on the request.');
      case 'not-failed':
        throw new ConflictError(
          'Only a message that failed or was given up, and is not set aside already, can be set aside.',
        );
    }
    return this.list(libraryId, requestId);
  }
}
