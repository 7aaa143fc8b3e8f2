import { type Kysely, sql } from 'kysely'

// The Ed25519 keys that sign Open Badges credentials and status lists (credentials feature). The
// private key is stored only encrypted (AES-256-GCM under a key derived from CREDENTIAL_KEY); the
// public JWK is published in the JWKS and the did:web documents, retired keys included, so that
// credentials signed before a rotation still verify. At most one key is active (retired_at null):
// the unique index on a constant lets replicas starting together race with `on conflict do nothing`.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('signing_keys')
    .addColumn('kid', 'text', (col) => col.primaryKey())
    .addColumn('algorithm', 'text', (col) => col.notNull().defaultTo('EdDSA'))
    .addColumn('public_jwk', 'jsonb', (col) => col.notNull())
    .addColumn('private_key', 'text', (col) => col.notNull().check(sql`private_key like 'v1.%'`))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('activated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('retired_at', 'timestamptz')
    .execute()
  await sql`create unique index signing_keys_one_active_idx on signing_keys ((true)) where retired_at is null`.execute(
    db,
  )
}
