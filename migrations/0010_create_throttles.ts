import { type Kysely, sql } from 'kysely'

// Abuse counters live in the database so every replica sees the same numbers.
export async function up(db: Kysely<any>): Promise<void> {
  // Per e-mail address: consecutive failed logins and the lock-out they earned.
  await db.schema
    .createTable('login_throttles')
    .addColumn('email_key', 'text', (col) => col.primaryKey())
    .addColumn('failures', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('locked_until', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute()
  // Per client address and route: fixed-window request counts for @fastify/rate-limit.
  await db.schema
    .createTable('rate_limit_hits')
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('count', 'integer', (col) => col.notNull())
    .addColumn('reset_at', 'timestamptz', (col) => col.notNull())
    .execute()
}
