import { readdirSync } from 'node:fs';
import { Migrator, NO_MIGRATIONS, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createDatabase } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { migrations } from '../../src/db/migrations/index.ts';
import { readAttention } from '../../src/workflow/attention.ts';
import { describeEachDatabase } from '../support/databases.ts';

const ALL = Object.keys(migrations);

describe('the migrations index', () => {
  it('lists every migration file, named NNNN-kebab-name, in order', () => {
    const files = readdirSync(new URL('../../src/db/migrations/', import.meta.url))
      .filter((file) => file !== 'index.ts' && file.endsWith('.ts') && !file.endsWith('.test.ts'))
      .map((file) => file.replace(/\.ts$/, ''))
      .sort();
    expect(ALL).toEqual(files);
    for (const name of files) expect(name).toMatch(/^\d{4}-[a-z0-9]+(-[a-z0-9]+)*$/);
  });
});

describeEachDatabase(
  'migrations',
  (database) => {
    it('apply every migration to an empty database', async () => {
      expect(await migrateToLatest(database.db)).toEqual({ applied: ALL });
      const library = await database.db
        .insertInto('library')
        .values({ symbol: 'DEMO-A', name: 'Demo Library A', email: 'ill@demo-a.example' })
        .returningAll()
        .executeTakeFirstOrThrow();
      expect(library.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(library.created_at).toBeInstanceOf(Date);
    });

    it('do nothing when run a second time', async () => {
      expect(await migrateToLatest(database.db)).toEqual({ applied: [] });
      const { count } = await database.db
        .selectFrom('library')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .executeTakeFirstOrThrow();
      expect(Number(count)).toBe(1);
    });

    it('give the library table a unique, well-formed symbol', async () => {
      const insert = (symbol: string) =>
        database.db.insertInto('library').values({ symbol, name: 'Some Library', email: null }).execute();
      await expect(insert('DEMO-A')).rejects.toThrow(/duplicate key value violates unique constraint/);
      await expect(insert('has space')).rejects.toThrow(/violates check constraint/);
      await expect(insert('')).rejects.toThrow(/violates check constraint/);
    });

    it('can be rolled back to an empty schema and applied again', async () => {
      const migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => migrations } });
      const down = await migrator.migrateTo(NO_MIGRATIONS);
      expect(down.error).toBeUndefined();
      const { rows } = await sql<{
        name: string | null;
      }>`select to_regclass('library')::text as name`.execute(database.db);
      expect(rows[0]?.name).toBeNull();
      expect(await migrateToLatest(database.db)).toEqual({ applied: ALL });
    });
  },
  { migrated: false },
);

describeEachDatabase(
  'concurrent migrations',
  (database) => {
    it('are safe when two processes migrate the same empty database at once', async () => {
      const first = createDatabase(database.connectionString, { maxConnections: 2 });
      const second = createDatabase(database.connectionString, { maxConnections: 2 });
      try {
        const results = await Promise.all([migrateToLatest(first), migrateToLatest(second)]);
        // One of them applied everything while holding the lock; the other then found nothing to do.
        expect(results.map((result) => result.applied).sort((a, b) => b.length - a.length)).toEqual([
          ALL,
          [],
        ]);
        const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
          database.db,
        );
        expect(rows.map((row) => row.name)).toEqual(ALL);
      } finally {
        await Promise.all([first.destroy(), second.destroy()]);
      }
    });
  },
  { migrated: false },
);

describeEachDatabase(
  'structured attention reasons (0013)',
  (database) => {
    const STRUCTURED = '0013-structured-attention';
    const migrator = () =>
      new Migrator({ db: database.db, provider: { getMigrations: async () => migrations } });
    const attentionOf = async (id: string) =>
      (await sql<{ attention: unknown }>`select attention from request where id = ${id}`.execute(database.db))
        .rows[0]?.attention;

    it('keep a reason written before as its words, and give them back when rolled back', async () => {
      const before = ALL[ALL.indexOf(STRUCTURED) - 1] as string;
      expect((await migrator().migrateTo(before)).error).toBeUndefined();
      const { rows } = await sql<{ id: string }>`
        with library as (
          insert into library (symbol, name) values ('ATT-1', 'Attention Library') returning id)
        insert into request (library_id, role, status, backend, type, title, service_type, attention)
        select id, 'borrowing', 'new', 'iso18626', 'book', 'Middlemarch', 'loan',
               'The request message was refused: LEND refused the message'
          from library
        returning id`.execute(database.db);
      const id = rows[0]?.id as string;

      expect((await migrator().migrateTo(STRUCTURED)).error).toBeUndefined();
      const reason = {
        code: 'legacy_text',
        params: { text: 'The request message was refused: LEND refused the message' },
      };
      expect(await attentionOf(id)).toEqual(reason);
      expect(readAttention(await attentionOf(id))).toEqual(reason);
      // Only a reason with a code and parameters is stored.
      await expect(
        sql`update request set attention = '"a sentence"'::jsonb where id = ${id}`.execute(database.db),
      ).rejects.toThrow(/request_attention_reason/);
      const constraints = await sql<{ conname: string }>`
        select conname from pg_constraint where conname like '%attention_reason' order by conname`.execute(
        database.db,
      );
      expect(constraints.rows.map((row) => row.conname)).toEqual([
        'request_attention_reason',
        'transaction_attention_reason',
      ]);

      const back = await migrator().migrateTo(before);
      expect(back.error).toBeUndefined();
      expect(await attentionOf(id)).toBe('The request message was refused: LEND refused the message');
      expect(await migrateToLatest(database.db)).toEqual({ applied: ALL.slice(ALL.indexOf(STRUCTURED)) });
    });
  },
  { migrated: false },
);
