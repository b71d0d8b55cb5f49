import { sql, type Kysely } from 'kysely';

/**
 * The interlibrary-loan core: library settings, partners, staff, patrons, requests with their rota and
 * transactions, the append-only history, notes, the outbox of partner messages, durable timers,
 * notices, idempotency keys, and each library's workflow configuration.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);

  await db.schema
    .alterTable('library')
    .addColumn('address', 'text')
    .addColumn('timezone', 'text', (col) => col.notNull().defaultTo('UTC'))
    .addColumn('ill_module_enabled', 'boolean', (col) => col.notNull().defaultTo(true))
    .addColumn('copyright_clearance', 'text')
    .addColumn('unauthenticated_requests', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('auto_advance', 'boolean', (col) => col.notNull().defaultTo(true))
    .addColumn('default_days_to_respond', 'integer', (col) =>
      col
        .notNull()
        .defaultTo(7)
        .check(sql`default_days_to_respond between 1 and 365`),
    )
    .addColumn('enabled_backends', sql`text[]`, (col) =>
      col.notNull().defaultTo(sql`'{iso18626,email,manual}'`),
    )
    .execute();

  await db.schema
    .createTable('pickup_branch')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('library_id', 'uuid', (col) => col.notNull().references('library.id').onDelete('cascade'))
    .addColumn('code', 'text', (col) => col.notNull().check(sql`code ~ '^[A-Za-z0-9_-]{1,32}$'`))
    .addColumn('name', 'text', (col) => col.notNull().check(sql`btrim(name) <> ''`))
    .addUniqueConstraint('pickup_branch_library_code', ['library_id', 'code'])
    .execute();

  await db.schema
    .createTable('partner')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('library_id', 'uuid', (col) => col.notNull().references('library.id').onDelete('cascade'))
    .addColumn('symbol', 'text', (col) =>
      col.notNull().check(sql`symbol ~ '^[A-Za-z0-9][A-Za-z0-9:/._-]{0,63}$'`),
    )
    .addColumn('name', 'text', (col) => col.notNull().check(sql`btrim(name) <> ''`))
    .addColumn('protocol', 'text', (col) =>
      col.notNull().check(sql`protocol in ('iso18626', 'email', 'manual')`),
    )
    .addColumn('endpoint_url', 'text')
    .addColumn('email', 'text')
    .addColumn('outbound_credential', 'text')
    .addColumn('inbound_credential_hash', 'text')
    .addColumn('days_to_respond', 'integer', (col) =>
      col
        .notNull()
        .defaultTo(7)
        .check(sql`days_to_respond between 1 and 365`),
    )
    .addColumn('undo_allowed', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('active', 'boolean', (col) => col.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('partner_library_symbol', ['library_id', 'symbol'])
    .addCheckConstraint(
      'partner_protocol_address',
      sql`
      (protocol <> 'iso18626' or endpoint_url is not null) and (protocol <> 'email' or email is not null)
      and not (protocol = 'iso18626' and undo_allowed)`,
    )
    .execute();

  await db.schema
    .createTable('staff_user')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('library_id', 'uuid', (col) => col.notNull().references('library.id').onDelete('cascade'))
    .addColumn('username', 'text', (col) =>
      col
        .notNull()
        .unique()
        .check(sql`username ~ '^[a-z0-9][a-z0-9._@-]{1,63}$'`),
    )
    .addColumn('name', 'text', (col) => col.notNull().check(sql`btrim(name) <> ''`))
    .addColumn('email', 'text')
    .addColumn('password_hash', 'text', (col) => col.notNull())
    .addColumn('active', 'boolean', (col) => col.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('last_login_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('staff_permission')
    .addColumn('staff_user_id', 'uuid', (col) =>
      col.notNull().references('staff_user.id').onDelete('cascade'),
    )
    .addColumn('permission', 'text', (col) => col.notNull().check(sql`permission ~ '^[a-z0-9:_-]{1,80}$'`))
    .addPrimaryKeyConstraint('staff_permission_pk', ['staff_user_id', 'permission'])
    .execute();

  await db.schema
    .createTable('api_token')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('library_id', 'uuid', (col) => col.notNull().references('library.id').onDelete('cascade'))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('permissions', sql`text[]`, (col) => col.notNull().defaultTo(sql`'{}'`))
    .addColumn('created_by', 'uuid', (col) => col.references('staff_user.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('expires_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('patron')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('library_id', 'uuid', (col) => col.notNull().references('library.id').onDelete('cascade'))
    .addColumn('card_number', 'text', (col) => col.notNull().check(sql`card_number ~ '^[A-Za-z0-9-]{1,64}$'`))
    .addColumn('name', 'text', (col) => col.notNull().check(sql`btrim(name) <> ''`))
    .addColumn('email', 'text')
    .addColumn('category', 'text', (col) => col.notNull().defaultTo('ADULT'))
    .addColumn('secret_hash', 'text', (col) => col.notNull())
    .addColumn('email_notices', 'boolean', (col) => col.notNull().defaultTo(true))
    .addColumn('preferred_language', 'text', (col) => col.notNull().defaultTo('en'))
    .addColumn('active', 'boolean', (col) => col.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('patron_library_card', ['library_id', 'card_number'])
    .execute();

  await db.schema
    .createTable('session')
    .addColumn('id_hash', 'text', (col) => col.primaryKey())
    .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('staff', 'patron')`))
    .addColumn('library_id', 'uuid', (col) => col.notNull().references('library.id').onDelete('cascade'))
    .addColumn('staff_user_id', 'uuid', (col) => col.references('staff_user.id').onDelete('cascade'))
    .addColumn('patron_id', 'uuid', (col) => col.references('patron.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .addColumn('last_seen_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'session_principal',
      sql`(kind = 'staff') = (staff_user_id is not null) and (kind = 'patron') = (patron_id is not null)`,
    )
    .execute();
  await db.schema.createIndex('session_expires').on('session').column('expires_at').execute();

  await db.schema
    .createTable('request')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('number', 'bigserial', (col) => col.notNull().unique())
    .addColumn('library_id', 'uuid', (col) => col.notNull().references('library.id').onDelete('cascade'))
    .addColumn('role', 'text', (col) => col.notNull().check(sql`role in ('borrowing', 'lending')`))
    .addColumn('backend', 'text', (col) =>
      col.notNull().check(sql`backend in ('iso18626', 'email', 'manual')`),
    )
    .addColumn('status', 'text')
    .addColumn('custom_status', 'text')
    .addColumn('type', 'text', (col) =>
      col.notNull().check(sql`type in ('book', 'article', 'journal', 'chapter', 'thesis', 'other')`),
    )
    .addColumn('title', 'text', (col) => col.notNull().check(sql`btrim(title) <> ''`))
    .addColumn('author', 'text')
    .addColumn('article_title', 'text')
    .addColumn('part', 'text')
    .addColumn('volume', 'text')
    .addColumn('issue', 'text')
    .addColumn('pages', 'text')
    .addColumn('year', 'text')
    .addColumn('edition', 'text')
    .addColumn('publisher', 'text')
    .addColumn('place', 'text')
    .addColumn('isbn', 'text')
    .addColumn('issn', 'text')
    .addColumn('doi', 'text')
    .addColumn('oclc_number', 'text')
    .addColumn('other_identifiers', 'text')
    .addColumn('service_type', 'text', (col) =>
      col.notNull().check(sql`service_type in ('loan', 'copy', 'either')`),
    )
    .addColumn('need_before', 'date')
    .addColumn('max_cost_amount', sql`numeric(14, 4)`)
    .addColumn('max_cost_currency', 'text', (col) => col.check(sql`max_cost_currency ~ '^[A-Z]{3}$'`))
    .addColumn('can_hold', 'text', (col) =>
      col
        .notNull()
        .defaultTo('policy')
        .check(sql`can_hold in ('yes', 'no', 'policy')`),
    )
    .addColumn('pickup_branch_id', 'uuid', (col) => col.references('pickup_branch.id').onDelete('set null'))
    .addColumn('patron_id', 'uuid', (col) => col.references('patron.id').onDelete('set null'))
    .addColumn('patron_notes', 'text')
    .addColumn('custom_fields', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('copyright_accepted', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('copyright_text', 'text')
    .addColumn('auto_advance', 'boolean', (col) => col.notNull().defaultTo(true))
    .addColumn('partner_id', 'uuid', (col) => col.references('partner.id').onDelete('set null'))
    .addColumn('partner_request_id', 'text')
    .addColumn('attention', 'text')
    .addColumn('completed_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .addCheckConstraint('request_status_by_role', sql`(role = 'borrowing') = (status is not null)`)
    .addCheckConstraint('request_custom_fields_object', sql`jsonb_typeof(custom_fields) = 'object'`)
    .execute();
  await sql`
    alter table request add column search tsvector generated always as (
      to_tsvector('simple',
        coalesce(title, '') || ' ' || coalesce(author, '') || ' ' || coalesce(article_title, '') || ' ' ||
        coalesce(publisher, '') || ' ' || coalesce(isbn, '') || ' ' || coalesce(issn, '') || ' ' ||
        coalesce(doi, '') || ' ' || coalesce(oclc_number, '') || ' ' || coalesce(other_identifiers, ''))
      || jsonb_to_tsvector('simple', custom_fields, '["string"]')
    ) stored`.execute(db);
  await sql`create index request_search on request using gin (search)`.execute(db);
  await sql`create index request_title_trgm on request using gin (title gin_trgm_ops)`.execute(db);
  await sql`create index request_custom_fields on request using gin (custom_fields jsonb_path_ops)`.execute(
    db,
  );
  await sql`create index request_queue on request (library_id, role, status, created_at desc) where completed_at is null`.execute(
    db,
  );
  await sql`create index request_library_created on request (library_id, role, created_at desc, id)`.execute(
    db,
  );
  await sql`create index request_library_updated on request (library_id, role, updated_at desc, id)`.execute(
    db,
  );
  await sql`create index request_patron on request (patron_id, created_at desc)`.execute(db);
  for (const column of [
    'isbn',
    'issn',
    'doi',
    'oclc_number',
    'author',
    'need_before',
    'custom_status',
    'partner_id',
  ]) {
    await sql`create index ${sql.id(`request_${column}`)} on request (library_id, ${sql.ref(column)})`.execute(
      db,
    );
  }
  await sql`create unique index request_lending_partner_ref on request (library_id, partner_id, partner_request_id) where role = 'lending'`.execute(
    db,
  );

  await db.schema
    .createTable('rota_entry')
    .addColumn('request_id', 'uuid', (col) => col.notNull().references('request.id').onDelete('cascade'))
    .addColumn('position', 'integer', (col) => col.notNull().check(sql`position >= 0`))
    .addColumn('partner_id', 'uuid', (col) => col.notNull().references('partner.id'))
    .addColumn('added_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('rota_entry_pk', ['request_id', 'position'])
    .execute();

  await db.schema
    .createTable('transaction')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('request_id', 'uuid', (col) => col.notNull().references('request.id').onDelete('cascade'))
    .addColumn('rota_position', 'integer', (col) => col.notNull())
    .addColumn('role', 'text', (col) => col.notNull().check(sql`role in ('requester', 'responder')`))
    .addColumn('partner_id', 'uuid', (col) => col.notNull().references('partner.id'))
    .addColumn('state', 'text', (col) => col.notNull())
    .addColumn('requested_service_types', sql`text[]`, (col) => col.notNull())
    .addColumn('current_service_type', 'text', (col) => col.notNull())
    .addColumn('shipped_service_type', 'text')
    .addColumn('can_hold', 'text', (col) => col.notNull())
    .addColumn('due_date', 'date')
    .addColumn('shipment_recorded', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('receipt_recorded', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('return_recorded', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('recalled', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('overdue_notices', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('conditions', 'text')
    .addColumn('reply_by', 'date')
    .addColumn('cost_amount', sql`numeric(14, 4)`)
    .addColumn('cost_currency', 'text')
    .addColumn('last_sent', 'jsonb')
    .addColumn('sent_count', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('completed_at', 'timestamptz')
    .addColumn('partner_reference', 'text')
    .addColumn('last_message_at', 'timestamptz')
    .addColumn('attention', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('transaction_request_position', ['request_id', 'rota_position'])
    .execute();
  await sql`create index transaction_partner_state on transaction (partner_id, state)`.execute(db);

  await db.schema
    .createTable('history')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('request_id', 'uuid', (col) => col.notNull().references('request.id').onDelete('cascade'))
    .addColumn('rota_position', 'integer')
    .addColumn('at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('actor_kind', 'text', (col) =>
      col.notNull().check(sql`actor_kind in ('staff', 'patron', 'partner', 'system', 'timer', 'api')`),
    )
    .addColumn('actor_id', 'uuid')
    .addColumn('actor_name', 'text', (col) => col.notNull())
    .addColumn('machine', 'text', (col) => col.notNull())
    .addColumn('edge_id', 'text', (col) => col.notNull())
    .addColumn('event_kind', 'text', (col) => col.notNull())
    .addColumn('event_name', 'text', (col) => col.notNull())
    .addColumn('from_state', 'text', (col) => col.notNull())
    .addColumn('to_state', 'text', (col) => col.notNull())
    .addColumn('note', 'text')
    .addColumn('data', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await sql`create index history_request on history (request_id, id)`.execute(db);
  await sql`
    create function history_is_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'history rows are append-only';
    end $$`.execute(db);
  await sql`create trigger history_no_update before update on history for each row execute function history_is_append_only()`.execute(
    db,
  );

  await db.schema
    .createTable('note')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('request_id', 'uuid', (col) => col.notNull().references('request.id').onDelete('cascade'))
    .addColumn('rota_position', 'integer')
    .addColumn('visibility', 'text', (col) => col.notNull().check(sql`visibility in ('private', 'public')`))
    .addColumn('direction', 'text', (col) =>
      col
        .notNull()
        .defaultTo('local')
        .check(sql`direction in ('local', 'outgoing', 'incoming')`),
    )
    .addColumn('text', 'text', (col) => col.notNull().check(sql`btrim(text) <> ''`))
    .addColumn('author_kind', 'text', (col) => col.notNull())
    .addColumn('author_name', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index note_request on note (request_id, id)`.execute(db);

  await db.schema
    .createTable('outbox_message')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('request_id', 'uuid', (col) => col.notNull().references('request.id').onDelete('cascade'))
    .addColumn('transaction_id', 'uuid', (col) =>
      col.notNull().references('transaction.id').onDelete('cascade'),
    )
    .addColumn('partner_id', 'uuid', (col) => col.notNull().references('partner.id'))
    .addColumn('protocol', 'text', (col) => col.notNull())
    .addColumn('message', 'text', (col) => col.notNull())
    .addColumn('sequence', 'integer', (col) => col.notNull())
    .addColumn('resend', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('payload', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('status', 'text', (col) =>
      col
        .notNull()
        .defaultTo('pending')
        .check(sql`status in ('pending', 'sent', 'failed', 'dead')`),
    )
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .execute();
  await sql`create index outbox_due on outbox_message (next_attempt_at, id) where status in ('pending', 'failed')`.execute(
    db,
  );
  await sql`create index outbox_transaction on outbox_message (transaction_id, id)`.execute(db);

  await db.schema
    .createTable('timer')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('request_id', 'uuid', (col) => col.notNull().references('request.id').onDelete('cascade'))
    .addColumn('rota_position', 'integer')
    .addColumn('machine', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('due_at', 'timestamptz', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index timer_identity on timer (request_id, machine, name, coalesce(rota_position, -1))`.execute(
    db,
  );
  await sql`create index timer_due on timer (due_at, id)`.execute(db);

  await db.schema
    .createTable('notice')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('library_id', 'uuid', (col) => col.notNull().references('library.id').onDelete('cascade'))
    .addColumn('request_id', 'uuid', (col) => col.references('request.id').onDelete('set null'))
    .addColumn('audience', 'text', (col) => col.notNull().check(sql`audience in ('patron', 'staff')`))
    .addColumn('notice', 'text', (col) => col.notNull())
    .addColumn('data', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('status', 'text', (col) => col.notNull().defaultTo('queued'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index notice_status on notice (status, id)`.execute(db);

  await db.schema
    .createTable('idempotency_key')
    .addColumn('principal', 'text', (col) => col.notNull())
    .addColumn('key', 'text', (col) => col.notNull().check(sql`length(key) between 1 and 200`))
    .addColumn('method', 'text', (col) => col.notNull())
    .addColumn('path', 'text', (col) => col.notNull())
    .addColumn('request_hash', 'text', (col) => col.notNull())
    .addColumn('status_code', 'integer', (col) => col.notNull())
    .addColumn('body', 'jsonb')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('idempotency_key_pk', ['principal', 'key'])
    .execute();

  await db.schema
    .createTable('custom_status')
    .addColumn('library_id', 'uuid', (col) => col.notNull().references('library.id').onDelete('cascade'))
    .addColumn('code', 'text', (col) => col.notNull().check(sql`code ~ '^[A-Z0-9_]{1,32}$'`))
    .addColumn('label', 'text', (col) => col.notNull())
    .addColumn('opac_label', 'text')
    .addPrimaryKeyConstraint('custom_status_pk', ['library_id', 'code'])
    .execute();

  await db.schema
    .createTable('local_action')
    .addColumn('library_id', 'uuid', (col) => col.notNull().references('library.id').onDelete('cascade'))
    .addColumn('id', 'text', (col) => col.notNull().check(sql`id ~ '^[a-z0-9-]{1,48}$'`))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('party', 'text', (col) => col.notNull().check(sql`party in ('requester', 'responder')`))
    .addColumn('statuses', sql`text[]`, (col) => col.notNull().defaultTo(sql`'{}'`))
    .addColumn('user_alert_note', 'text')
    .addPrimaryKeyConstraint('local_action_pk', ['library_id', 'id'])
    .execute();

  await db.schema
    .createTable('action_visibility')
    .addColumn('library_id', 'uuid', (col) => col.notNull().references('library.id').onDelete('cascade'))
    .addColumn('action', 'text', (col) => col.notNull())
    .addColumn('status', 'text')
    .execute();
  await sql`create unique index action_visibility_identity on action_visibility (library_id, action, coalesce(status, ''))`.execute(
    db,
  );

  await db.schema
    .createTable('action_order')
    .addColumn('library_id', 'uuid', (col) => col.notNull().references('library.id').onDelete('cascade'))
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('actions', sql`text[]`, (col) => col.notNull())
    .addPrimaryKeyConstraint('action_order_pk', ['library_id', 'status'])
    .execute();

  await db.schema
    .createTable('saved_queue')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('library_id', 'uuid', (col) => col.notNull().references('library.id').onDelete('cascade'))
    .addColumn('name', 'text', (col) => col.notNull().check(sql`btrim(name) <> ''`))
    .addColumn('filter', 'jsonb', (col) => col.notNull())
    .addColumn('created_by', 'uuid', (col) => col.references('staff_user.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('saved_queue_library_name', ['library_id', 'name'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'saved_queue',
    'action_order',
    'action_visibility',
    'local_action',
    'custom_status',
    'idempotency_key',
    'notice',
    'timer',
    'outbox_message',
    'note',
    'history',
    'transaction',
    'rota_entry',
    'request',
    'session',
    'patron',
    'api_token',
    'staff_permission',
    'staff_user',
    'partner',
    'pickup_branch',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await sql`drop function if exists history_is_append_only()`.execute(db);
  await db.schema
    .alterTable('library')
    .dropColumn('address')
    .dropColumn('timezone')
    .dropColumn('ill_module_enabled')
    .dropColumn('copyright_clearance')
    .dropColumn('unauthenticated_requests')
    .dropColumn('auto_advance')
    .dropColumn('default_days_to_respond')
    .dropColumn('enabled_backends')
    .execute();
}
