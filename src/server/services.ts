import type { Kysely } from 'kysely';
import { ApiTokenRepository } from '../auth/api-token.repository.ts';
import { ApiTokenService } from '../auth/api-token.service.ts';
import { AuthService } from '../auth/auth.service.ts';
import { RateLimitRepository } from '../auth/rate-limit.repository.ts';
import { RateLimiter } from '../auth/rate-limiter.ts';
import { SessionRepository } from '../auth/session.repository.ts';
import { PatronRepository } from '../people/patron.repository.ts';
import { PatronService } from '../people/patron.service.ts';
import { StaffUserRepository } from '../people/staff-user.repository.ts';
import { StaffUserService } from '../people/staff-user.service.ts';
import type { Database } from '../db/schema.ts';
import { unitOfWork } from '../db/unit-of-work.ts';
import { HealthRepository } from '../health/health.repository.ts';
import { HealthService } from '../health/health.service.ts';
import { LibraryConfigService, actionMenuConfigs } from '../library-config/library-config.service.ts';
import { LibrarySettingsService } from '../library-config/library-settings.service.ts';
import { PartnerService } from '../library-config/partner.service.ts';
import { libraryConfigRepositories } from '../library-config/repositories.ts';
import { WorkflowService } from '../workflow/workflow.service.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import { systemClock } from '../clock.ts';
import { OpacRepository } from '../opac/opac.repository.ts';
import { OpacService } from '../opac/opac.service.ts';
import { BackendRepository } from '../backends/backend.repository.ts';
import { BackendService } from '../backends/backend.service.ts';
import { createRequestServices } from '../requests/request-services.ts';
import { InboundService } from '../protocol/inbound.service.ts';
import { MessageLogService } from '../protocol/message-log.service.ts';
import { ProtocolRepository } from '../protocol/protocol.repository.ts';
import { IdempotencyRepository } from '../idempotency/idempotency.repository.ts';
import { RequestReadRepository } from '../requests/request-read.repository.ts';
import { RequestRepository } from '../requests/request.repository.ts';
import { OutboxRepository } from '../workers/outbox.repository.ts';
import type { RequestWorkflowService } from '../requests/request-workflow.service.ts';
import type { RequestService } from '../requests/request.service.ts';
import { RequestSearchRepository } from '../requests/request-search.repository.ts';
import { RequestSearchService } from '../requests/request-search.service.ts';
import { QueueService } from '../queues/queue.service.ts';
import { SavedQueueRepository } from '../queues/saved-queue.repository.ts';
import { createMailServices } from '../mail/mail-services.ts';
import type { MailServices } from '../mail/mail-services.ts';
import { smtpFromEnvironment } from '../mail/smtp-config.ts';
import type { SmtpEnvironment } from '../mail/smtp-config.ts';
import { ChangeFeed } from '../events/change-feed.ts';

/**
 * The services that routes delegate to. Each service receives only the repositories it uses;
 * routes never see a repository or the database.
 */
export interface Services {
  health: HealthService;
  workflow: WorkflowService;
  /** Logins, sessions and the principal of every request (auth plugin). */
  auth: AuthService;
  apiTokens: ApiTokenService;
  staffUsers: StaffUserService;
  patrons: PatronService;
  /** DB-backed rate limiting, e.g. for anonymous OPAC requests (`src/auth/rate-limiter.ts`). */
  rateLimiter: RateLimiter;
  /** The caller's library's settings and pickup branches. */
  librarySettings: LibrarySettingsService;
  /** The partner directory, and importing it from a Koha export. */
  partners: PartnerService;
  /** Custom statuses, local actions, action visibility and order; `loadActionMenuConfig`. */
  libraryConfig: LibraryConfigService;
  /** The single write path of every status change. */
  requestWorkflow: RequestWorkflowService;
  /** Creating, reading, editing and acting on requests. */
  requests: RequestService;
  /** The OPAC's library settings and requests without login. */
  opac: OpacService;
  /** The backends (supply channels) each library has enabled. */
  backends: BackendService;
  /** The request list: filters, keyword search, sorting, keyset paging. */
  requestSearch: RequestSearchService;
  /** Work queues with counts, and saved queues. */
  queues: QueueService;
  /** POST /iso18626: every ISO 18626 message to this deployment's libraries. */
  inbound: InboundService;
  /** A request's outgoing messages and their delivery, for staff. */
  messageLog: MessageLogService;
  /** Notice and partner-email templates, previews, notice settings and trigger switches. */
  noticeTemplates: MailServices['noticeTemplates'];
  /** The notice log, and what was emailed about a request. */
  noticeLog: MailServices['noticeLog'];
  /** SMTP settings, the mail outbox, sending mail again. */
  mail: MailServices['mail'];
  /** Requests partners sent by email, recorded as lending requests. */
  incomingRequests: MailServices['incomingRequests'];
  /** Live changes to requests, for open screens (`GET /api/events`); closed with the app. */
  changes: ChangeFeed;
}

/** Options of {@link createServices}. */
export interface ServiceOptions {
  /** The clock of every service and worker; tests pass a manual one. */
  clock?: Clock;
  logger?: Logger;
  /** The environment's SMTP server (shown in the SMTP settings); read from SMTP_URL when omitted. */
  smtp?: SmtpEnvironment;
  /**
   * The database's connection string, for the live change feed's own LISTEN connection. Without
   * it, `GET /api/events` answers 503.
   */
  connectionString?: string;
}

/** Wires repositories into services over one database. */
export function createServices(db: Kysely<Database>, options: ServiceOptions = {}): Services {
  const clock = options.clock ?? systemClock;
  const configRepositories = libraryConfigRepositories(db);
  const configTransactions = unitOfWork(db, libraryConfigRepositories);
  const libraryConfig = new LibraryConfigService(configRepositories, configTransactions);
  const { requestWorkflow, requests } = createRequestServices(db, {
    clock,
    menuConfigs: actionMenuConfigs,
  });
  const rateLimiter = new RateLimiter(new RateLimitRepository(db));
  const staffUserRepositories = (on: Kysely<Database>) => ({
    staffUsers: new StaffUserRepository(on),
    sessions: new SessionRepository(on),
  });
  const savedQueues = new SavedQueueRepository(db);
  const requestSearch = new RequestSearchService(
    { search: new RequestSearchRepository(db), savedQueues },
    clock,
  );
  const patronRepositories = (on: Kysely<Database>) => ({
    patrons: new PatronRepository(on),
    sessions: new SessionRepository(on),
  });
  return {
    health: new HealthService(new HealthRepository(db)),
    workflow: new WorkflowService(),
    auth: new AuthService(
      {
        sessions: new SessionRepository(db),
        apiTokens: new ApiTokenRepository(db),
        staffUsers: new StaffUserRepository(db),
        patrons: new PatronRepository(db),
      },
      rateLimiter,
    ),
    apiTokens: new ApiTokenService(new ApiTokenRepository(db)),
    staffUsers: new StaffUserService(staffUserRepositories(db), unitOfWork(db, staffUserRepositories)),
    patrons: new PatronService(patronRepositories(db), unitOfWork(db, patronRepositories)),
    rateLimiter,
    librarySettings: new LibrarySettingsService(configRepositories, configTransactions),
    partners: new PartnerService(configRepositories, configTransactions),
    libraryConfig,
    requestWorkflow,
    requests,
    opac: new OpacService(new OpacRepository(db), requests, rateLimiter),
    backends: new BackendService(new BackendRepository(db)),
    requestSearch,
    queues: new QueueService(savedQueues, requestSearch),
    inbound: new InboundService(
      unitOfWork(db, (transaction) => ({
        requests: new RequestRepository(transaction),
        reads: new RequestReadRepository(transaction),
        idempotency: new IdempotencyRepository(transaction),
        menuConfigs: actionMenuConfigs(transaction),
        protocol: new ProtocolRepository(transaction),
      })),
      requestWorkflow,
      requests,
      clock,
      options.logger,
    ),
    messageLog: new MessageLogService(new OutboxRepository(db), new ProtocolRepository(db), clock),
    ...createMailServices(db, { clock, smtp: options.smtp ?? smtpFromEnvironment(), requests }),
    changes: new ChangeFeed({
      ...(options.connectionString === undefined ? {} : { connectionString: options.connectionString }),
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    }),
  };
}
