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
export type { OpacLibrary } from '../../../src/opac/opac.service.ts';
export type { BibliographicField, RequestType, ServiceWanted } from '../../../src/requests/request-fields.ts';
export type { RequestStatus, RequesterState } from '../../../src/workflow/vocabulary.ts';
