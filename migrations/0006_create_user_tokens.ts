import { type Kysely, sql } from 'kysely'

// One-time links that are not invitations: password reset, e-mail verification, first-admin setup.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('user_tokens')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('purpose', 'text', (col) =>
      col.notNull().check(sql`purpose in ('password-reset', 'email-verification', 'setup')`),
    )
    .addColumn('user_id', 'uuid', (col) => col.references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute()
}
