/**
 * The libraries a bench run works with, written straight into a migrated database before Interlend
 * starts on it (so it does not seed the demo, whose requests the generator replaces with many more):
 * the four demo libraries with their branches and partner directories, an ILL desk login each, and
 * two partners the bench itself plays:
 *
 * - BENCH-PEER, a partner library of every demo library, whose ISO 18626 endpoint is the bench's own
 *   peer: it sends requests to the libraries and confirms the messages they send back;
 * - HOP-PEER, a partner of the first library, served by a second Interlend process with a database
 *   of its own, for the message hop between two servers.
 */
import type { Kysely } from 'kysely';
import { hashSecret } from '../src/auth/passwords.ts';
import { PERMISSIONS } from '../src/auth/principal.ts';
import type { Database } from '../src/db/schema.ts';
import { DEMO_LIBRARIES, DEMO_OUTSIDE_PARTNERS, DEMO_STAFF_PASSWORD } from '../src/demo/demo-data.ts';

/** Symbol of the partner library the bench plays for every demo library. */
export const BENCH_PEER = 'BENCH-PEER';
/** Symbol of the library of the second Interlend server. */
export const HOP_PEER = 'HOP-PEER';
/** Where partners point until the real address is known (the servers start on free ports). */
const UNKNOWN_ENDPOINT = 'http://127.0.0.1:9/iso18626';

/** A library of the bench, with the login of its ILL desk. */
export interface BenchLibrary {
  readonly id: string;
  readonly symbol: string;
  readonly name: string;
  readonly username: string;
  readonly password: string;
  /** Its directory entry of the bench's peer. */
  readonly benchPeerPartnerId: string;
}

/** What the main database holds after {@link seedConsortium}. */
export interface BenchConsortium {
  readonly libraries: readonly BenchLibrary[];
  /** The first library's directory entry of HOP-PEER. */
  readonly hopPartnerId: string;
}

/**
 * Writes the demo libraries (settings, branches, partners among themselves and outside, an ILL desk
 * user each) and the bench's peers into an empty, migrated database.
 */
export async function seedConsortium(db: Kysely<Database>): Promise<BenchConsortium> {
  const passwordHash = await hashSecret(DEMO_STAFF_PASSWORD);
  return db.transaction().execute(async (trx) => {
    const libraries: BenchLibrary[] = [];
    const ids = new Map<string, string>();
    for (const demo of DEMO_LIBRARIES) {
      const { id } = await trx
        .insertInto('library')
        .values({
          symbol: demo.symbol,
          name: demo.name,
          email: demo.email,
          address: demo.address,
          copyright_clearance: demo.copyrightClearance ?? null,
          unauthenticated_requests: demo.unauthenticatedRequests ?? false,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.set(demo.symbol, id);
      await trx
        .insertInto('pickup_branch')
        .values(demo.branches.map((branch) => ({ library_id: id, ...branch })))
        .execute();
    }
    let hopPartnerId = '';
    for (const demo of DEMO_LIBRARIES) {
      const libraryId = ids.get(demo.symbol) as string;
      const partners = [
        ...DEMO_LIBRARIES.filter((other) => other.symbol !== demo.symbol).map((other) => ({
          symbol: other.symbol,
          name: other.name,
          protocol: 'iso18626' as const,
          endpoint_url: UNKNOWN_ENDPOINT,
          email: other.email,
          days_to_respond: 5,
        })),
        ...DEMO_OUTSIDE_PARTNERS.map((outside) => ({
          symbol: outside.symbol,
          name: outside.name,
          protocol: outside.protocol,
          endpoint_url: null,
          email: 'email' in outside ? outside.email : null,
          days_to_respond: 10,
        })),
        {
          symbol: BENCH_PEER,
          name: 'Bench Peer Library',
          protocol: 'iso18626' as const,
          endpoint_url: UNKNOWN_ENDPOINT,
          email: null,
          days_to_respond: 5,
        },
      ];
      const inserted = await trx
        .insertInto('partner')
        .values(partners.map((partner) => ({ library_id: libraryId, ...partner })))
        .returning(['id', 'symbol'])
        .execute();
      if (libraries.length === 0) {
        const hop = await trx
          .insertInto('partner')
          .values({
            library_id: libraryId,
            symbol: HOP_PEER,
            name: 'Hop Peer Library',
            protocol: 'iso18626',
            endpoint_url: UNKNOWN_ENDPOINT,
            days_to_respond: 5,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        hopPartnerId = hop.id;
      }
      const local = demo.symbol.slice(demo.symbol.indexOf('-') + 1).toLowerCase();
      const staff = await trx
        .insertInto('staff_user')
        .values({
          library_id: libraryId,
          username: `${local}-ill`,
          name: `${demo.name.split(' ')[0]} ILL desk`,
          email: demo.email,
          password_hash: passwordHash,
          active: true,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('staff_permission')
        .values({ staff_user_id: staff.id, permission: PERMISSIONS.ill })
        .execute();
      libraries.push({
        id: libraryId,
        symbol: demo.symbol,
        name: demo.name,
        username: `${local}-ill`,
        password: DEMO_STAFF_PASSWORD,
        benchPeerPartnerId: inserted.find((row) => row.symbol === BENCH_PEER)?.id as string,
      });
    }
    return { libraries, hopPartnerId };
  });
}

/**
 * The second server's database: the library HOP-PEER alone, with the first demo library as its ISO
 * 18626 partner (at the main server, once its address is known).
 */
export async function seedHopPeer(
  db: Kysely<Database>,
  partnerSymbol: string,
  partnerName: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('library')
      .values({ symbol: HOP_PEER, name: 'Hop Peer Library', email: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('partner')
      .values({
        library_id: id,
        symbol: partnerSymbol,
        name: partnerName,
        protocol: 'iso18626',
        endpoint_url: UNKNOWN_ENDPOINT,
        days_to_respond: 5,
      })
      .execute();
  });
}

/** Points every ISO 18626 partner with this symbol at `endpointUrl`. */
export async function pointPartnerAt(
  db: Kysely<Database>,
  symbol: string,
  endpointUrl: string,
): Promise<void> {
  await db.updateTable('partner').set({ endpoint_url: endpointUrl }).where('symbol', '=', symbol).execute();
}
