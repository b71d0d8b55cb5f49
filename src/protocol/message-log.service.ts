/** Staff's view of a request's outgoing messages: what was delivered, what is pending or failed, and why. */
import type { Clock } from '../clock.ts';
import { NotFoundError } from '../errors.ts';
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
    }));
  }

  /** Put a failed or given-up message back in line for delivery now. */
  async retry(libraryId: string, requestId: string, messageId: string): Promise<MessageView[]> {
    await this.check(libraryId, requestId);
    if (!(await this.outbox.retryNow(messageId, requestId, this.clock.now()))) {
      throw new NotFoundError('No failed message with this id on the request.');
    }
    return this.list(libraryId, requestId);
  }
}
