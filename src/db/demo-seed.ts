import type { Kysely } from 'kysely';
import { LibraryRepository } from '../libraries/library.repository.ts';
import type { Database } from './schema.ts';

/**
 * The demo network: four libraries that lend to each other. Until partnerships get their own
 * table, every library in the database is a partner of every other one.
 * Emails use the reserved `.example` domain so that demo mail can never reach a real inbox.
 */
export const DEMO_LIBRARIES = [
  {
    symbol: 'ILN-NORTH',
    name: 'Northbridge University Library',
    email: 'ill@northbridge-university.example',
  },
  { symbol: 'ILN-SOUTH', name: 'Southport City Library', email: 'interlibrary.loans@southport-city.example' },
  { symbol: 'ILN-EAST', name: 'Eastfield College Library', email: 'ill@eastfield-college.example' },
  { symbol: 'ILN-WEST', name: 'Westmere Public Library', email: 'ill-desk@westmere-library.example' },
] as const;

/** What {@link seedDemoData} did, for the CLI to print. */
export interface DemoSeedSummary {
  /** True when this call created the demo data; false when the database already had libraries. */
  seeded: boolean;
  libraries: { symbol: string; name: string; email: string | null }[];
}

/**
 * Fills an empty database with the demo network, in one transaction. Does nothing once any
 * library exists, so it runs on every start; concurrent calls insert each library once.
 */
export async function seedDemoData(db: Kysely<Database>): Promise<DemoSeedSummary> {
  return db.transaction().execute(async (trx) => {
    const libraries = new LibraryRepository(trx);
    if ((await libraries.count()) > 0) return { seeded: false, libraries: [] };
    const inserted = await libraries.insertMissing(DEMO_LIBRARIES);
    const bySymbol = new Map(inserted.map((library) => [library.symbol, library]));
    return {
      seeded: inserted.length > 0,
      // Keep the declared order (north, south, east, west) rather than the database's.
      libraries: DEMO_LIBRARIES.filter((demo) => bySymbol.has(demo.symbol)).map(
        ({ symbol, name, email }) => ({
          symbol,
          name,
          email,
        }),
      ),
    };
  });
}

/** Human-readable lines describing a seed summary. */
export function formatDemoSummary(summary: DemoSeedSummary): string[] {
  if (!summary.seeded) return ['Demo data: not created (the database already has libraries).'];
  const width = Math.max(...summary.libraries.map((library) => library.symbol.length));
  return [
    `Demo data created: ${summary.libraries.length} partner libraries that lend to each other:`,
    ...summary.libraries.map(
      (library) =>
        `  ${library.symbol.padEnd(width)}  ${library.name}${library.email ? ` <${library.email}>` : ''}`,
    ),
  ];
}
