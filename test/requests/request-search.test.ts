/**
 * The request list against real PostgreSQL: every filter, keyword search over words, identifiers
 * and custom fields, completed requests, sorting on every column both ways, and keyset paging that
 * neither repeats nor skips a request. Requests are made through the real request services.
 */
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import { ValidationError } from '../../src/errors.ts';
import type {
  RequestListItem,
  RequestListQuery,
  SortKey,
} from '../../src/requests/request-search.schemas.ts';
import { SORT_KEYS } from '../../src/requests/request-search.schemas.ts';
import { createServices, type Services } from '../../src/server/services.ts';
import { requestScenarios, type TestLibrary } from '../queues/request-scenarios.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { insertPatron } from '../support/request-factories.ts';

const HOUR = 3_600_000;
const UNDELIVERABLE = {
  code: 'message_undeliverable',
  params: { partner: 'Northern Supplier (NS)', message: 'request', attempts: 12, error: 'HTTP 503' },
} as const;

describeEachDatabase('the request list', (database) => {
  const clock = new ManualClock('2026-11-25T09:00:00Z');
  let services: Services;
  let kit: ReturnType<typeof requestScenarios>;

  beforeAll(() => {
    services = createServices(database.db, { clock });
    kit = requestScenarios(database.db, clock);
  });

  const list = (lib: TestLibrary, query: RequestListQuery = {}) =>
    services.requestSearch.list(lib.caller.principal, query);
  const ids = async (lib: TestLibrary, query: RequestListQuery = {}) =>
    (await list(lib, { limit: 200, ...query })).items.map((item) => item.id);

  async function insertBranch(libraryId: string, code: string, name: string) {
    return database.db
      .insertInto('pickup_branch')
      .values({ library_id: libraryId, code, name })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async function insertCustomStatus(libraryId: string, code: string, label: string) {
    await database.db
      .insertInto('custom_status')
      .values({ library_id: libraryId, code, label, opac_label: null })
      .execute();
  }

  async function setCustomStatus(requestId: string, code: string) {
    await database.db
      .updateTable('request')
      .set({ custom_status: code })
      .where('id', '=', requestId)
      .execute();
  }

  /** Every page of a query, following the cursors. */
  async function allPages(lib: TestLibrary, query: RequestListQuery): Promise<RequestListItem[][]> {
    const pages: RequestListItem[][] = [];
    let cursor: string | undefined;
    do {
      const page = await list(lib, { ...query, ...(cursor !== undefined ? { cursor } : {}) });
      pages.push(page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined && pages.length < 50);
    return pages;
  }

  it('lists the library’s open requests, most recently changed first, and no other library’s', async () => {
    const lib = await kit.library();
    const other = await kit.library();
    const first = await kit.borrowing(lib, 'new');
    clock.advance(HOUR);
    const second = await kit.lending(lib, 'new');
    clock.advance(HOUR);
    const third = await kit.borrowing(lib, 'pending');
    clock.advance(HOUR);
    await kit.borrowing(other, 'new');
    clock.advance(HOUR);
    await kit.act(lib, first, 'add-private-note', { note: 'Patron phoned' });

    const page = await list(lib);
    expect(page.items.map((item) => item.id)).toEqual([first, third, second]);
    expect(page.nextCursor).toBeNull();
    expect(page.total).toBeNull();
    expect(page.similarTitles).toBe(false);
  });

  it('describes each request with its current transaction, patron, custom status and reference', async () => {
    const lib = await kit.library();
    const branch = await insertBranch(lib.id, 'SCI', 'Science Library');
    const id = await kit.borrowing(lib, 'shipped', {
      author: 'Umberto Eco',
      needBefore: '2027-02-01',
      pickupBranchId: branch.id,
    });
    await database.db
      .insertInto('custom_status')
      .values({ library_id: lib.id, code: 'AWAITING_INVOICE', label: 'Awaiting invoice', opac_label: null })
      .execute();
    // No action sets a custom status yet; Koha's "Edit request" would.
    await database.db
      .updateTable('request')
      .set({ custom_status: 'AWAITING_INVOICE' })
      .where('id', '=', id)
      .execute();
    const lendingId = await kit.lending(lib, 'new');

    const { items } = await list(lib);
    const borrowing = items.find((item) => item.id === id);
    const lending = items.find((item) => item.id === lendingId);
    const number = Number(
      (
        await database.db
          .selectFrom('request')
          .select('number')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).number,
    );
    expect(borrowing).toEqual({
      id,
      number,
      reference: `ILL-${number}`,
      role: 'borrowing',
      backend: 'iso18626',
      status: 'requested',
      customStatus: { code: 'AWAITING_INVOICE', label: 'Awaiting invoice' },
      currentTransaction: {
        rotaPosition: 0,
        state: 'shipped',
        partner: { id: lib.partners[0]!.id, symbol: lib.partners[0]!.symbol, name: 'Northern Supplier' },
        dueDate: '2026-12-20',
      },
      type: 'book',
      title: 'The Name of the Rose',
      author: 'Umberto Eco',
      patron: { id: lib.patron.id, name: 'Ada Reader', cardNumber: lib.patron.card_number },
      pickupBranch: { id: branch.id, code: 'SCI', name: 'Science Library' },
      needBefore: '2027-02-01',
      attention: null,
      undeliveredMessages: expect.any(Number),
      completedAt: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(lending).toMatchObject({
      id: lendingId,
      role: 'lending',
      status: null,
      patron: null,
      pickupBranch: null,
      currentTransaction: { rotaPosition: 0, state: 'in_process', partner: { id: lib.partners[0]!.id } },
    });
  });

  it('filters by role, request status and the state of the current transaction', async () => {
    const lib = await kit.library();
    const fresh = await kit.borrowing(lib, 'new');
    const pending = await kit.borrowing(lib, 'pending');
    const shipped = await kit.borrowing(lib, 'shipped');
    const lending = await kit.lending(lib, 'shipped');

    expect(await ids(lib, { role: 'lending' })).toEqual([lending]);
    expect(new Set(await ids(lib, { role: 'borrowing' }))).toEqual(new Set([fresh, pending, shipped]));
    expect(await ids(lib, { status: ['new'] })).toEqual([fresh]);
    expect(new Set(await ids(lib, { status: ['new', 'requested'] }))).toEqual(
      new Set([fresh, pending, shipped]),
    );
    expect(await ids(lib, { state: ['pending'] })).toEqual([pending]);
    expect(new Set(await ids(lib, { state: ['shipped'] }))).toEqual(new Set([shipped, lending]));
    expect(await ids(lib, { state: ['shipped'], role: 'borrowing' })).toEqual([shipped]);
  });

  it('takes the transaction at the highest rota position as current, and its supplier as the partner', async () => {
    const lib = await kit.library();
    // The first supplier cannot supply; the rota moves on to the second.
    const id = await kit.borrowing(lib, 'pending');
    await kit.message(lib, id, 0, 'answer-unfilled', { reason: 'NotHeld' });
    const lending = await kit.lending(lib, 'new');

    const [item] = (await list(lib, { role: 'borrowing' })).items;
    expect(item?.currentTransaction).toMatchObject({ rotaPosition: 1, state: 'pending' });
    expect(await ids(lib, { state: ['not_supplied'] })).toEqual([]);
    expect(await ids(lib, { partnerId: lib.partners[1]!.id })).toEqual([id]);
    // A lending request's partner is the borrowing library.
    expect(await ids(lib, { partnerId: lib.partners[0]!.id })).toEqual([lending]);
  });

  it('filters by type, backend, patron and custom status', async () => {
    const lib = await kit.library();
    const other = await insertPatron(database.db, lib.id, 'Grace Borrower');
    const book = await kit.borrowing(lib, 'new');
    const article = await kit.borrowing(lib, 'new', {
      type: 'article',
      serviceType: 'copy',
      title: 'Nature',
      articleTitle: 'Deep learning',
      author: 'LeCun',
      patronId: other.id,
    } as never);
    const { body: manual } = await kit.services.requests.create(
      lib.caller,
      { details: { type: 'book', serviceType: 'loan', title: 'Kept locally' }, backend: 'manual', rota: [] },
      null,
    );
    await database.db
      .insertInto('custom_status')
      .values({ library_id: lib.id, code: 'WAITING', label: 'Waiting for funds', opac_label: null })
      .execute();
    await database.db
      .updateTable('request')
      .set({ custom_status: 'WAITING' })
      .where('id', '=', book)
      .execute();

    expect(await ids(lib, { type: ['article'] })).toEqual([article]);
    expect(await ids(lib, { backend: ['manual'] })).toEqual([manual.id]);
    expect(new Set(await ids(lib, { backend: ['iso18626'] }))).toEqual(new Set([book, article]));
    expect(await ids(lib, { patronId: other.id })).toEqual([article]);
    expect(await ids(lib, { customStatus: ['WAITING'] })).toEqual([book]);
  });

  it('filters by days created and changed in the library’s time zone, need-before and due dates', async () => {
    const lib = await kit.library();
    await database.db
      .updateTable('library')
      .set({ timezone: 'Pacific/Auckland' })
      .where('id', '=', lib.id)
      .execute();
    // 2026-11-24 12:00 UTC is already 2026-11-25 01:00 in Auckland.
    clock.set('2026-11-24T12:00:00Z');
    const late = await kit.borrowing(lib, 'new', { needBefore: '2026-12-01' });
    clock.set('2026-11-24T09:00:00Z');
    const early = await kit.borrowing(lib, 'shipped', { needBefore: '2027-03-01' });
    clock.set('2026-11-25T09:00:00Z');

    expect(await ids(lib, { createdFrom: '2026-11-25' })).toEqual([late]);
    expect(await ids(lib, { createdTo: '2026-11-24' })).toEqual([early]);
    expect(new Set(await ids(lib, { createdFrom: '2026-11-24', createdTo: '2026-11-25' }))).toEqual(
      new Set([late, early]),
    );
    expect(await ids(lib, { updatedFrom: '2026-11-25' })).toEqual([late]);
    expect(await ids(lib, { updatedTo: '2026-11-24' })).toEqual([early]);
    expect(await ids(lib, { needBeforeTo: '2026-12-31' })).toEqual([late]);
    expect(await ids(lib, { dueBefore: '2026-12-21' })).toEqual([early]);
    expect(await ids(lib, { dueBefore: '2026-12-20' })).toEqual([]);
    expect(await ids(lib, { dueBefore: 'today' })).toEqual([]);
    clock.set('2026-12-21T09:00:00Z');
    expect(await ids(lib, { dueBefore: 'today' })).toEqual([early]);
    clock.set('2026-11-25T09:00:00Z');
  });

  it('filters by pickup branch, need-before days from and to, and days completed', async () => {
    const lib = await kit.library();
    const main = await insertBranch(lib.id, 'MAIN', 'Main Library');
    const science = await insertBranch(lib.id, 'SCI', 'Science Library');
    const atMain = await kit.borrowing(lib, 'new', { pickupBranchId: main.id, needBefore: '2026-12-01' });
    const atScience = await kit.borrowing(lib, 'pending', {
      pickupBranchId: science.id,
      needBefore: '2027-02-01',
    });
    const nowhere = await kit.borrowing(lib, 'new');
    clock.set('2026-11-20T09:00:00Z');
    const doneEarlier = await kit.borrowing(lib, 'completed', { pickupBranchId: main.id });
    clock.set('2026-11-25T09:00:00Z');
    const doneToday = await kit.borrowing(lib, 'completed');
    const other = await kit.library();
    const elsewhere = await insertBranch(other.id, 'MAIN', 'Main Library');
    await kit.borrowing(other, 'new', { pickupBranchId: elsewhere.id });

    expect(await ids(lib, { pickupBranchId: [main.id] })).toEqual([atMain]);
    expect(new Set(await ids(lib, { pickupBranchId: [main.id, science.id] }))).toEqual(
      new Set([atMain, atScience]),
    );
    expect(new Set(await ids(lib, { pickupBranchId: [main.id], includeCompleted: true }))).toEqual(
      new Set([atMain, doneEarlier]),
    );
    // Another library's branch selects nothing here.
    expect(await ids(lib, { pickupBranchId: [elsewhere.id] })).toEqual([]);
    expect(await ids(lib, { needBeforeFrom: '2027-01-01' })).toEqual([atScience]);
    expect(await ids(lib, { needBeforeFrom: '2026-11-01', needBeforeTo: '2026-12-31' })).toEqual([atMain]);
    // Days of completion list completed requests without includeCompleted.
    expect(await ids(lib, { completedFrom: '2026-11-25' })).toEqual([doneToday]);
    expect(await ids(lib, { completedTo: '2026-11-24' })).toEqual([doneEarlier]);
    expect(new Set(await ids(lib, { completedFrom: '2026-11-20', completedTo: '2026-11-25' }))).toEqual(
      new Set([doneEarlier, doneToday]),
    );
    expect(new Set(await ids(lib))).toEqual(new Set([atMain, atScience, nowhere]));
  });

  it('filters requests that need attention and those with undelivered messages', async () => {
    const lib = await kit.library();
    const flagged = await kit.borrowing(lib, 'pending');
    const failing = await kit.borrowing(lib, 'pending');
    const calm = await kit.borrowing(lib, 'pending');
    await kit.deliverAll(lib);
    await kit.needAttention(flagged);
    await kit.failDelivery(failing);

    expect(await ids(lib, { attention: true })).toEqual([flagged]);
    expect(new Set(await ids(lib, { attention: false }))).toEqual(new Set([failing, calm]));
    expect(await ids(lib, { undelivered: true })).toEqual([failing]);
    expect(new Set(await ids(lib, { undelivered: false }))).toEqual(new Set([flagged, calm]));
    // Each row says how many of its messages are not delivered, for the list to mark it.
    const counts = new Map((await list(lib)).items.map((item) => [item.id, item.undeliveredMessages]));
    expect([counts.get(failing), counts.get(flagged), counts.get(calm)]).toEqual([1, 0, 0]);
  });

  it('finds requests by words of titles, authors and publishers, matching word beginnings', async () => {
    const lib = await kit.library();
    const rose = await kit.borrowing(lib, 'new', { author: 'Umberto Eco', publisher: 'Harcourt' });
    const pendulum = await kit.borrowing(lib, 'new', { title: 'Foucault’s Pendulum', author: 'Umberto Eco' });
    const article = await kit.lending(lib, 'new', {
      type: 'article',
      serviceType: 'copy',
      title: 'Journal of Semiotics',
      articleTitle: 'Reading Eco’s novels',
    } as never);

    expect(await ids(lib, { q: 'rose' })).toEqual([rose]);
    expect(await ids(lib, { q: 'ros' })).toEqual([rose]);
    expect(new Set(await ids(lib, { q: 'umberto eco' }))).toEqual(new Set([rose, pendulum]));
    expect(new Set(await ids(lib, { q: 'Eco' }))).toEqual(new Set([rose, pendulum, article]));
    expect(await ids(lib, { q: 'PENDUL ECO' })).toEqual([pendulum]);
    expect(await ids(lib, { q: 'harcourt' })).toEqual([rose]);
    expect(await ids(lib, { q: 'semiotics novels' })).toEqual([article]);
    expect(await ids(lib, { q: 'eco', role: 'lending' })).toEqual([article]);
  });

  it('finds requests by ISBN, ISSN, DOI and OCLC number whatever their hyphens, spaces and case', async () => {
    const lib = await kit.library();
    const isbn13 = await kit.borrowing(lib, 'new', { isbn: '978-0-15-144647-6' });
    const isbn10 = await kit.borrowing(lib, 'new', { title: 'Ulysses', isbn: '0 8044 2957 x' });
    const journal = await kit.borrowing(lib, 'new', {
      type: 'article',
      serviceType: 'copy',
      title: 'Nature',
      articleTitle: 'Deep learning',
      issn: '0028-0836',
      doi: '10.1038/Nature14539',
    } as never);
    const oclc = await kit.lending(lib, 'new', { title: 'Moby Dick', oclcNumber: '(OCoLC)ocm00012345' });

    expect(await ids(lib, { q: '9780151446476' })).toEqual([isbn13]);
    expect(await ids(lib, { q: '978 0 15 144647 6' })).toEqual([isbn13]);
    expect(await ids(lib, { q: '0151446474' })).toEqual([isbn13]);
    expect(await ids(lib, { q: '080442957X' })).toEqual([isbn10]);
    expect(await ids(lib, { q: '978-0-8044-2957-3' })).toEqual([isbn10]);
    expect(await ids(lib, { q: '00280836' })).toEqual([journal]);
    expect(await ids(lib, { q: '0028-0836' })).toEqual([journal]);
    expect(await ids(lib, { q: 'https://doi.org/10.1038/nature14539' })).toEqual([journal]);
    expect(await ids(lib, { q: '10.1038/NATURE14539' })).toEqual([journal]);
    expect(await ids(lib, { q: '12345' })).toEqual([oclc]);
    expect(await ids(lib, { q: 'ocn12345' })).toEqual([oclc]);
  });

  it('finds requests by the values of their custom fields', async () => {
    const lib = await kit.library();
    const vault = await kit.borrowing(lib, 'new', {
      customFields: { shelfmark: 'Special Collections Vault', fund: 'History' },
    } as never);
    await kit.borrowing(lib, 'new', { customFields: { fund: 'Physics' } } as never);

    expect(await ids(lib, { q: 'vault' })).toEqual([vault]);
    expect(await ids(lib, { q: 'special coll' })).toEqual([vault]);
    expect(await ids(lib, { q: 'shelfmark' })).toEqual([]);
  });

  it('lists titles similar to a misspelt keyword when nothing matches it exactly', async () => {
    const lib = await kit.library();
    const rose = await kit.borrowing(lib, 'new');
    await kit.borrowing(lib, 'new', { title: 'Ulysses' });

    const page = await list(lib, { q: 'Name of the Rsoe' });
    expect(page.items.map((item) => item.id)).toEqual([rose]);
    expect(page.similarTitles).toBe(true);
    expect((await list(lib, { q: 'Name of the Rose' })).similarTitles).toBe(false);
    expect((await list(lib, { q: 'xylophone' })).items).toEqual([]);
  });

  it('offers no similar titles for an identifier or a number that matches nothing', async () => {
    const lib = await kit.library();
    await kit.borrowing(lib, 'new', { title: 'Rose 9780151446476' });
    for (const q of ['9780306406157', '0-306-40615-2', 'ILL-99999999', '1234-5678', '10.1000/xyz123']) {
      const page = await list(lib, { q });
      expect({ q, items: page.items, similar: page.similarTitles }).toEqual({ q, items: [], similar: false });
    }
  });

  it('leaves completed requests out unless asked, but always finds one by its request number', async () => {
    const lib = await kit.library();
    const done = await kit.borrowing(lib, 'completed');
    const open = await kit.borrowing(lib, 'new');
    const { number } = await database.db
      .selectFrom('request')
      .select('number')
      .where('id', '=', done)
      .executeTakeFirstOrThrow();

    expect(await ids(lib)).toEqual([open]);
    expect(new Set(await ids(lib, { includeCompleted: true }))).toEqual(new Set([done, open]));
    expect(await ids(lib, { q: `ILL-${number}` })).toEqual([done]);
    expect(await ids(lib, { q: `ill-${number}` })).toEqual([done]);
    expect(await ids(lib, { q: String(number) })).toEqual([done]);
    expect(await ids(lib, { q: 'rose' })).toEqual([open]);
    const [item] = (await list(lib, { q: `ILL-${number}` })).items;
    expect(item?.completedAt).toBe('2026-11-25T09:00:00.000Z');
  });

  /** A library with ties, nulls and distinct values in every sortable column. */
  async function sortableLibrary() {
    clock.set('2026-11-25T09:00:00Z');
    const lib = await kit.library();
    const bea = await insertPatron(database.db, lib.id, 'Bea Borrower');
    const made: string[] = [];
    const variants = [
      { scenario: 'new', details: { title: 'Alpha', author: 'Cole', needBefore: '2027-01-10' } },
      { scenario: 'pending', details: { title: 'beta', author: 'cole', patronId: bea.id } },
      { scenario: 'shipped', details: { title: 'Gamma', author: null, needBefore: '2027-01-10' } },
      { scenario: 'shipped', details: { title: 'Alpha', author: 'Abbot', type: 'thesis' } },
      { scenario: 'new', details: { title: 'delta', author: 'Cole', needBefore: '2026-12-24' } },
      { scenario: 'terminated', details: { title: 'Beta', type: 'journal' } },
    ] as const;
    for (const variant of variants) {
      made.push(await kit.borrowing(lib, variant.scenario, variant.details as never));
      clock.advance(60_000);
    }
    made.push(await kit.lending(lib, 'shipped', { title: 'Alpha', author: 'Cole' }));
    made.push(await kit.lending(lib, 'new', { title: 'Epsilon' }));
    // Two completed requests a day apart, and two done by hand (manual backend).
    made.push(await kit.borrowing(lib, 'completed', { title: 'Zeta' }));
    clock.advance(24 * HOUR);
    made.push(await kit.borrowing(lib, 'completed', { title: 'Eta' }));
    for (const title of ['Theta', 'Iota']) {
      const { body } = await kit.services.requests.create(
        lib.caller,
        { details: { type: 'book', serviceType: 'loan', title }, backend: 'manual', rota: [] },
        null,
      );
      made.push(body.id);
    }
    clock.set('2026-11-25T09:00:00Z');
    // Two requests changed in the very same instant: updatedAt ties too.
    await sql`update request set updated_at = '2026-11-25 10:00:00+00' where id in (${made[0]}, ${made[1]})`.execute(
      database.db,
    );
    // Custom statuses (two requests share one), pickup branches (two share one), attention reasons.
    await insertCustomStatus(lib.id, 'AWAITING_PAYMENT', 'Awaiting payment');
    await insertCustomStatus(lib.id, 'WITH_BINDERY', 'at the bindery');
    await setCustomStatus(made[0]!, 'WITH_BINDERY');
    await setCustomStatus(made[2]!, 'AWAITING_PAYMENT');
    await setCustomStatus(made[4]!, 'AWAITING_PAYMENT');
    const town = await insertBranch(lib.id, 'TOWN', 'Town Library');
    const village = await insertBranch(lib.id, 'VILLAGE', 'village Library');
    await sql`update request set pickup_branch_id = ${village.id} where id = ${made[1]}`.execute(database.db);
    await sql`update request set pickup_branch_id = ${town.id} where id in (${made[3]}, ${made[5]})`.execute(
      database.db,
    );
    await kit.needAttention(made[2]!, UNDELIVERABLE);
    await kit.needAttention(made[6]!);
    return { lib, made };
  }

  /** Page sizes of `total` requests in pages of `size`. */
  const pageSizes = (total: number, size: number) =>
    Array.from({ length: Math.ceil(total / size) }, (_, index) => Math.min(size, total - index * size));

  it.each(SORT_KEYS)(
    'sorts by %s both ways, pages without repeating or skipping a request, and breaks ties the same way',
    async (sort: SortKey) => {
      const { lib, made } = await sortableLibrary();
      const query = { sort, includeCompleted: true } as const;
      const ascending = (await list(lib, { ...query, order: 'asc', limit: 200 })).items.map(
        (item) => item.id,
      );
      const descending = (await list(lib, { ...query, order: 'desc', limit: 200 })).items.map(
        (item) => item.id,
      );
      expect(new Set(ascending)).toEqual(new Set(made));
      expect(descending).toEqual([...ascending].reverse());

      for (const order of ['asc', 'desc'] as const) {
        const pages = await allPages(lib, { ...query, order, limit: 3 });
        expect(pages.map((page) => page.length)).toEqual(pageSizes(made.length, 3));
        expect(pages.flat().map((item) => item.id)).toEqual(order === 'asc' ? ascending : descending);
      }
    },
  );

  it('puts values in their order, requests without a value last when ascending, ties by id', async () => {
    const { lib } = await sortableLibrary();
    const column = async (sort: SortKey, pick: (item: RequestListItem) => unknown) =>
      (await list(lib, { sort, order: 'asc', limit: 200 })).items.map(pick);
    const withCompleted = async (sort: SortKey, pick: (item: RequestListItem) => unknown) =>
      (await list(lib, { sort, order: 'asc', limit: 200, includeCompleted: true })).items.map(pick);

    expect(await column('role', (item) => item.role)).toEqual([
      ...Array(8).fill('borrowing'),
      'lending',
      'lending',
    ]);
    expect(await column('backend', (item) => item.backend)).toEqual([
      ...Array(8).fill('iso18626'),
      'manual',
      'manual',
    ]);
    expect(await column('customStatus', (item) => item.customStatus?.label ?? null)).toEqual([
      'at the bindery',
      'Awaiting payment',
      'Awaiting payment',
      ...Array(7).fill(null),
    ]);
    expect(await column('pickupBranch', (item) => item.pickupBranch?.name ?? null)).toEqual([
      'Town Library',
      'Town Library',
      'village Library',
      ...Array(7).fill(null),
    ]);
    // By the kind of reason.
    expect(await column('attention', (item) => item.attention?.code ?? null)).toEqual([
      'message_undeliverable',
      'partner_message_refused',
      ...Array(8).fill(null),
    ]);
    expect((await column('attention', (item) => item.attention))[0]).toEqual(UNDELIVERABLE);
    const completed = await withCompleted('completedAt', (item) => item.completedAt);
    expect(completed.slice(0, 2)).toEqual(['2026-11-25T09:06:00.000Z', '2026-11-26T09:06:00.000Z']);
    expect(completed.slice(2)).toEqual(Array(10).fill(null));
    const customTies = (await list(lib, { sort: 'customStatus', order: 'asc' })).items
      .filter((item) => item.customStatus?.code === 'AWAITING_PAYMENT')
      .map((item) => item.id);
    expect(customTies).toEqual([...customTies].sort());

    expect(await column('title', (item) => item.title.toLowerCase())).toEqual([
      'alpha',
      'alpha',
      'alpha',
      'beta',
      'beta',
      'delta',
      'epsilon',
      'gamma',
      'iota',
      'theta',
    ]);
    expect(await column('author', (item) => item.author?.toLowerCase() ?? null)).toEqual([
      'abbot',
      'cole',
      'cole',
      'cole',
      'cole',
      ...Array(5).fill(null),
    ]);
    expect(await column('needBefore', (item) => item.needBefore)).toEqual([
      '2026-12-24',
      '2027-01-10',
      '2027-01-10',
      ...Array(7).fill(null),
    ]);
    expect(await column('patron', (item) => item.patron?.name ?? null)).toEqual([
      'Ada Reader',
      'Ada Reader',
      'Ada Reader',
      'Ada Reader',
      'Ada Reader',
      'Bea Borrower',
      ...Array(4).fill(null),
    ]);
    const numbers = await column('number', (item) => item.number);
    expect(numbers).toEqual([...(numbers as number[])].sort((a, b) => a - b));
    const created = await column('createdAt', (item) => item.createdAt);
    expect(created).toEqual([...(created as string[])].sort());
    const titles = (await list(lib, { sort: 'title', order: 'asc', limit: 200 })).items;
    const alphas = titles.filter((item) => item.title === 'Alpha').map((item) => item.id);
    expect(alphas).toEqual([...alphas].sort());
  });

  it('counts every match when asked, up to 10 000', async () => {
    const lib = await kit.library();
    await kit.borrowing(lib, 'new');
    await kit.borrowing(lib, 'pending');
    const page = await list(lib, { count: 'exact', limit: 1 });
    expect(page.items).toHaveLength(1);
    expect(page.total).toEqual({ value: 2, relation: 'eq' });
    expect((await list(lib, { count: 'exact', status: ['new'] })).total).toEqual({
      value: 1,
      relation: 'eq',
    });

    // A bulk fixture: ten thousand and one New requests written in one statement.
    await sql`
      insert into request (library_id, role, backend, status, type, title, service_type, created_at, updated_at)
      select ${lib.id}, 'borrowing', 'manual', 'new', 'book', 'Bulk title ' || n, 'loan', now(), now()
        from generate_series(1, 10001) as n`.execute(database.db);
    expect((await list(lib, { count: 'exact', limit: 1 })).total).toEqual({ value: 10_000, relation: 'gte' });
  });

  it('refuses a cursor made for another sort order or other filters, and one that is not a cursor', async () => {
    const lib = await kit.library();
    for (let index = 0; index < 3; index++) await kit.borrowing(lib, 'new');
    const { nextCursor } = await list(lib, { sort: 'title', limit: 1 });
    expect(nextCursor).not.toBeNull();
    const cursor = nextCursor as string;

    for (const query of [
      { sort: 'author', cursor },
      { sort: 'title', order: 'asc', cursor },
      { sort: 'title', role: 'lending', cursor },
      { cursor: 'not-a-cursor' },
      { cursor: Buffer.from('[1,"title","desc","x",0,0,"a","b"]').toString('base64url') },
    ] as RequestListQuery[]) {
      const error = await list(lib, query).catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0]?.field).toBe('querystring.cursor');
    }
  });
});
