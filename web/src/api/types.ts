/**
 * The API's types, taken from the server's own TypeBox schemas (type-only imports: nothing of the
 * server is bundled), so that the client and the server cannot drift apart silently.
 */
export type { MeResponse, PatronSummary, StaffUserSummary } from '../../../src/auth/auth.schemas.ts';
export type {
  RequestDetailView,
  PatronRequestSummary,
  CreateRequestBody,
  ActionBody,
  EditRequestBody,
  PatronCreateRequestBody,
  AnonymousRequestBody,
} from '../../../src/requests/request.schemas.ts';
export type {
  RequestListItem,
  RequestListQuery,
  RequestListResponse,
  CountView,
  SortKey,
} from '../../../src/requests/request-search.schemas.ts';
export type { QueuesResponse, QueueView, SavedQueueView } from '../../../src/queues/queue.schemas.ts';
export type { PartnerBody, PartnerList } from '../../../src/library-config/partner.schemas.ts';
export type { LibrarySettings, PickupBranch } from '../../../src/library-config/library-settings.schemas.ts';
export type { CustomStatus } from '../../../src/library-config/workflow-config.schemas.ts';
export type { PatronPage, PatronView } from '../../../src/people/people.schemas.ts';
export type { NoticeView } from '../../../src/notices/notice.schemas.ts';
export type { MailView, Outbox } from '../../../src/mail/mail.schemas.ts';
export type { MessageLog, MessageLogEntry } from '../../../src/protocol/message-log.schemas.ts';
export type { OpacLibrary } from '../../../src/opac/opac.service.ts';
export type { BibliographicField, RequestType, ServiceWanted } from '../../../src/requests/request-fields.ts';
export type { RequestStatus, RequesterState } from '../../../src/workflow/vocabulary.ts';
