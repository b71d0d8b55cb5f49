/** Wiring of the request services over one database. */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { unitOfWork } from '../db/unit-of-work.ts';
import { IdempotencyRepository } from '../idempotency/idempotency.repository.ts';
import { RequestReadRepository } from './request-read.repository.ts';
import { RequestWorkflowService } from './request-workflow.service.ts';
import type { MenuConfigSource } from './request-workflow.service.ts';
import { RequestRepository } from './request.repository.ts';
import { RequestService } from './request.service.ts';

export interface RequestServices {
  /** The single write path of every status change. */
  readonly requestWorkflow: RequestWorkflowService;
  readonly requests: RequestService;
}

export function createRequestServices(
  db: Kysely<Database>,
  options: {
    clock: Clock;
    /** The libraries' action-menu configuration, read within each transaction it is given. */
    menuConfigs: (transaction: Kysely<Database>) => MenuConfigSource;
  },
): RequestServices {
  const requestWorkflow = new RequestWorkflowService(
    unitOfWork(db, (transaction) => ({
      requests: new RequestRepository(transaction),
      menuConfigs: options.menuConfigs(transaction),
    })),
    options.clock,
  );
  const requests = new RequestService(
    unitOfWork(db, (transaction) => ({
      requests: new RequestRepository(transaction),
      reads: new RequestReadRepository(transaction),
      idempotency: new IdempotencyRepository(transaction),
      menuConfigs: options.menuConfigs(transaction),
    })),
    requestWorkflow,
    options.clock,
  );
  return { requestWorkflow, requests };
}
