import { sql, type Kysely } from 'kysely';

/**
 * Why a request or transaction needs attention becomes data: `{code, params}` in a jsonb column, which
 * the staff client words through its message catalogue, instead of an English sentence. A sentence
 * stored before keeps its words as the `legacy_text` reason's `text`, so existing flags stay readable;
 * going back turns `legacy_text` into its sentence again and any other reason into its JSON text.
 */
const TABLES = ['request', 'transaction'] as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) {
    await sql`
      alter table ${sql.table(table)}
        alter column attention type jsonb using
          case when attention is null then null
               else jsonb_build_object('code', 'legacy_text', 'params', jsonb_build_object('text', attention))
          end`.execute(db);
    await sql`
      alter table ${sql.table(table)}
        add constraint ${sql.id(`${table}_attention_reason`)}
        check (attention is null or (jsonb_typeof(attention) = 'object'
               and jsonb_typeof(attention -> 'code') = 'string'
               and jsonb_typeof(attention -> 'params') = 'object'))`.execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) {
    await sql`alter table ${sql.table(table)} drop constraint ${sql.id(`${table}_attention_reason`)}`.execute(
      db,
    );
    await sql`
      alter table ${sql.table(table)}
        alter column attention type text using
          case when attention is null then null
               when attention ->> 'code' = 'legacy_text' then attention -> 'params' ->> 'text'
               else attention::text
          end`.execute(db);
  }
}
