import { expect, it } from 'vitest';
import { DEMO_LIBRARIES, formatDemoSummary, seedDemoData } from '../../src/db/demo-seed.ts';
import { describeEachDatabase } from '../support/databases.ts';

const SYMBOLS = DEMO_LIBRARIES.map((library) => library.symbol);

describeEachDatabase('the demo seed', (database) => {
  it('creates the four partner libraries in an empty database', async () => {
    const summary = await seedDemoData(database.db);
    expect(summary.seeded).toBe(true);
    expect(summary.libraries.map((library) => library.symbol)).toEqual(SYMBOLS);
    const stored = await database.db.selectFrom('library').select(['symbol', 'name', 'email']).execute();
    expect(stored.map((library) => library.symbol).sort()).toEqual([...SYMBOLS].sort());
    expect(stored.every((library) => library.email?.endsWith('.example'))).toBe(true);
  });

  it('does nothing once libraries exist', async () => {
    expect(await seedDemoData(database.db)).toEqual({ seeded: false, libraries: [] });
    const rows = await database.db.selectFrom('library').select('symbol').execute();
    expect(rows).toHaveLength(4);
  });

  it('describes what it did in lines the CLI can print', () => {
    const lines = formatDemoSummary({ seeded: true, libraries: [...DEMO_LIBRARIES] });
    expect(lines[0]).toBe('Demo data created: 4 partner libraries that lend to each other:');
    expect(lines[1]).toMatch(/^ {2}ILN-NORTH {2}Northbridge University Library <ill@/);
  });
});

describeEachDatabase('the demo seed run concurrently', (database) => {
  it('inserts each library once when two processes seed at the same time', async () => {
    const results = await Promise.all([seedDemoData(database.db), seedDemoData(database.db)]);
    const inserted = results.flatMap((result) => result.libraries.map((library) => library.symbol));
    expect(inserted.sort()).toEqual([...SYMBOLS].sort());
    const rows = await database.db.selectFrom('library').select('symbol').execute();
    expect(rows).toHaveLength(4);
  });
});
