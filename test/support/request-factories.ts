/**
 * Factories for request tests: libraries, partners, patrons and staff principals written straight to
 * the database, with realistic defaults.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { StaffPrincipal, PatronPrincipal } from '../../src/auth/principal.ts';
import type { Database, Partner } from '../../src/db/schema.ts';

function suffix(): string {
  return randomBytes(3).toString('hex').toUpperCase();
}

export async function insertLibrary(
  db: Kysely<Database>,
  overrides: Partial<{
    symbol: string;
    name: string;
    copyright_clearance: string | null;
    auto_advance: boolean;
    enabled_backends: string[];
  }> = {},
) {
  return db
    .insertInto('library')
    .values({
      symbol: overrides.symbol ?? `TEST-${suffix()}`,
      name: overrides.name ?? 'Test Library',
      email: 'ill@test-library.example',
      ...(overrides.copyright_clearance !== undefined
        ? { copyright_clearance: overrides.copyright_clearance }
        : {}),
      ...(overrides.auto_advance !== undefined ? { auto_advance: overrides.auto_advance } : {}),
      ...(overrides.enabled_backends !== undefined ? { enabled_backends: overrides.enabled_backends } : {}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertPartner(
  db: Kysely<Database>,
  libraryId: string,
  overrides: Partial<{
    symbol: string;
    name: string;
    protocol: Partner['protocol'];
    undo_allowed: boolean;
    days_to_respond: number;
    active: boolean;
  }> = {},
): Promise<Partner> {
  const protocol = overrides.protocol ?? 'iso18626';
  const symbol = overrides.symbol ?? `PARTNER-${suffix()}`;
  return db
    .insertInto('partner')
    .values({
      library_id: libraryId,
      symbol,
      name: overrides.name ?? `Partner ${symbol}`,
      protocol,
      endpoint_url: protocol === 'iso18626' ? 'http://127.0.0.1:9/iso18626' : null,
      email: protocol === 'email' ? `ill@${symbol.toLowerCase()}.example` : null,
      ...(overrides.undo_allowed !== undefined ? { undo_allowed: overrides.undo_allowed } : {}),
      ...(overrides.days_to_respond !== undefined ? { days_to_respond: overrides.days_to_respond } : {}),
      ...(overrides.active !== undefined ? { active: overrides.active } : {}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertPatron(db: Kysely<Database>, libraryId: string, name = 'Ada Reader') {
  return db
    .insertInto('patron')
    .values({
      library_id: libraryId,
      card_number: `C${suffix()}`,
      name,
      email: 'ada@reader.example',
      secret_hash: 'scrypt$1024$8$1$x$y',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function staffPrincipal(libraryId: string, permissions: string[] = ['ill']): StaffPrincipal {
  return {
    kind: 'staff',
    userId: null,
    tokenId: randomUUID(),
    libraryId,
    name: 'Test Staff',
    permissions: new Set(permissions),
  };
}

export function patronPrincipal(libraryId: string, patronId: string): PatronPrincipal {
  return { kind: 'patron', patronId, libraryId, name: 'Ada Reader' };
}
