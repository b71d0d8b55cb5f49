import { sql, type Kysely } from 'kysely';

/** The partner libraries: the parties of every interlibrary loan. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('library')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('symbol', 'text', (col) =>
      col
        .notNull()
        .unique()
        .check(sql`symbol ~ '^[A-Za-z0-9][A-Za-z0-9:/._-]{0,63}$'`),
    )
    .addColumn('name', 'text', (col) => col.notNull().check(sql`btrim(name) <> ''`))
    .addColumn('email', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('library').execute();
}
