/**
 * Delivers the outbox: every message a state change wrote, in order per transaction, through the
 * transport of its partner's protocol, with retries and backoff. Several processes share the work
 * through row locks in PostgreSQL: each message is delivered inside the database transaction that
 * claimed it, so a process that dies mid-delivery releases it at once. A message a partner refuses, or
 * one that keeps failing, is marked dead, the request is flagged for staff with the reason, and staff
 * get the delivery-failed notice.
 *
 * Order: a partner never receives a transaction's messages out of order. A message goes out only once
 * every earlier message of its transaction is sent; one that is pending or failing holds the later ones
 * until it is delivered, and so does one given up (dead): the later messages are held, and the flag
 * says so, until staff send it again from the message log (it then goes first) or set it aside
 * (settled some other way: it is never sent, and the held messages follow). A dead message that a
 * later one has overtaken cannot be sent again, for the same reason.
 */
import type { Clock } from '../clock.ts';
import type { UnitOfWork } from '../db/unit-of-work.ts';
import type { Logger } from '../logger.ts';
import type { Protocol } from '../workflow/vocabulary.ts';
import type { NoticeRepository } from '../notices/notice.repository.ts';
import type { OutboxRepository } from './outbox.repository.ts';
import type { DeliveryResult, MessageTransport, OutboxDelivery } from './outbox-transport.ts';

export interface OutboxWorkerOptions {
  /** Attempts before a message that keeps failing is given up (dead). */
  readonly maxAttempts?: number;
  /** The first retry's delay; each next one doubles, up to `maxBackoffMs`. */
  readonly baseBackoffMs?: number;
  readonly maxBackoffMs?: number;
}

const PROTOCOL_NAMES: Readonly<Record<Protocol, string>> = {
  iso18626: 'ISO 18626',
  email: 'Email',
  manual: 'Manual',
};

/** The delay before attempt `attempt + 1`: exponential, capped. */
export function backoffMs(attempt: number, base: number, max: number): number {
  return Math.min(max, base * 2 ** Math.max(0, attempt - 1));
}

export class OutboxWorker {
  private readonly transports: ReadonlyMap<Protocol, MessageTransport>;

  constructor(
    private readonly work: UnitOfWork<{
      readonly outbox: OutboxRepository;
      readonly notices: Pick<NoticeRepository, 'insert'>;
    }>,
    transports: readonly MessageTransport[],
    private readonly clock: Clock,
    private readonly options: OutboxWorkerOptions = {},
    private readonly logger?: Logger,
  ) {
    this.transports = new Map(transports.map((transport) => [transport.protocol, transport]));
  }

  /** The protocols this worker delivers. */
  get protocols(): Protocol[] {
    return [...this.transports.keys()];
  }

  /** Deliver what is due now, at most `limit` messages. Returns how many were attempted. */
  async runDue(limit = 100): Promise<number> {
    let attempted = 0;
    while (attempted < limit) {
      const delivered = await this.work.run(async ({ outbox, notices }) => {
        const delivery = await outbox.claim(this.clock.now(), this.protocols);
        if (delivery === null) return false;
        await this.deliverOne(outbox, notices, delivery);
        return true;
      });
      if (!delivered) break;
      attempted++;
    }
    return attempted;
  }

  private async deliverOne(
    outbox: OutboxRepository,
    notices: Pick<NoticeRepository, 'insert'>,
    delivery: OutboxDelivery,
  ): Promise<void> {
    const transport = this.transports.get(delivery.protocol);
    let result: DeliveryResult;
    try {
      result =
        transport === undefined
          ? { outcome: 'refused', error: `No transport for ${delivery.protocol}` }
          : await transport.deliver(delivery);
    } catch (error) {
      result = { outcome: 'retry', error: `Delivery failed: ${(error as Error).message}` };
    }
    const now = this.clock.now();
    if (result.outcome === 'delivered') {
      await outbox.markSent(delivery.id, now, result.confirmation ?? null);
      await outbox.touchTransaction(delivery.transactionId, now);
      return;
    }
    const maxAttempts = this.options.maxAttempts ?? 12;
    if (result.outcome === 'retry' && delivery.attempt < maxAttempts) {
      const delay = backoffMs(
        delivery.attempt,
        this.options.baseBackoffMs ?? 5_000,
        this.options.maxBackoffMs ?? 3_600_000,
      );
      await outbox.markRetry(delivery.id, new Date(now.getTime() + delay), result.error);
      return;
    }
    this.logger?.warn(
      { outbox: delivery.id, outcome: result.outcome, error: result.error },
      'an outgoing message was given up',
    );
    await outbox.markDead(
      delivery.id,
      result.error,
      result.outcome === 'refused' ? (result.confirmation ?? null) : null,
    );
    const parties = await outbox.deliveryParties(delivery.requestId, delivery.partnerId);
    const partner =
      parties === undefined
        ? delivery.partnerId
        : parties.partnerSymbol === null
          ? parties.partnerName
          : `${parties.partnerName} (${parties.partnerSymbol})`;
    await outbox.markAttention(
      delivery.requestId,
      delivery.transactionId,
      result.outcome === 'refused'
        ? { code: 'message_refused', params: { partner, message: delivery.message, error: result.error } }
        : {
            code: 'message_undeliverable',
            params: { partner, message: delivery.message, attempts: delivery.attempt, error: result.error },
          },
      now,
    );

    // Staff hear of it by email too (when the library has the delivery-failed notice on).
    if (parties === undefined) return;
    await notices.insert({
      libraryId: parties.libraryId,
      requestId: delivery.requestId,
      audience: 'staff',
      notice: 'delivery-failed',
      data: {
        failure: {
          what: `the ${delivery.message} message`,
          recipient: partner,
          subject: `${PROTOCOL_NAMES[delivery.protocol]} ${delivery.message} message, attempt ${delivery.attempt}`,
          error: result.error,
          advice:
            result.outcome === 'refused'
              ? 'The partner refused it. Check the request with the partner, then send the message again from the request’s message log, or settle it another way and set it aside there. Later messages of the transaction wait until then.'
              : 'Check the partner’s address and credentials in the partner directory, then send the message again from the request’s message log. Later messages of the transaction wait until then.',
        },
      },
      at: now,
      // One notice per giving-up: a message sent again by staff that fails again is news again.
      dedupeKey: `delivery-failed:outbox:${delivery.id}:${delivery.attempt}`,
    });
  }
}
