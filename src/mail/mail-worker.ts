/**
 * The mail worker: queues due-soon and overdue notices, turns queued notices into mail, and sends queued mail
 * through SMTP with retries and exponential backoff. Everything it works on is a row: several
 * processes may run it side by side (leases and SKIP LOCKED, never memory), a restart resumes where
 * the last one stopped, and an unreachable SMTP server delays mail but never loses it nor touches a
 * request. Without an SMTP server (neither the library's nor SMTP_URL), mail is held in the mail
 * outbox for staff to read.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import { systemClock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { unitOfWork } from '../db/unit-of-work.ts';
import type { UnitOfWork } from '../db/unit-of-work.ts';
import type { Logger } from '../logger.ts';
import { NoticeConfigRepository, DEFAULT_NOTICE_SETTINGS } from '../notices/notice-config.repository.ts';
import { NoticeRenderer } from '../notices/notice-renderer.ts';
import { NoticeRepository } from '../notices/notice.repository.ts';
import { MailRepository } from './mail.repository.ts';
import type { ClaimedMail } from './mail.repository.ts';
import { resolveSmtpServer, smtpFromEnvironment } from './smtp-config.ts';
import type { SmtpEnvironment, SmtpServer } from './smtp-config.ts';
import { DEFAULT_SMTP_TIMEOUTS, SmtpSender } from './smtp-sender.ts';
import type { MailSender, SmtpTimeouts } from './smtp-sender.ts';
import { SmtpSettingsRepository } from './smtp-settings.repository.ts';

/** When to try again, and when to give up. */
export interface RetryPolicy {
  /** Wait after the first failed attempt; doubled after each further one. */
  readonly baseDelayMs: number;
  /** The longest wait between two attempts. */
  readonly maxDelayMs: number;
  /** Attempts before a mail the server keeps refusing for now (4xx, no connection) fails. */
  readonly maxAttempts: number;
  /** Attempts before a mail the server refuses outright (5xx) fails. */
  readonly maxPermanentAttempts: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 60_000,
  maxDelayMs: 60 * 60_000,
  maxAttempts: 10,
  maxPermanentAttempts: 3,
};

export interface MailWorkerRepositories {
  readonly mails: MailRepository;
  readonly notices: NoticeRepository;
  readonly noticeConfig: NoticeConfigRepository;
  readonly smtpSettings: SmtpSettingsRepository;
}

export interface MailWorkerOptions {
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** The environment's SMTP server; read from SMTP_URL and SMTP_FROM when omitted. */
  readonly smtp?: SmtpEnvironment;
  /** How mail reaches SMTP servers; nodemailer with {@link timeouts} when omitted. */
  readonly sender?: MailSender;
  readonly timeouts?: SmtpTimeouts;
  readonly retry?: Partial<RetryPolicy>;
  /** How long a worker may hold a mail while sending it; longer than any SMTP exchange takes. */
  readonly leaseMs?: number;
  /** Pause between rounds when there is nothing to do. */
  readonly pollIntervalMs?: number;
  /** How often to look for loans due soon or overdue. */
  readonly dueSoonIntervalMs?: number;
}

/** What one round did. */
export interface MailRound {
  dueSoonQueued: number;
  overdueQueued: number;
  noticesRendered: number;
  sent: number;
  held: number;
  retried: number;
  failed: number;
}

type DeliveryOutcome = 'sent' | 'held' | 'retry' | 'failed' | 'lost' | 'none';

function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? 'interlend.invalid' : address.slice(at + 1);
}

export class MailWorker {
  private readonly clock: Clock;
  private readonly retry: RetryPolicy;
  private readonly leaseMs: number;
  private readonly pollIntervalMs: number;
  private readonly dueSoonIntervalMs: number;
  private readonly renderer: NoticeRenderer;
  private lastDueSoonScan: number | null = null;
  private loop: Promise<void> | null = null;
  private stopping = false;
  private wake: () => void = () => undefined;

  constructor(
    private readonly work: UnitOfWork<MailWorkerRepositories>,
    private readonly sender: MailSender,
    private readonly smtp: SmtpEnvironment,
    options: Omit<MailWorkerOptions, 'sender' | 'smtp' | 'timeouts'> = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.leaseMs = options.leaseMs ?? 5 * 60_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 2_000;
    this.dueSoonIntervalMs = options.dueSoonIntervalMs ?? 10 * 60_000;
    this.logger = options.logger;
    this.renderer = new NoticeRenderer(work, this.clock, options.logger);
  }

  private readonly logger: Logger | undefined;

  /**
   * Do everything due now: queue due-soon and overdue notices (at most every `dueSoonIntervalMs`),
   * render every waiting notice, send every due mail. Stops early when the worker is being stopped.
   */
  async runOnce(options: { limit?: number } = {}): Promise<MailRound> {
    const limit = options.limit ?? 1000;
    const round: MailRound = {
      dueSoonQueued: 0,
      overdueQueued: 0,
      noticesRendered: 0,
      sent: 0,
      held: 0,
      retried: 0,
      failed: 0,
    };
    const now = this.clock.now().getTime();
    if (this.lastDueSoonScan === null || now - this.lastDueSoonScan >= this.dueSoonIntervalMs) {
      round.dueSoonQueued = await this.queueDueSoon();
      round.overdueQueued = await this.queueOverdue();
      this.lastDueSoonScan = now;
    }
    // Failed mail queues staff notices, which are rendered and sent in the next passes.
    for (let pass = 0; pass < 3 && !this.stopping; pass++) {
      let progressed = false;
      while (!this.stopping && round.noticesRendered < limit) {
        if ((await this.renderer.renderNext()) === 'none') break;
        round.noticesRendered++;
        progressed = true;
      }
      let handled = 0;
      while (!this.stopping && handled < limit) {
        const outcome = await this.deliverNext();
        if (outcome === 'none') break;
        handled++;
        progressed = true;
        if (outcome === 'sent') round.sent++;
        else if (outcome === 'held') round.held++;
        else if (outcome === 'retry') round.retried++;
        else if (outcome === 'failed') round.failed++;
      }
      if (!progressed) break;
    }
    return round;
  }

  /** Queue a due-soon notice for each loan due within its library's notice period, once per loan. */
  async queueDueSoon(): Promise<number> {
    return this.work.run(({ notices }) =>
      notices.queueDueSoon(this.clock.now(), DEFAULT_NOTICE_SETTINGS.due_soon_days),
    );
  }

  /**
   * Queue an overdue notice for each received loan past its due date, once per loan and due date,
   * unless the lender's Overdue message or an earlier notice told the patron already.
   */
  async queueOverdue(): Promise<number> {
    return this.work.run(({ notices }) => notices.queueOverdue(this.clock.now()));
  }

  /** Send the next due mail, if any. */
  async deliverNext(): Promise<DeliveryOutcome> {
    const claimed = await this.work.run(({ mails }) => mails.claimDue(this.clock.now(), this.leaseMs));
    if (claimed === null) return 'none';
    const { server, sender } = await this.work.run(async ({ mails, smtpSettings }) => ({
      server: resolveSmtpServer(await smtpSettings.find(claimed.libraryId), this.smtp),
      sender: await mails.sender(claimed.libraryId),
    }));
    const fromName = sender?.name ?? null;
    const from = server?.from ?? sender?.email ?? null;

    if (server === null) {
      return this.record(claimed, { status: 'held', from, fromName }, 'held');
    }
    if (from === null) {
      return this.fail(
        claimed,
        'No sender address: give the SMTP settings a from address, or the library an ILL email address.',
        null,
        fromName,
      );
    }
    const outcome = await this.sender.send(server, this.outgoing(claimed, from, fromName));
    if (outcome.ok) {
      return this.record(
        claimed,
        {
          status: 'sent',
          smtpResponse: outcome.response,
          from,
          fromName,
          messageId: this.messageId(claimed, from),
        },
        'sent',
      );
    }
    const limit = outcome.permanent ? this.retry.maxPermanentAttempts : this.retry.maxAttempts;
    this.logger?.warn(
      { mailId: claimed.id, attempt: claimed.attempt, error: outcome.error, smtp: describe(server) },
      'the SMTP server did not take a mail',
    );
    if (claimed.attempt >= limit) return this.fail(claimed, outcome.error, from, fromName);
    const delay = Math.min(this.retry.baseDelayMs * 2 ** (claimed.attempt - 1), this.retry.maxDelayMs);
    return this.record(
      claimed,
      { status: 'retry', error: outcome.error, nextAttemptAt: new Date(this.clock.now().getTime() + delay) },
      'retry',
    );
  }

  private messageId(mail: ClaimedMail, from: string): string {
    return `<interlend.${mail.id}.${mail.createdAt.getTime()}@${domainOf(from)}>`;
  }

  private outgoing(mail: ClaimedMail, from: string, fromName: string | null) {
    return {
      from: { name: fromName, address: from },
      to: mail.to,
      replyTo: mail.replyTo,
      subject: mail.subject,
      text: mail.body,
      messageId: this.messageId(mail, from),
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Interlend-Mail': mail.id },
    };
  }

  private async record(
    mail: ClaimedMail,
    outcome: Parameters<MailRepository['recordOutcome']>[1],
    result: DeliveryOutcome,
  ): Promise<DeliveryOutcome> {
    const recorded = await this.work.run(({ mails }) => mails.recordOutcome(mail, outcome, this.clock.now()));
    if (!recorded) {
      this.logger?.warn(
        { mailId: mail.id },
        'a mail was taken over by another worker while this one held it',
      );
      return 'lost';
    }
    return result;
  }

  /** Record the failure and tell staff, unless the mail was itself telling staff of a failure. */
  private async fail(
    mail: ClaimedMail,
    error: string,
    from: string | null,
    fromName: string | null,
  ): Promise<DeliveryOutcome> {
    const now = this.clock.now();
    const recorded = await this.work.run(async ({ mails, notices }) => {
      if (!(await mails.recordOutcome(mail, { status: 'failed', error, from, fromName }, now))) return false;
      const noticeName = mail.noticeId === null ? undefined : await mails.noticeNameOf(mail.noticeId);
      if (noticeName === 'delivery-failed') return true;
      await notices.insert({
        libraryId: mail.libraryId,
        requestId: mail.requestId,
        audience: 'staff',
        notice: 'delivery-failed',
        data: {
          mailId: mail.id,
          failure: {
            what:
              mail.kind === 'partner'
                ? `the ${mail.message ?? ''} message to the partner`
                : `the ${noticeName ?? ''} notice`,
            recipient: mail.to,
            subject: mail.subject,
            error,
            advice: 'Check the address and the mail settings, then send it again from the mail outbox.',
          },
        },
        at: now,
      });
      return true;
    });
    if (!recorded) return 'lost';
    this.logger?.error({ mailId: mail.id, to: mail.to, error }, 'gave up sending a mail');
    return 'failed';
  }

  /**
   * The worker as a job of the CLI's `WorkerRunner` (`src/workers/worker-runner.ts`): one round per
   * run, reporting how much it did so that a busy queue is worked through without pausing.
   */
  job(): { readonly name: string; run(): Promise<number> } {
    return {
      name: 'mail',
      run: async () => {
        const round = await this.runOnce();
        return (
          round.dueSoonQueued +
          round.overdueQueued +
          round.noticesRendered +
          round.sent +
          round.held +
          round.retried +
          round.failed
        );
      },
    };
  }

  /** Run rounds until {@link stop}, pausing `pollIntervalMs` when there is nothing to do. */
  start(): void {
    if (this.loop !== null) return;
    this.stopping = false;
    this.loop = this.runLoop();
  }

  private async runLoop(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.runOnce();
      } catch (error) {
        this.logger?.error({ err: error }, 'the mail worker failed a round; trying again shortly');
      }
      if (this.stopping) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.pollIntervalMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Stop after the mail being sent, if any, is recorded; then close the SMTP connections. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.loop;
    this.loop = null;
    await this.sender.close();
  }
}

function describe(server: SmtpServer): string {
  return `${server.host}:${server.port} (${server.source})`;
}

/** The repositories of the mail worker over one database or transaction. */
export function mailWorkerRepositories(db: Kysely<Database>): MailWorkerRepositories {
  return {
    mails: new MailRepository(db),
    notices: new NoticeRepository(db),
    noticeConfig: new NoticeConfigRepository(db),
    smtpSettings: new SmtpSettingsRepository(db),
  };
}

/**
 * A mail worker over `db`, for the CLI to start next to the other workers:
 * `const worker = createMailWorker(db, { logger }); worker.start(); … await worker.stop();`
 *
 * @throws ConfigError when SMTP_URL or SMTP_FROM is invalid (and `smtp` is not given)
 */
export function createMailWorker(db: Kysely<Database>, options: MailWorkerOptions = {}): MailWorker {
  const sender = options.sender ?? new SmtpSender(options.timeouts ?? DEFAULT_SMTP_TIMEOUTS);
  return new MailWorker(
    unitOfWork(db, mailWorkerRepositories),
    sender,
    options.smtp ?? smtpFromEnvironment(),
    options,
  );
}
