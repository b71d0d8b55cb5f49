/** The background workers of Interlend, wired over one database. */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { unitOfWork } from '../db/unit-of-work.ts';
import { actionMenuConfigs } from '../library-config/library-config.service.ts';
import type { Logger } from '../logger.ts';
import { NoticeRepository } from '../notices/notice.repository.ts';
import { Iso18626Transport } from '../protocol/iso18626-transport.ts';
import { ProtocolRepository } from '../protocol/protocol.repository.ts';
import type { RequestWorkflowService } from '../requests/request-workflow.service.ts';
import { RequestRepository } from '../requests/request.repository.ts';
import { OutboxRepository } from './outbox.repository.ts';
import type { MessageTransport } from './outbox-transport.ts';
import { OutboxWorker } from './outbox-worker.ts';
import type { OutboxWorkerOptions } from './outbox-worker.ts';
import { TimerRepository } from './timer.repository.ts';
import { TimerWorker } from './timer-worker.ts';
import { OUTBOX_CHANNEL } from './worker-runner.ts';
import type { WorkerJob } from './worker-runner.ts';

export interface Workers {
  readonly timers: TimerWorker;
  readonly outbox: OutboxWorker;
  /** The jobs for a `WorkerRunner`. */
  readonly jobs: readonly WorkerJob[];
}

export function createWorkers(
  db: Kysely<Database>,
  options: {
    clock: Clock;
    requestWorkflow: RequestWorkflowService;
    logger?: Logger;
    /** Transports besides ISO 18626 (email). */
    transports?: readonly MessageTransport[];
    outbox?: OutboxWorkerOptions;
    fetch?: typeof fetch;
  },
): Workers {
  const timers = new TimerWorker(
    unitOfWork(db, (transaction) => ({
      requests: new RequestRepository(transaction),
      menuConfigs: actionMenuConfigs(transaction),
      timers: new TimerRepository(transaction),
    })),
    options.requestWorkflow,
    options.clock,
    options.logger,
  );
  const outbox = new OutboxWorker(
    unitOfWork(db, (transaction) => ({
      outbox: new OutboxRepository(transaction),
      notices: new NoticeRepository(transaction),
    })),
    [
      new Iso18626Transport(
        new ProtocolRepository(db),
        options.fetch !== undefined ? { fetch: options.fetch } : {},
      ),
      ...(options.transports ?? []),
    ],
    options.clock,
    options.outbox ?? {},
    options.logger,
  );
  return {
    timers,
    outbox,
    jobs: [
      { name: 'timers', run: () => timers.runDue() },
      { name: 'outbox', run: () => outbox.runDue(), channel: OUTBOX_CHANNEL },
    ],
  };
}
