import type { Kysely } from 'kysely';

/** Who made an OPAC request without logging in, so that the library can reach them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('request')
    .addColumn('requester_name', 'text')
    .addColumn('requester_email', 'text')
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('request').dropColumn('requester_name').dropColumn('requester_email').execute();
}
