/**
 * SQL for ISO 18626 routing and receipt: libraries and partners by symbol, transactions by the ids in
 * message headers, the record of received messages, and what an outgoing message is built from.
 */
import type { AttentionReason } from '../workflow/attention.ts';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database, Partner } from '../db/schema.ts';
import type { ConditionsConvention, RequestFields } from './iso18626-mapping.ts';

/** A borrower's transaction an incoming supplying agency message is for. */
export interface RequesterTarget {
  readonly requestId: string;
  readonly libraryId: string;
  readonly transactionId: string;
  readonly rotaPosition: number;
  readonly state: string;
}

/** A lending request an incoming requesting agency message is for. */
export interface LendingTarget {
  readonly requestId: string;
  readonly libraryId: string;
  readonly transactionId: string;
  readonly state: string;
}

/** Everything an outgoing ISO 18626 message is built from. */
export interface DeliveryContext {
  readonly role: 'requester' | 'responder';
  readonly ourSymbol: string;
  readonly partner: Pick<
    Partner,
    'id' | 'symbol' | 'endpoint_url' | 'outbound_credential' | 'protocol' | 'email' | 'name'
  >;
  readonly localReference: string;
  readonly partnerReference: string | null;
  readonly transaction: {
    readonly state: string;
    readonly shippedServiceType: 'loan' | 'copy' | null;
    readonly currentServiceType: 'loan' | 'copy';
    readonly dueDate: string | null;
    readonly conditionsConvention: ConditionsConvention | null;
  };
  readonly request: RequestFields & {
    readonly number: string;
    readonly libraryName: string;
    readonly libraryEmail: string | null;
  };
}

export class ProtocolRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Point every ISO 18626 partner that is a library of this deployment, reached on a loopback address,
   * at this deployment's current endpoint (the port may differ from one start to the next).
   */
  async pointLocalPartnersAt(endpointUrl: string): Promise<number> {
    const result = await this.db
      .updateTable('partner')
      .set({ endpoint_url: endpointUrl })
      .where('protocol', '=', 'iso18626')
      .where('symbol', 'in', (eb) => eb.selectFrom('library').select('symbol'))
      .where(sql<boolean>`endpoint_url ~ '^https?://(127\.0\.0\.1|localhost|\[::1\])(:[0-9]+)?/iso18626$'`)
      .where('endpoint_url', '<>', endpointUrl)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** The library a request belongs to. */
  async libraryOf(requestId: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('request')
      .select('library_id')
      .where('id', '=', requestId)
      .executeTakeFirst();
    return row?.library_id;
  }

  /** The library known by one of these symbols (the most specific first). */
  async libraryBySymbol(symbols: readonly string[]) {
    const rows = await this.db
      .selectFrom('library')
      .select(['id', 'symbol', 'name'])
      .where('symbol', 'in', [...symbols])
      .execute();
    return symbols
      .map((symbol) => rows.find((row) => row.symbol === symbol))
      .find((row) => row !== undefined);
  }

  /** The active ISO 18626 partner a library knows by one of these symbols (the most specific first). */
  async isoPartner(libraryId: string, symbols: readonly string[]) {
    const rows = await this.db
      .selectFrom('partner')
      .selectAll()
      .where('library_id', '=', libraryId)
      .where('symbol', 'in', [...symbols])
      .where('protocol', '=', 'iso18626')
      .where('active', '=', true)
      .execute();
    return symbols
      .map((symbol) => rows.find((row) => row.symbol === symbol))
      .find((row) => row !== undefined);
  }

  async requesterTransaction(
    libraryId: string,
    partnerId: string,
    localReference: string,
  ): Promise<RequesterTarget | undefined> {
    const row = await this.db
      .selectFrom('transaction')
      .innerJoin('request', 'request.id', 'transaction.request_id')
      .select([
        'transaction.id',
        'transaction.request_id',
        'request.library_id',
        'transaction.rota_position',
        'transaction.state',
      ])
      .where('transaction.local_reference', '=', localReference)
      .where('transaction.role', '=', 'requester')
      .where('transaction.partner_id', '=', partnerId)
      .where('request.library_id', '=', libraryId)
      .executeTakeFirst();
    return row === undefined
      ? undefined
      : {
          requestId: row.request_id,
          libraryId: row.library_id,
          transactionId: row.id,
          rotaPosition: row.rota_position,
          state: row.state,
        };
  }

  async lendingTransaction(
    libraryId: string,
    partnerId: string,
    partnerRequestId: string,
  ): Promise<LendingTarget | undefined> {
    const row = await this.db
      .selectFrom('request')
      .innerJoin('transaction', 'transaction.request_id', 'request.id')
      .select(['request.id', 'request.library_id', 'transaction.id as transaction_id', 'transaction.state'])
      .where('request.library_id', '=', libraryId)
      .where('request.role', '=', 'lending')
      .where('request.partner_id', '=', partnerId)
      .where('request.partner_request_id', '=', partnerRequestId)
      .executeTakeFirst();
    return row === undefined
      ? undefined
      : { requestId: row.id, libraryId: row.library_id, transactionId: row.transaction_id, state: row.state };
  }

  /**
   * Lock a request row until the end of the caller's transaction, as every change to a request does
   * first (see RequestRepository.load): an incoming message that wrote one of the request's
   * transaction rows before taking this lock could deadlock with a staff action holding it.
   */
  async lockRequest(requestId: string): Promise<void> {
    await this.db.selectFrom('request').select('id').where('id', '=', requestId).forNoKeyUpdate().execute();
  }

  /** A Retry may carry a new id for a lending request: later messages use it. */
  async renamePartnerRequest(
    requestId: string,
    transactionId: string,
    partnerRequestId: string,
  ): Promise<void> {
    await this.db
      .updateTable('request')
      .set({ partner_request_id: partnerRequestId })
      .where('id', '=', requestId)
      .execute();
    await this.db
      .updateTable('transaction')
      .set({ partner_reference: partnerRequestId })
      .where('id', '=', transactionId)
      .execute();
  }

  /** The supplier's own id for a transaction, learnt from its first message. */
  async rememberPartnerReference(transactionId: string, reference: string): Promise<void> {
    await this.db
      .updateTable('transaction')
      .set({ partner_reference: reference })
      .where('id', '=', transactionId)
      .where('partner_reference', 'is', null)
      .execute();
  }

  async touchTransaction(
    transactionId: string,
    at: Date,
    conditionsConvention?: ConditionsConvention,
  ): Promise<void> {
    await this.db
      .updateTable('transaction')
      .set({
        last_message_at: at,
        ...(conditionsConvention !== undefined ? { conditions_convention: conditionsConvention } : {}),
      })
      .where('id', '=', transactionId)
      .execute();
  }

  /** Mark a request and one of its transactions as needing staff attention, saying why. */
  async markAttention(
    requestId: string,
    transactionId: string | null,
    reason: AttentionReason,
  ): Promise<void> {
    const stored = JSON.stringify(reason);
    await this.db.updateTable('request').set({ attention: stored }).where('id', '=', requestId).execute();
    if (transactionId !== null) {
      await this.db
        .updateTable('transaction')
        .set({ attention: stored })
        .where('id', '=', transactionId)
        .execute();
    }
  }

  /**
   * Claim the fingerprint of a received message for this transaction. Null when claimed; the earlier
   * confirmation when the message was received before. A concurrent identical message waits here for
   * the first one's transaction to end, then gets its confirmation.
   */
  async claimInbound(claim: {
    libraryId: string;
    sender: string;
    fingerprint: string;
    kind: string;
    body: string;
    at: Date;
  }) {
    const inserted = await this.db
      .insertInto('inbound_message')
      .values({
        library_id: claim.libraryId,
        sender: claim.sender,
        fingerprint: claim.fingerprint,
        kind: claim.kind,
        body: claim.body,
        confirmation: '',
        outcome: 'error',
        received_at: claim.at,
      })
      .onConflict((conflict) => conflict.columns(['library_id', 'sender', 'fingerprint']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted !== undefined) return { claimed: true as const, id: String(inserted.id) };
    const earlier = await this.db
      .selectFrom('inbound_message')
      .select(['confirmation', 'request_id', 'body'])
      .where('library_id', '=', claim.libraryId)
      .where('sender', '=', claim.sender)
      .where('fingerprint', '=', claim.fingerprint)
      .executeTakeFirstOrThrow();
    return {
      claimed: false as const,
      confirmation: earlier.confirmation,
      requestId: earlier.request_id,
      body: earlier.body,
    };
  }

  async completeInbound(
    id: string,
    result: { requestId: string | null; confirmation: string; outcome: 'applied' | 'refused' | 'error' },
  ) {
    await this.db
      .updateTable('inbound_message')
      .set({ request_id: result.requestId, confirmation: result.confirmation, outcome: result.outcome })
      .where('id', '=', id)
      .execute();
  }

  /** What an outgoing message of a transaction is built from. */
  async deliveryContext(transactionId: string): Promise<DeliveryContext | undefined> {
    const row = await this.db
      .selectFrom('transaction')
      .innerJoin('request', 'request.id', 'transaction.request_id')
      .innerJoin('library', 'library.id', 'request.library_id')
      .innerJoin('partner', 'partner.id', 'transaction.partner_id')
      .select([
        'transaction.role',
        'transaction.state',
        'transaction.shipped_service_type',
        'transaction.current_service_type',
        'transaction.due_date',
        'transaction.conditions_convention',
        'transaction.local_reference',
        'transaction.partner_reference',
        'library.symbol as our_symbol',
        'library.name as library_name',
        'library.email as library_email',
        'partner.id as partner_id',
        'partner.symbol as partner_symbol',
        'partner.name as partner_name',
        'partner.protocol as partner_protocol',
        'partner.endpoint_url',
        'partner.email as partner_email',
        'partner.outbound_credential',
        'request.number',
        'request.type',
        'request.service_type',
        'request.title',
        'request.author',
        'request.article_title',
        'request.part',
        'request.volume',
        'request.issue',
        'request.pages',
        'request.year',
        'request.edition',
        'request.publisher',
        'request.place',
        'request.isbn',
        'request.issn',
        'request.doi',
        'request.oclc_number',
        'request.other_identifiers',
        'request.need_before',
        'request.max_cost_amount',
        'request.max_cost_currency',
        'request.patron_notes',
        'request.copyright_accepted',
      ])
      .where('transaction.id', '=', transactionId)
      .executeTakeFirst();
    if (row === undefined || row.local_reference === null) return undefined;
    return {
      role: row.role,
      ourSymbol: row.our_symbol,
      partner: {
        id: row.partner_id,
        symbol: row.partner_symbol,
        name: row.partner_name,
        protocol: row.partner_protocol,
        endpoint_url: row.endpoint_url,
        email: row.partner_email,
        outbound_credential: row.outbound_credential,
      },
      localReference: row.local_reference,
      partnerReference: row.partner_reference,
      transaction: {
        state: row.state,
        shippedServiceType: row.shipped_service_type as 'loan' | 'copy' | null,
        currentServiceType: row.current_service_type as 'loan' | 'copy',
        dueDate: row.due_date,
        conditionsConvention: row.conditions_convention,
      },
      request: {
        number: String(row.number),
        libraryName: row.library_name,
        libraryEmail: row.library_email,
        type: row.type,
        serviceType: row.service_type,
        title: row.title,
        author: row.author,
        articleTitle: row.article_title,
        part: row.part,
        volume: row.volume,
        issue: row.issue,
        pages: row.pages,
        year: row.year,
        edition: row.edition,
        publisher: row.publisher,
        place: row.place,
        isbn: row.isbn,
        issn: row.issn,
        doi: row.doi,
        oclcNumber: row.oclc_number,
        otherIdentifiers: row.other_identifiers,
        needBefore: row.need_before,
        maxCost:
          row.max_cost_amount === null || row.max_cost_currency === null
            ? null
            : { amount: Number(row.max_cost_amount).toFixed(2), currency: row.max_cost_currency },
        patronNotes: row.patron_notes,
        copyrightAccepted: row.copyright_accepted,
      },
    };
  }

  /** Whether this library has sent a supplying agency message in the transaction before this one. */
  async answeredBefore(transactionId: string, sequence: number): Promise<boolean> {
    const row = await this.db
      .selectFrom('outbox_message')
      .select(sql<number>`count(*)`.as('count'))
      .where('transaction_id', '=', transactionId)
      .where('sequence', '<', sequence)
      .executeTakeFirstOrThrow();
    return Number(row.count) > 0;
  }
}
