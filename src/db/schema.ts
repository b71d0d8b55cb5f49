import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Kysely's view of the database: one interface per table, named after the table, matching what the
 * migrations in `./migrations/` create. Change both together.
 */
export interface Database {
  library: LibraryTable;
  pickup_branch: PickupBranchTable;
  partner: PartnerTable;
  staff_user: StaffUserTable;
  staff_permission: StaffPermissionTable;
  api_token: ApiTokenTable;
  patron: PatronTable;
  session: SessionTable;
  request: RequestTable;
  rota_entry: RotaEntryTable;
  transaction: TransactionTable;
  history: HistoryTable;
  note: NoteTable;
  outbox_message: OutboxMessageTable;
  timer: TimerTable;
  notice: NoticeTable;
  idempotency_key: IdempotencyKeyTable;
  custom_status: CustomStatusTable;
  local_action: LocalActionTable;
  action_visibility: ActionVisibilityTable;
  action_order: ActionOrderTable;
  saved_queue: SavedQueueTable;
  inbound_message: InboundMessageTable;
  rate_limit_bucket: RateLimitBucketTable;
  mail: MailTable;
  notice_template: NoticeTemplateTable;
  library_notice_settings: LibraryNoticeSettingsTable;
  library_notice_trigger: LibraryNoticeTriggerTable;
  library_smtp: LibrarySmtpTable;
}

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
/** A PostgreSQL `date`, read as `YYYY-MM-DD` (see `database.ts`). */
type DateColumn = string;
/** A PostgreSQL `numeric`, read as a decimal string to keep its precision. */
type NumericColumn = ColumnType<string, string | number, string | number>;
/** A PostgreSQL `bigserial` / `bigint`, read as a string. */
type BigIntColumn = ColumnType<string, string | number | undefined, never>;
type Json = ColumnType<unknown, string, string>;

/** A library taking part in interlibrary loan: a borrower, a supplier, or both. */
export interface LibraryTable {
  id: Generated<string>;
  /** ISIL-style symbol identifying the library to its partners, e.g. `ILN-NORTH`. Unique. */
  symbol: string;
  name: string;
  /** Address for ILL correspondence; null when the library is reached only by ISO 18626. */
  email: string | null;
  created_at: CreatedAt;
  address: string | null;
  timezone: Generated<string>;
  /** Koha's ILLModule: the ILL module is on for this library. */
  ill_module_enabled: Generated<boolean>;
  /** Koha's ILLModuleCopyrightClearance: the declaration patrons accept; null for none. */
  copyright_clearance: string | null;
  /** Whether the OPAC takes requests from patrons who are not logged in (rate limited). */
  unauthenticated_requests: Generated<boolean>;
  /** Send a request on along its rota automatically when a supplier does not supply. */
  auto_advance: Generated<boolean>;
  default_days_to_respond: Generated<number>;
  enabled_backends: Generated<string[]>;
}

export interface PickupBranchTable {
  id: Generated<string>;
  library_id: string;
  code: string;
  name: string;
}

/** An entry of a library's partner directory. */
export interface PartnerTable {
  id: Generated<string>;
  library_id: string;
  symbol: string;
  name: string;
  protocol: 'iso18626' | 'email' | 'manual';
  endpoint_url: string | null;
  email: string | null;
  /** What Interlend sends to authenticate itself to this partner. */
  outbound_credential: string | null;
  /** Hash of what this partner sends to authenticate itself to Interlend. */
  inbound_credential_hash: string | null;
  days_to_respond: Generated<number>;
  undo_allowed: Generated<boolean>;
  active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface StaffUserTable {
  id: Generated<string>;
  library_id: string;
  username: string;
  name: string;
  email: string | null;
  password_hash: string;
  active: Generated<boolean>;
  created_at: CreatedAt;
  last_login_at: Date | null;
}

export interface StaffPermissionTable {
  staff_user_id: string;
  permission: string;
}

export interface ApiTokenTable {
  id: Generated<string>;
  library_id: string;
  name: string;
  token_hash: string;
  permissions: string[];
  created_by: string | null;
  created_at: CreatedAt;
  last_used_at: Date | null;
  expires_at: Date | null;
  revoked_at: Date | null;
}

export interface PatronTable {
  id: Generated<string>;
  library_id: string;
  card_number: string;
  name: string;
  email: string | null;
  category: Generated<string>;
  /** Hash of the patron's PIN or password. */
  secret_hash: string;
  /** The patron wants notices by email. */
  email_notices: Generated<boolean>;
  preferred_language: Generated<string>;
  active: Generated<boolean>;
  created_at: CreatedAt;
}

export interface SessionTable {
  /** Hash of the session token; the token itself lives only in the client's cookie. */
  id_hash: string;
  kind: 'staff' | 'patron';
  library_id: string;
  staff_user_id: string | null;
  patron_id: string | null;
  csrf_token: string;
  created_at: CreatedAt;
  expires_at: Date;
  last_seen_at: UpdatedAt;
}

/** A request of a borrowing library (with its rota) or of a lending library (one incoming transaction). */
export interface RequestTable {
  id: Generated<string>;
  number: BigIntColumn;
  library_id: string;
  role: 'borrowing' | 'lending';
  backend: 'iso18626' | 'email' | 'manual';
  /** The version of the backend's contract the request was made under (`src/backends`). */
  backend_version: Generated<number>;
  /** The request-level status of a borrowing request; null for lending requests. */
  status: string | null;
  custom_status: string | null;
  type: 'book' | 'article' | 'journal' | 'chapter' | 'thesis' | 'other';
  title: string;
  author: string | null;
  article_title: string | null;
  part: string | null;
  volume: string | null;
  issue: string | null;
  pages: string | null;
  year: string | null;
  edition: string | null;
  publisher: string | null;
  place: string | null;
  isbn: string | null;
  issn: string | null;
  doi: string | null;
  oclc_number: string | null;
  other_identifiers: string | null;
  service_type: 'loan' | 'copy' | 'either';
  need_before: DateColumn | null;
  max_cost_amount: NumericColumn | null;
  max_cost_currency: string | null;
  can_hold: Generated<'yes' | 'no' | 'policy'>;
  pickup_branch_id: string | null;
  patron_id: string | null;
  patron_notes: string | null;
  custom_fields: ColumnType<Record<string, string>, string | undefined, string>;
  copyright_accepted: Generated<boolean>;
  copyright_text: string | null;
  auto_advance: Generated<boolean>;
  /** Lending requests: the borrowing library, as an entry of this library's partner directory. */
  partner_id: string | null;
  /** Lending requests: the borrowing library's own id for the request. */
  partner_request_id: string | null;
  /**
   * Why the request needs staff attention (e.g. a partner message that could not be applied): an
   * AttentionReason (`src/workflow/attention.ts`), read with `readAttention`.
   */
  attention: Json | null;
  /** An OPAC request made without logging in: who made it. */
  requester_name: string | null;
  requester_email: string | null;
  /** Staff placed the request with several email partners at once (Koha "Place request with partners"). */
  placed_with_partners: Generated<boolean>;
  completed_at: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  /** Incremented by every change; clients send it back to detect a concurrent change. */
  version: Generated<number>;
  search: ColumnType<string, never, never>;
  /**
   * Copied from the request's current transaction for lists and work queues: the one at the highest
   * rota position, preferring one that supplied the item, then a live one (several partners at once).
   * Null while a borrowing request has no transaction. Written only by the workflow's update of the
   * request (RequestRepository.updateRequestState, in SQL) and by deferred triggers (0005, 0014) for
   * any other change to a transaction.
   */
  current_position: ColumnType<number | null, never, number | null>;
  current_state: ColumnType<string | null, never, string | null>;
  current_partner_id: ColumnType<string | null, never, string | null>;
  current_due_date: ColumnType<DateColumn | null, never, DateColumn | null>;
  current_return_recorded: ColumnType<boolean, never, boolean>;
  /**
   * Lending: the lender answered Will Supply or Hold Placed, or its conditions were accepted (set by the
   * workflow's update of the request, and by a deferred trigger on history).
   */
  lender_answered: ColumnType<boolean, never, boolean>;
}

export interface RotaEntryTable {
  request_id: string;
  position: number;
  partner_id: string;
  added_at: CreatedAt;
}

/** One party's side of one transaction: a borrowing request's rota entry, or a lending request's. */
export interface TransactionTable {
  id: Generated<string>;
  request_id: string;
  rota_position: number;
  role: 'requester' | 'responder';
  partner_id: string;
  state: string;
  requested_service_types: string[];
  current_service_type: string;
  shipped_service_type: string | null;
  can_hold: string;
  due_date: DateColumn | null;
  shipment_recorded: Generated<boolean>;
  receipt_recorded: Generated<boolean>;
  return_recorded: Generated<boolean>;
  recalled: Generated<boolean>;
  overdue_notices: Generated<number>;
  conditions: string | null;
  reply_by: DateColumn | null;
  cost_amount: NumericColumn | null;
  cost_currency: string | null;
  last_sent: Json | null;
  sent_count: Generated<number>;
  /** The reference this library uses for the transaction in ISO 18626 messages. */
  local_reference: string | null;
  /** How the supplier offered its conditions, so that the answer follows the same convention. */
  conditions_convention: 'retry-possible' | 'loan-condition' | null;
  completed_at: Date | null;
  /** The partner's own id for this transaction (their request id). */
  partner_reference: string | null;
  last_message_at: Date | null;
  /** Why this transaction needs staff attention: an AttentionReason, as on the request. */
  attention: Json | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** An append-only record of every change: who, when, what, from which state to which. */
export interface HistoryTable {
  id: Generated<string>;
  request_id: string;
  rota_position: number | null;
  at: CreatedAt;
  actor_kind: 'staff' | 'patron' | 'partner' | 'system' | 'timer' | 'api';
  actor_id: string | null;
  actor_name: string;
  machine: string;
  edge_id: string;
  event_kind: string;
  event_name: string;
  from_state: string;
  to_state: string;
  note: string | null;
  data: Json;
  /** The partner message this step took in (its type, e.g. `shipped`), if it was one. */
  message_received: ColumnType<string | null, string | null | undefined, never>;
  /** The partner message this step sent out, if any. */
  message_sent: ColumnType<string | null, string | null | undefined, never>;
}

export interface NoteTable {
  id: Generated<string>;
  request_id: string;
  rota_position: number | null;
  visibility: 'private' | 'public';
  direction: Generated<'local' | 'outgoing' | 'incoming'>;
  text: string;
  author_kind: string;
  author_name: string;
  created_at: CreatedAt;
}

/** A message to a partner, written with the state change that causes it and delivered by workers. */
export interface OutboxMessageTable {
  id: Generated<string>;
  request_id: string;
  transaction_id: string;
  partner_id: string;
  protocol: string;
  message: string;
  sequence: number;
  resend: Generated<boolean>;
  payload: Json;
  status: Generated<'pending' | 'sent' | 'failed' | 'dead'>;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  last_error: string | null;
  created_at: CreatedAt;
  sent_at: Date | null;
  /** The partner's synchronous confirmation of the last attempt. */
  confirmation: string | null;
  /** When staff set this undelivered message aside: it is never sent, and no longer holds later ones. */
  set_aside_at: Date | null;
  /** Who set it aside. */
  set_aside_by: string | null;
}

/** A durable timer; workers fire it as an engine event when it is due. */
export interface TimerTable {
  id: Generated<string>;
  request_id: string;
  rota_position: number | null;
  machine: string;
  name: string;
  due_at: Date;
  created_at: CreatedAt;
}

export interface NoticeTable {
  id: Generated<string>;
  library_id: string;
  request_id: string | null;
  audience: 'patron' | 'staff';
  notice: string;
  data: Json;
  /** `queued` until sent or skipped; then its mail's `held`, `sent` or `failed` (0007-mail). */
  status: Generated<string>;
  created_at: CreatedAt;
  /** The address the notice was (or would be) sent to, once rendered. */
  recipient: ColumnType<string | null, string | null | undefined, string | null>;
  language: ColumnType<string | null, string | null | undefined, string | null>;
  subject: ColumnType<string | null, string | null | undefined, string | null>;
  body: ColumnType<string | null, string | null | undefined, string | null>;
  /** Why no mail was sent (trigger off, patron prefers no email, no address…), when `skipped`. */
  skip_reason: ColumnType<string | null, string | null | undefined, string | null>;
  /** When the notices module turned the notice into a mail or skipped it; null while waiting. */
  rendered_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** Makes a notice at most once, e.g. one due-soon notice per loan and due date. */
  dedupe_key: ColumnType<string | null, string | null | undefined, never>;
  updated_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface IdempotencyKeyTable {
  principal: string;
  key: string;
  method: string;
  path: string;
  request_hash: string;
  status_code: number;
  body: Json | null;
  /** The request the stored response shows; deleting the request deletes the response. */
  request_id: string | null;
  created_at: CreatedAt;
}

/** Koha's ILLSTATUS authorised values: labels a library adds on top of the system statuses. */
export interface CustomStatusTable {
  library_id: string;
  code: string;
  label: string;
  opac_label: string | null;
}

/** A VDX locally-defined action; staff need the permission `local:<id>`. */
export interface LocalActionTable {
  library_id: string;
  id: string;
  name: string;
  party: 'requester' | 'responder';
  statuses: string[];
  user_alert_note: string | null;
}

/** An action hidden from all staff, at one status or (status null) everywhere. */
export interface ActionVisibilityTable {
  library_id: string;
  action: string;
  status: string | null;
}

export interface ActionOrderTable {
  library_id: string;
  status: string;
  actions: string[];
}

export interface SavedQueueTable {
  id: Generated<string>;
  library_id: string;
  name: string;
  filter: Json;
  created_by: string | null;
  created_at: CreatedAt;
}

export type Library = Selectable<LibraryTable>;
export type NewLibrary = Insertable<LibraryTable>;
export type Partner = Selectable<PartnerTable>;
export type NewPartner = Insertable<PartnerTable>;
export type PartnerUpdate = Updateable<PartnerTable>;
export type StaffUser = Selectable<StaffUserTable>;
export type Patron = Selectable<PatronTable>;
export type RequestRow = Selectable<RequestTable>;
export type NewRequestRow = Insertable<RequestTable>;
export type TransactionRow = Selectable<TransactionTable>;
export type NewTransactionRow = Insertable<TransactionTable>;
export type HistoryRow = Selectable<HistoryTable>;
export type NoteRow = Selectable<NoteTable>;

/** A fixed-window counter of the rate limiter (`src/auth/rate-limiter.ts`), e.g. failed logins. */
export interface RateLimitBucketTable {
  /** What is counted, e.g. `login:staff:jdoe` or `login:ip:192.0.2.1`. */
  key: string;
  count: number;
  window_start: Date;
  /** End of the window; the row may be deleted from then on. */
  expires_at: Date;
}

export type ApiTokenRow = Selectable<ApiTokenTable>;
export type SessionRow = Selectable<SessionTable>;

/** Every ISO 18626 message received, with the confirmation returned, so that an exact repeat gets it again. */
export interface InboundMessageTable {
  id: Generated<string>;
  library_id: string;
  sender: string;
  /** What identifies the message as the same one again (sender, ids, kind, status or action, timestamp). */
  fingerprint: string;
  request_id: string | null;
  kind: string;
  body: string;
  confirmation: string;
  outcome: 'applied' | 'refused' | 'error';
  received_at: CreatedAt;
}

/** The durable queue of every email Interlend sends: notices and messages to email partners (0007-mail). */
export interface MailTable {
  id: Generated<string>;
  library_id: string;
  request_id: string | null;
  kind: 'notice' | 'partner';
  /** The notice this mail delivers (kind `notice`). */
  notice_id: string | null;
  /** The outgoing partner message this mail carries (kind `partner`); one mail per message. */
  outbox_message_id: string | null;
  partner_id: string | null;
  /** The engine's message name (kind `partner`), e.g. `request` or `shipped`. */
  message: string | null;
  /** The sender used (or that would be used, while held); set when the mail is tried. */
  from_address: string | null;
  from_name: string | null;
  reply_to: string | null;
  to_address: string;
  subject: string;
  body: string;
  language: string | null;
  status: Generated<'queued' | 'held' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  /** While a worker is sending it; a crashed worker's mail is taken up again once this passes. */
  lease_until: Date | null;
  /** Identifies the worker holding the lease, so that a late one cannot overwrite a newer outcome. */
  claim_token: string | null;
  /** The SMTP server's answer (or the connection error) of the last failed attempt. */
  last_error: string | null;
  /** The SMTP server's answer when it accepted the mail. */
  smtp_response: string | null;
  message_id: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  sent_at: Date | null;
}

/** A library's own text of a notice or partner email, in one language. */
export interface NoticeTemplateTable {
  library_id: string;
  kind: 'notice' | 'partner';
  name: string;
  language: string;
  subject: string;
  body: string;
  updated_by: string | null;
  updated_at: UpdatedAt;
}

export interface LibraryNoticeSettingsTable {
  library_id: string;
  /** The language of staff notices and partner emails, and the fallback of patron notices. */
  default_language: Generated<string>;
  /** Send a due-soon notice this many days before a loan is due; 0 for none. */
  due_soon_days: Generated<number>;
  /** Where staff notices go; the library's ILL email when null. */
  staff_email: string | null;
  updated_at: UpdatedAt;
}

/** A notice a library switched on or off; a notice without a row is on. */
export interface LibraryNoticeTriggerTable {
  library_id: string;
  notice: string;
  enabled: boolean;
}

/** A library's own SMTP server; without one, the SMTP_URL environment variable's is used. */
export interface LibrarySmtpTable {
  library_id: string;
  host: string;
  port: number;
  secure: Generated<boolean>;
  username: string | null;
  /** Never returned by the API. */
  password: string | null;
  from_address: string | null;
  updated_at: UpdatedAt;
}
