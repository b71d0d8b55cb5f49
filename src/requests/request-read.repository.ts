/** SQL for reading what a request page shows besides the workflow state: people, history, notes, messages. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database, HistoryRow, NoteRow } from '../db/schema.ts';

export interface RequestPageRows {
  readonly patron: { id: string; card_number: string; name: string; email: string | null } | null;
  readonly pickupBranch: { id: string; code: string; name: string } | null;
  readonly customStatus: { code: string; label: string; opac_label: string | null } | null;
  readonly history: readonly HistoryRow[];
  readonly notes: readonly NoteRow[];
  /** Undelivered outgoing messages per transaction id. */
  readonly undelivered: ReadonlyMap<string, number>;
}

export class RequestReadRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async pageRows(request: {
    id: string;
    library_id: string;
    patron_id: string | null;
    pickup_branch_id: string | null;
    custom_status: string | null;
  }): Promise<RequestPageRows> {
    const [patron, pickupBranch, customStatus, history, notes, undelivered] = await Promise.all([
      request.patron_id === null
        ? undefined
        : this.db
            .selectFrom('patron')
            .select(['id', 'card_number', 'name', 'email'])
            .where('id', '=', request.patron_id)
            .executeTakeFirst(),
      request.pickup_branch_id === null
        ? undefined
        : this.db
            .selectFrom('pickup_branch')
            .select(['id', 'code', 'name'])
            .where('id', '=', request.pickup_branch_id)
            .executeTakeFirst(),
      request.custom_status === null
        ? undefined
        : this.db
            .selectFrom('custom_status')
            .select(['code', 'label', 'opac_label'])
            .where('library_id', '=', request.library_id)
            .where('code', '=', request.custom_status)
            .executeTakeFirst(),
      this.db.selectFrom('history').selectAll().where('request_id', '=', request.id).orderBy('id').execute(),
      this.db.selectFrom('note').selectAll().where('request_id', '=', request.id).orderBy('id').execute(),
      this.db
        .selectFrom('outbox_message')
        .select(['transaction_id', (eb) => eb.fn.countAll<string>().as('count')])
        .where('request_id', '=', request.id)
        .where('status', '<>', 'sent')
        .where('set_aside_at', 'is', null)
        .groupBy('transaction_id')
        .execute(),
    ]);
    return {
      patron: patron ?? null,
      pickupBranch: pickupBranch ?? null,
      customStatus: customStatus ?? null,
      history,
      notes,
      undelivered: new Map(undelivered.map((row) => [row.transaction_id, Number(row.count)])),
    };
  }

  /**
   * A page of a patron's own borrowing requests, newest first (ties by id, descending), after `after`
   * when given, with the state of each one's current transaction, the custom status as patrons see it
   * and the pickup library's name. `created_at_key` is the creation time as PostgreSQL writes it, to
   * the microsecond, for the next page's `after`: a JavaScript date would round it to the millisecond.
   */
  async patronRequests(
    patronId: string,
    options: {
      includeCompleted: boolean;
      limit: number;
      after: { readonly createdAt: string; readonly id: string } | null;
    },
  ) {
    let query = this.db
      .selectFrom('request')
      .leftJoin('transaction as current', (join) =>
        join.onRef('current.request_id', '=', 'request.id').on((eb) =>
          eb(
            'current.rota_position',
            '=',
            eb
              .selectFrom('transaction as latest')
              .select((inner) => inner.fn.max('latest.rota_position').as('position'))
              .whereRef('latest.request_id', '=', 'request.id'),
          ),
        ),
      )
      .leftJoin('custom_status', (join) =>
        join
          .onRef('custom_status.library_id', '=', 'request.library_id')
          .onRef('custom_status.code', '=', 'request.custom_status'),
      )
      .leftJoin('pickup_branch', 'pickup_branch.id', 'request.pickup_branch_id')
      .select([
        'request.id',
        'request.number',
        'request.type',
        'request.title',
        'request.author',
        'request.article_title',
        'request.status',
        'request.custom_status',
        (eb) => eb.fn.coalesce('custom_status.opac_label', 'custom_status.label').as('custom_status_label'),
        'pickup_branch.name as pickup_branch_name',
        'request.need_before',
        'request.completed_at',
        'request.created_at',
        'request.updated_at',
        'current.state as current_state',
        'current.due_date as current_due_date',
        sql<string>`cast(request.created_at as text)`.as('created_at_key'),
      ])
      .where('request.patron_id', '=', patronId)
      .where('request.role', '=', 'borrowing');
    if (!options.includeCompleted) query = query.where('request.completed_at', 'is', null);
    const after = options.after;
    if (after !== null) {
      // A row comparison, so that the walk down the (patron, created_at, id) index goes on from there.
      query = query.where(
        sql<boolean>`(request.created_at, request.id) < (cast(${after.createdAt} as timestamptz), cast(${after.id} as uuid))`,
      );
    }
    return query
      .orderBy('request.created_at', 'desc')
      .orderBy('request.id', 'desc')
      .limit(options.limit)
      .execute();
  }

  /** The lending request a library holds for a partner's request id. */
  async lendingRequestId(
    libraryId: string,
    partnerId: string,
    partnerRequestId: string,
  ): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('request')
      .select('id')
      .where('library_id', '=', libraryId)
      .where('role', '=', 'lending')
      .where('partner_id', '=', partnerId)
      .where('partner_request_id', '=', partnerRequestId)
      .executeTakeFirst();
    return row?.id;
  }

  /** The library's copyright declaration and settings a new request needs. */
  async librarySettings(libraryId: string) {
    return this.db
      .selectFrom('library')
      .select([
        'id',
        'symbol',
        'ill_module_enabled',
        'copyright_clearance',
        'unauthenticated_requests',
        'auto_advance',
        'enabled_backends',
      ])
      .where('id', '=', libraryId)
      .executeTakeFirst();
  }

  async librarySettingsBySymbol(symbol: string) {
    const row = await this.db
      .selectFrom('library')
      .select('id')
      .where('symbol', '=', symbol)
      .executeTakeFirst();
    return row === undefined ? undefined : this.librarySettings(row.id);
  }

  async patronInLibrary(libraryId: string, patronId: string) {
    return this.db
      .selectFrom('patron')
      .select(['id', 'name', 'email', 'active'])
      .where('library_id', '=', libraryId)
      .where('id', '=', patronId)
      .executeTakeFirst();
  }

  async pickupBranchInLibrary(libraryId: string, branchId: string) {
    return this.db
      .selectFrom('pickup_branch')
      .select('id')
      .where('library_id', '=', libraryId)
      .where('id', '=', branchId)
      .executeTakeFirst();
  }
}
