/**
 * Fills an Interlend database with many realistic requests, fast: rows are made by PostgreSQL itself
 * (`INSERT … SELECT` over `generate_series`, which runs at COPY speed without a round trip per row)
 * from a deterministic hash of each row number, so that two runs generate the same data.
 *
 * Requests are spread over the libraries already in the database (uneven, as real libraries are),
 * borrowing and lending, books, articles and the rest, over five years with more recent than old ones.
 * Old requests are mostly completed; recent ones are open, in every state of the engine, in the mix of
 * `scenarios.ts`, with the rota, transactions and history that brought them there, so work queues and
 * request pages read what they would in a real library. Titles, authors and identifiers come from the
 * word lists of `words.ts` with a skew, so keyword searches meet realistic selectivities.
 *
 * Bulk loading into a table with its ~40 indexes would maintain every index row by row; instead the
 * generator drops the indexes that back no constraint, loads, and builds them again from their own
 * definitions (`pg_get_indexdef`), all in one database transaction. The tables' own triggers (current
 * transaction copies, change notifications) are switched off for the load: the generator writes what
 * they would have written, and nobody listens to a database being filled.
 */
import pg from 'pg';
import { ADJECTIVES, GIVEN_NAMES, JOURNALS, NOUNS, PLACES, PUBLISHERS, SURNAMES } from './words.ts';
import { edgeIdOf, weightedScenarios } from './scenarios.ts';

/** What was generated, and how long it took. */
export interface GeneratedData {
  readonly requests: number;
  readonly transactions: number;
  readonly history: number;
  readonly patrons: number;
  /** Milliseconds: loading rows, building indexes, vacuum and analyse. */
  readonly timings: { readonly loadMs: number; readonly indexMs: number; readonly vacuumMs: number };
}

/** Options of {@link generateRequests}. */
export interface GeneratorOptions {
  /** How many requests to add. */
  readonly requests: number;
  /** "Now" of the data: no request is created or changed after it. */
  readonly now: Date;
  /** Changes every generated value; the same seed generates the same data. */
  readonly seed?: number;
  /** Progress lines. */
  readonly log?: (line: string) => void;
}

const TABLES = ['request', 'rota_entry', 'transaction', 'history', 'patron'] as const;

/** Each library's weight among requests: the first library the busiest. */
const LIBRARY_WEIGHTS = [0.34, 0.26, 0.2, 0.2];

const unique = (words: readonly string[]) => [...new Set(words)];

/**
 * Adds `requests` requests (with patrons, rotas, transactions and history) to the database at `url`,
 * which must hold libraries with their partner directories: each library's ISO 18626 partners among
 * the other libraries, an email partner and a manual partner (as `seedConsortium` makes them).
 */
export async function generateRequests(url: string, options: GeneratorOptions): Promise<GeneratedData> {
  const log = options.log ?? (() => undefined);
  const client = new pg.Client({ connectionString: url, application_name: 'interlend-bench-generator' });
  await client.connect();
  try {
    const started = performance.now();
    await client.query('begin');
    // One transaction, one commit: a large sort memory builds the indexes in memory.
    await client.query(`set local maintenance_work_mem = '512MB'`);
    await client.query(`set local work_mem = '128MB'`);
    await createWorkTables(client, options);
    const patrons = await insertPatrons(client, options.requests);
    await createGenerationTable(client, options);
    const indexes = await dropIndexes(client);
    const fast = await skipTriggers(client);
    log(`loading ${options.requests} requests${fast ? ' (triggers and foreign-key checks off)' : ''}`);
    const counts = await insertRows(client);
    log(
      `generated ${counts.requests} requests, ${counts.transactions} transactions, ${counts.history} history rows in ${Math.round((performance.now() - started) / 1000)} s; building ${indexes.length} indexes`,
    );
    const loaded = performance.now();
    for (const definition of indexes) await client.query(definition);
    if (!fast) for (const table of TABLES) await client.query(`alter table ${table} enable trigger user`);
    await client.query(
      `select setval(pg_get_serial_sequence('request', 'number'), (select max(number) from request))`,
    );
    await client.query('commit');
    const indexed = performance.now();
    // Visibility maps for index-only scans (work-queue counts) and fresh statistics for the planner,
    // as autovacuum would leave them on a database that grew over years.
    for (const table of TABLES) await client.query(`vacuum (analyze) ${table}`);
    const vacuumed = performance.now();
    return {
      ...counts,
      patrons,
      timings: {
        loadMs: loaded - started,
        indexMs: indexed - loaded,
        vacuumMs: vacuumed - indexed,
      },
    };
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The libraries, their partners, the scenarios and their steps, as temporary tables. */
async function createWorkTables(client: pg.Client, options: GeneratorOptions): Promise<void> {
  await client.query(`
    create temporary table bench_lib on commit drop as
    select row_number() over (order by l.created_at, l.symbol)::int as idx, l.id, l.name,
           array(select p.id from partner p
                  where p.library_id = l.id and p.protocol = 'iso18626' and p.active
                    and p.symbol in (select symbol from library) order by p.symbol) as iso,
           array(select p.name from partner p
                  where p.library_id = l.id and p.protocol = 'iso18626' and p.active
                    and p.symbol in (select symbol from library) order by p.symbol) as iso_names,
           (select p.id from partner p where p.library_id = l.id and p.protocol = 'email' order by p.symbol limit 1) as email,
           (select p.name from partner p where p.library_id = l.id and p.protocol = 'email' order by p.symbol limit 1) as email_name,
           (select p.id from partner p where p.library_id = l.id and p.protocol = 'manual' order by p.symbol limit 1) as manual,
           (select p.name from partner p where p.library_id = l.id and p.protocol = 'manual' order by p.symbol limit 1) as manual_name,
           array(select b.id from pickup_branch b where b.library_id = l.id order by b.code) as branches
      from library l`);
  const { rows } = await client.query<{ idx: number; iso: number; email: boolean; manual: boolean }>(
    `select idx, cardinality(iso) as iso, email is not null as email, manual is not null as manual from bench_lib`,
  );
  if (rows.length === 0) throw new Error('the database has no library to generate requests for');
  for (const row of rows) {
    if (row.iso < 2 || !row.email || !row.manual) {
      throw new Error(
        'each library needs two ISO 18626 partners among the other libraries, an email and a manual partner',
      );
    }
  }
  // Weights of the libraries present, cumulated: the first libraries get the larger shares.
  const weights = rows.map((_, index) => LIBRARY_WEIGHTS[index] ?? 0.2);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let reached = 0;
  const upper = weights.map((weight) => (reached += weight / total));
  await client.query(`alter table bench_lib add column upper float8`);
  await client.query(`update bench_lib set upper = ($1::float8[])[idx]`, [
    upper.map((value, index) => (index === upper.length - 1 ? 1.000001 : value)),
  ]);

  const scenarios = weightedScenarios();
  await client.query(`
    create temporary table bench_scenario (
      id int primary key, role text, service text, open boolean, lo float8, hi float8, status text,
      states text[], receipt boolean, returned boolean, answered boolean, overdue boolean, steps int
    ) on commit drop`);
  await client.query(
    `insert into bench_scenario
     select id, role, service, open, lo, hi, status, states::text[], receipt, returned, answered, overdue, steps
       from unnest($1::int[], $2::text[], $3::text[], $4::boolean[], $5::float8[], $6::float8[],
                          $7::text[], $8::text[], $9::boolean[], $10::boolean[], $11::boolean[], $12::boolean[], $13::int[])
       as s(id, role, service, open, lo, hi, status, states, receipt, returned, answered, overdue, steps)`,
    [
      scenarios.map((s) => s.id),
      scenarios.map((s) => s.role),
      scenarios.map((s) => s.service),
      scenarios.map((s) => s.open),
      scenarios.map((s) => s.from),
      scenarios.map((s) => s.to),
      scenarios.map((s) => s.status),
      // unnest over a text[] of array literals: each row's states as '{a,b}'.
      scenarios.map((s) => `{${s.states.join(',')}}`),
      scenarios.map((s) => s.receiptRecorded === true),
      scenarios.map((s) => s.returnRecorded === true),
      scenarios.map((s) => s.answered === true),
      scenarios.map((s) => s.overdue === true),
      scenarios.map((s) => s.steps.length),
    ],
  );

  const steps = scenarios.flatMap((scenario) =>
    scenario.steps.map((step, index) => ({
      scenario: scenario.id,
      ord: index + 1,
      edge: edgeIdOf(step),
      ...step,
    })),
  );
  await client.query(`
    create temporary table bench_step (
      scenario int, ord int, machine text, edge_id text, kind text, name text, from_state text,
      to_state text, actor text, position int
    ) on commit drop`);
  await client.query(
    `insert into bench_step
     select * from unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                          $8::text[], $9::text[], $10::int[])`,
    [
      steps.map((s) => s.scenario),
      steps.map((s) => s.ord),
      steps.map((s) => s.machine),
      steps.map((s) => s.edge),
      steps.map((s) => s.kind),
      steps.map((s) => s.name),
      steps.map((s) => s.from),
      steps.map((s) => s.to),
      steps.map((s) => s.actor),
      steps.map((s) => s.position),
    ],
  );
  // Messages each party sent on each transaction: its own actions and rota sends.
  await client.query(`
    create temporary table bench_sent on commit drop as
    select scenario, position, count(*)::int as sent
      from bench_step
     where position is not null and actor in ('staff', 'system')
     group by scenario, position`);

  // A uniform draw in [0, 1) for row g and purpose k: a hash, so the data are the same every run.
  const seed = options.seed ?? 18626;
  await client.query(`
    create function pg_temp.u(g bigint, k int) returns float8 language sql immutable parallel safe as
    $$ select ((hashint8extended(g, k + ${Number(seed)} * 1000) & 2147483647)::float8 / 2147483648.0) $$`);
  await client.query(`
    create function pg_temp.pick(words text[], r float8, skew float8) returns text
    language sql immutable parallel safe as
    $$ select words[1 + floor(cardinality(words) * power(r, skew))::int] $$`);
}

/** Patrons of each library: one for every 200 requests, at least 50. */
async function insertPatrons(client: pg.Client, requests: number): Promise<number> {
  const perLibrary = Math.max(50, Math.ceil(requests / 200));
  await client.query(`alter table bench_lib add column patrons int`);
  await client.query(`update bench_lib set patrons = $1`, [perLibrary]);
  const result = await client.query(
    `
    insert into patron (id, library_id, card_number, name, email, secret_hash, created_at)
    select md5('bench-patron:' || l.idx || ':' || k)::uuid, l.id,
           'G' || l.idx || lpad(k::text, 7, '0'),
           initcap(pg_temp.pick($1::text[], pg_temp.u(k, 200 + l.idx), 1.3)) || ' ' ||
             initcap(pg_temp.pick($2::text[], pg_temp.u(k, 300 + l.idx), 1.6)),
           case when pg_temp.u(k, 400 + l.idx) < 0.9
                then 'patron' || l.idx || '.' || k || '@mail.example' end,
           -- Never matches a PIN: generated patrons do not log in.
           'generated:no-login',
           now() - interval '6 years'
      from bench_lib l
     cross join generate_series(1, l.patrons) k`,
    [unique(GIVEN_NAMES), unique(SURNAMES)],
  );
  return result.rowCount ?? 0;
}

/** The partner at rota position `position` of a row of `chosen c` joined to its library `l`. */
function partnerAt(position: string, column: 'iso' | 'iso_names'): string {
  const [email, manual] = column === 'iso' ? ['l.email', 'l.manual'] : ['l.email_name', 'l.manual_name'];
  return `case when c.backend = 'iso18626' then l.${column}[1 + (c.partner_offset + ${position}) % cardinality(l.iso)]
               when c.backend = 'email' then ${email} else ${manual} end`;
}

/** One row per request to generate, with every random choice made, and its rota. */
async function createGenerationTable(client: pg.Client, options: GeneratorOptions): Promise<void> {
  const { rows } = await client.query<{ max: string | null }>(`select max(number)::text as max from request`);
  const offset = Number(rows[0]?.max ?? 0);
  const shippedStates = `('shipped', 'received', 'renew_pending', 'overdue', 'recall', 'returned', 'checked_in')`;
  await client.query(
    `
    create temporary table bench_gen on commit drop as
    with base as (
      select g,
             md5('bench-request:' || $4::int || ':' || g)::uuid as id,
             (select l.idx from bench_lib l where l.upper > pg_temp.u(g, 1) order by l.idx limit 1) as lib,
             case when pg_temp.u(g, 2) < 0.6 then 'borrowing' else 'lending' end as role,
             case when pg_temp.u(g, 3) < 0.50 then 'book'
                  when pg_temp.u(g, 3) < 0.80 then 'article'
                  when pg_temp.u(g, 3) < 0.90 then 'chapter'
                  when pg_temp.u(g, 3) < 0.94 then 'journal'
                  when pg_temp.u(g, 3) < 0.97 then 'thesis'
                  else 'other' end as type,
             -- Age in days over five years, more recent requests than old ones.
             1825 * power(pg_temp.u(g, 4), 1.2) as age
        from generate_series(1, $1::int) g
    ),
    shaped as (
      select b.*,
             case when b.type in ('article', 'chapter') then 'copy' else 'loan' end as service,
             -- Recent requests are open; a few old ones are stuck.
             pg_temp.u(b.g, 5) < case when b.age < 30 then 0.95 when b.age < 90 then 0.5
                                      when b.age < 365 then 0.02 else 0.002 end as open,
             $2::timestamptz - b.age * interval '1 day' as created
        from base b
    ),
    chosen as (
      select s.*, sc.id as scenario, sc.status, sc.states, cardinality(sc.states) as ntx, sc.receipt,
             sc.returned, sc.answered, sc.overdue, sc.steps as nsteps,
             case when s.role = 'lending' then case when pg_temp.u(s.g, 7) < 0.9 then 'iso18626' else 'email' end
                  when pg_temp.u(s.g, 7) < 0.85 then 'iso18626'
                  when pg_temp.u(s.g, 7) < 0.95 then 'email' else 'manual' end as backend,
             case when s.open
                  then s.created + ($2::timestamptz - s.created) * (0.3 + 0.7 * pg_temp.u(s.g, 9))
                  else least(s.created + (case when s.service = 'copy' then 2 + 10 * pg_temp.u(s.g, 10)
                                               else 10 + 50 * pg_temp.u(s.g, 10) end) * interval '1 day',
                             $2::timestamptz - interval '1 hour')
             end as updated,
             floor(pg_temp.u(s.g, 8) * 1000)::int as partner_offset,
             1 + (pg_temp.u(s.g, 28) < 0.5)::int as planned_rota
        from shaped s
        join bench_scenario sc on sc.role = s.role and sc.service = s.service and sc.open = s.open
                              and pg_temp.u(s.g, 6) >= sc.lo and pg_temp.u(s.g, 6) < sc.hi
    )
    select c.*, $3::bigint + row_number() over (order by c.created, c.g) as number,
           l.id as library_id, l.name as library_name,
           case when pg_temp.u(c.g, 11) < 0.9
                then md5('bench-patron:' || c.lib || ':' || (1 + floor(pg_temp.u(c.g, 12) * l.patrons)::int))::uuid
           end as patron_id,
           l.branches[1 + floor(pg_temp.u(c.g, 30) * cardinality(l.branches))::int] as branch_id,
           -- Lending requests have one transaction, with the requesting library; borrowing requests a
           -- rota of one to three partners (one for an email or manual backend, tried twice at most).
           case when c.role = 'lending' then 1
                else least(greatest(c.ntx, c.planned_rota),
                           case when c.backend = 'iso18626' then cardinality(l.iso) else 2 end) end as rota,
           case when c.ntx > 0 then ${partnerAt('(c.ntx - 1)', 'iso')} end as current_partner,
           case when c.role = 'lending' then ${partnerAt('0', 'iso')} end as requester_partner,
           ${partnerAt('0', 'iso_names')} as first_partner_name,
           case
             when c.ntx = 0 or c.service <> 'loan' or c.states[c.ntx] not in ${shippedStates} then null
             when c.overdue then ($2::timestamptz - (1 + 20 * pg_temp.u(c.g, 31)) * interval '1 day')::date
             when c.open then ($2::timestamptz + (40 * pg_temp.u(c.g, 31) - 10) * interval '1 day')::date
             else (c.created + interval '28 days')::date
           end as due
      from chosen c
      join bench_lib l on l.idx = c.lib
     -- Stored and then inserted in creation order, so that the tables are laid out as years of use
     -- leave them and request numbers grow with time.
     order by c.created, c.g`,
    [options.requests, options.now.toISOString(), offset, options.seed ?? 18626],
  );
  await client.query(`
    create temporary table bench_rota on commit drop as
    select c.g, p.position, ${partnerAt('p.position', 'iso')} as partner_id,
           ${partnerAt('p.position', 'iso_names')} as partner_name
      from bench_gen c
      join bench_lib l on l.idx = c.lib
     cross join lateral generate_series(0, c.rota - 1) p(position)`);
  await client.query(`create index on bench_rota (g, position)`);
  await client.query(`analyze bench_gen`);
  await client.query(`analyze bench_rota`);
}

/**
 * Switches the tables' triggers off for the load. A superuser (the embedded server) skips the
 * foreign-key checks too (`session_replication_role = replica`): the generator makes every reference
 * from rows it has just written. Another role disables its own triggers (`ALTER TABLE … DISABLE
 * TRIGGER USER`, as the tables' owner), and PostgreSQL still checks each reference. Returns whether
 * the fast way was taken.
 */
async function skipTriggers(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query<{ superuser: boolean }>(
    `select rolsuper as superuser from pg_roles where rolname = current_user`,
  );
  if (rows[0]?.superuser === true) {
    await client.query(`set local session_replication_role = replica`);
    return true;
  }
  for (const table of TABLES) await client.query(`alter table ${table} disable trigger user`);
  return false;
}

/** Drops the indexes that back no constraint; returns their definitions, to build them again. */
async function dropIndexes(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ name: string; definition: string }>(
    `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
       from pg_index i
      where i.indrelid = any($1::regclass[])
        and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
      order by i.indexrelid`,
    [TABLES],
  );
  for (const row of rows) await client.query(`drop index ${row.name}`);
  return rows.map((row) => row.definition);
}

/** The requests, their rotas, transactions and history. */
async function insertRows(
  client: pg.Client,
): Promise<{ requests: number; transactions: number; history: number }> {
  // The word lists travel as parameters: constants of the plan, read in place for every row.
  const lists = [NOUNS, ADJECTIVES, SURNAMES, GIVEN_NAMES, PUBLISHERS, PLACES, JOURNALS].map(unique);
  const noun = (k: number) => `initcap(pg_temp.pick($1::text[], pg_temp.u(g.g, ${k}), 2.2))`;
  const adjective = (k: number) => `initcap(pg_temp.pick($2::text[], pg_temp.u(g.g, ${k}), 1.8))`;
  const title = `case floor(pg_temp.u(g.g, 13) * 5)::int
        when 0 then ${adjective(14)} || ' ' || ${noun(15)}
        when 1 then ${adjective(14)} || ' ' || ${noun(15)} || ' and ' || ${noun(16)}
        when 2 then 'The ' || ${noun(15)} || ' of ' || ${noun(16)}
        when 3 then ${noun(15)} || ' in ' || ${adjective(14)} || ' ' || ${noun(16)} || ': ' || ${adjective(17)} || ' ' || ${noun(18)}
        else ${adjective(14)} || ' ' || ${noun(15)} || ': a ' || lower(${noun(16)}) || ' of ' || lower(${noun(18)}) end`;
  const requests = await client.query(
    `
    insert into request (
      id, number, library_id, role, backend, status, type, title, author, article_title, volume, issue,
      pages, year, edition, publisher, place, isbn, issn, doi, oclc_number, service_type, need_before,
      pickup_branch_id, patron_id, copyright_accepted, partner_id, partner_request_id, attention,
      completed_at, created_at, updated_at, version, current_position, current_state, current_partner_id,
      current_due_date, current_return_recorded, lender_answered)
    select g.id, g.number, g.library_id, g.role, g.backend, g.status, g.type,
           case when g.type in ('article', 'journal') then pg_temp.pick($7::text[], pg_temp.u(g.g, 26), 1.7)
                else ${title} end,
           case when pg_temp.u(g.g, 19) < 0.92
                then initcap(pg_temp.pick($3::text[], pg_temp.u(g.g, 20), 1.5)) || ', ' ||
                     initcap(pg_temp.pick($4::text[], pg_temp.u(g.g, 21), 1.3)) end,
           case when g.type in ('article', 'chapter') then ${title} end,
           case when g.type in ('article', 'journal') then (1 + floor(pg_temp.u(g.g, 22) * 80))::text end,
           case when g.type = 'article' then (1 + floor(pg_temp.u(g.g, 23) * 12))::text end,
           case when g.type in ('article', 'chapter')
                then (1 + floor(pg_temp.u(g.g, 27) * 400))::int || '-' || (20 + floor(pg_temp.u(g.g, 27) * 400))::int end,
           (1950 + floor(75 * power(pg_temp.u(g.g, 22), 0.5)))::int::text,
           case when g.type = 'book' and pg_temp.u(g.g, 24) < 0.2 then (2 + floor(pg_temp.u(g.g, 25) * 4))::int || 'nd edn' end,
           case when g.type in ('book', 'chapter', 'thesis') then pg_temp.pick($5::text[], pg_temp.u(g.g, 24), 1.5) end,
           case when g.type in ('book', 'chapter') then pg_temp.pick($6::text[], pg_temp.u(g.g, 25), 1.5) end,
           case when g.type in ('book', 'chapter') and pg_temp.u(g.g, 23) < 0.85
                then '978' || lpad(floor(pg_temp.u(g.g, 32) * 1e10)::bigint::text, 10, '0') end,
           case when g.type in ('article', 'journal')
                then lpad(floor(pg_temp.u(g.g, 33) * 1e4)::int::text, 4, '0') || '-' || lpad(floor(pg_temp.u(g.g, 34) * 1e4)::int::text, 4, '0') end,
           case when g.type = 'article' and pg_temp.u(g.g, 35) < 0.6
                then '10.' || (1000 + floor(pg_temp.u(g.g, 36) * 9000))::int || '/' || to_hex(g.g::bigint * 7919 + 104729) end,
           case when pg_temp.u(g.g, 37) < 0.3 then 'ocm' || lpad(floor(pg_temp.u(g.g, 38) * 1e8)::int::text, 8, '0') end,
           g.service,
           case when pg_temp.u(g.g, 39) < 0.2 then (g.created + interval '30 days')::date end,
           case when g.role = 'borrowing' then g.branch_id end,
           case when g.role = 'borrowing' then g.patron_id end,
           g.role = 'borrowing' and g.service = 'copy',
           g.requester_partner,
           case when g.role = 'lending' then 'GEN-' || g.g end,
           case when g.open and pg_temp.u(g.g, 29) < 0.003
                then jsonb_build_object('code', 'partner_message_refused', 'params', jsonb_build_object(
                  'partner', coalesce(g.first_partner_name, 'A partner'), 'message', 'StatusChange Loaned',
                  'event', 'shipped', 'role', case when g.role = 'borrowing' then 'requester' else 'responder' end,
                  'state', g.states[g.ntx], 'refusal', 'not_allowed_in_state', 'rule', 'G2')) end,
           case when not g.open then g.updated end,
           g.created, g.updated, g.nsteps,
           case when g.ntx > 0 then g.ntx - 1 end,
           g.states[g.ntx],
           case when g.ntx > 0 then g.current_partner end,
           g.due,
           g.returned,
           g.answered
      from bench_gen g`,
    lists,
  );

  await client.query(`
    insert into rota_entry (request_id, position, partner_id, added_at)
    select g.id, r.position, r.partner_id, g.created
      from bench_gen g join bench_rota r on r.g = g.g
     where g.role = 'borrowing'`);

  const shipped = `('shipped', 'received', 'renew_pending', 'overdue', 'recall', 'returned', 'checked_in')`;
  const transactions = await client.query(
    `
    insert into transaction (
      request_id, rota_position, role, partner_id, state, requested_service_types, current_service_type,
      shipped_service_type, can_hold, due_date, shipment_recorded, receipt_recorded, return_recorded,
      sent_count, completed_at, local_reference, partner_reference, last_message_at, created_at, updated_at)
    select g.id, t.ord - 1,
           case when g.role = 'borrowing' then 'requester' else 'responder' end,
           r.partner_id, t.state, array[g.service], g.service,
           case when t.state in ${shipped} then g.service end,
           'policy',
           case when t.ord = g.ntx then g.due end,
           t.state in ${shipped},
           t.ord = g.ntx and g.receipt,
           t.ord = g.ntx and g.returned,
           coalesce(s.sent, 0),
           case when t.state in ('not_supplied', 'cancelled', 'checked_in', 'lost')
                  or (g.service = 'copy' and g.role = 'borrowing' and t.state = 'received')
                  or (g.service = 'copy' and g.role = 'lending' and t.state = 'shipped')
                then case when t.ord = g.ntx then g.updated else g.created + (g.updated - g.created) / 2 end end,
           case when g.role = 'borrowing' then 'ILL-' || g.number || '-' || t.ord else 'ILL-' || g.number end,
           case when g.role = 'lending' then 'GEN-' || g.g
                when t.state <> 'pending' then 'SUP-' || g.g || '-' || t.ord end,
           g.updated,
           g.created + (t.ord - 1) * interval '1 minute',
           g.updated
      from bench_gen g
     cross join lateral unnest(g.states) with ordinality t(state, ord)
      join bench_rota r on r.g = g.g and r.position = case when g.role = 'lending' then 0 else t.ord - 1 end
      left join bench_sent s on s.scenario = g.scenario and s.position = t.ord - 1`,
  );

  const history = await client.query(
    `
    insert into history (
      request_id, rota_position, at, actor_kind, actor_id, actor_name, machine, edge_id, event_kind,
      event_name, from_state, to_state, note, data)
    select g.id, case when g.role = 'lending' and st.position is not null then 0 else st.position end,
           g.created + (g.updated - g.created) * ((st.ord - 1)::float8 / greatest(g.nsteps - 1, 1)),
           st.actor, null,
           case st.actor when 'staff' then g.library_name || ' ILL desk'
                         when 'partner' then coalesce(r.partner_name, g.first_partner_name, 'Partner')
                         when 'patron' then 'Patron' else 'Interlend' end,
           st.machine, st.edge_id, st.kind, st.name, st.from_state, st.to_state, null, '{}'::jsonb
      from bench_gen g
      join bench_step st on st.scenario = g.scenario
      left join bench_rota r on r.g = g.g and r.position = st.position`,
  );
  return {
    requests: requests.rowCount ?? 0,
    transactions: transactions.rowCount ?? 0,
    history: history.rowCount ?? 0,
  };
}
