// The credentials feature's statements (owner of `signing_keys`).
import type { Db } from '../db/create-db.ts'
import type { PublicJwk } from './crypto.ts'

export interface SigningKeyRow {
  kid: string
  algorithm: string
  publicJwk: PublicJwk
  privateKey: string
  createdAt: Date
  activatedAt: Date
  retiredAt: Date | null
}

const columns = [
  'kid',
  'algorithm',
  'publicJwk',
  'privateKey',
  'createdAt',
  'activatedAt',
  'retiredAt',
] as const

export async function findActiveKey(db: Db): Promise<SigningKeyRow | undefined> {
  const row = await db
    .selectFrom('signingKeys')
    .select(columns)
    .where('retiredAt', 'is', null)
    .executeTakeFirst()
  return row as unknown as SigningKeyRow | undefined
}

/** Every key, active and retired, oldest first (the order they are published in). */
export async function listKeys(db: Db): Promise<SigningKeyRow[]> {
  const rows = await db
    .selectFrom('signingKeys')
    .select(columns)
    .orderBy('createdAt')
    .orderBy('kid')
    .execute()
  return rows as unknown as SigningKeyRow[]
}

export async function findKey(db: Db, kid: string): Promise<SigningKeyRow | undefined> {
  const row = await db
    .selectFrom('signingKeys')
    .select(columns)
    .where('kid', '=', kid)
    .executeTakeFirst()
  return row as unknown as SigningKeyRow | undefined
}

/**
 * Inserts an active key unless one is active already (the partial unique index decides between
 * replicas); resolves with whether this one was stored.
 */
export async function insertActiveKey(
  db: Db,
  key: { kid: string; publicJwk: PublicJwk; privateKey: string; now: Date },
): Promise<boolean> {
  const inserted = await db
    .insertInto('signingKeys')
    .values({
      kid: key.kid,
      publicJwk: JSON.stringify(key.publicJwk),
      privateKey: key.privateKey,
      createdAt: key.now,
      activatedAt: key.now,
    })
    // No target: a second active key (the partial unique index) or a kid taken is skipped.
    .onConflict((oc) => oc.doNothing())
    .returning('kid')
    .executeTakeFirst()
  return inserted !== undefined
}

/** Retires the active key (the caller holds the transaction); resolves with its kid, if any. */
export async function retireActiveKey(db: Db, now: Date): Promise<string | undefined> {
  const row = await db
    .updateTable('signingKeys')
    .set({ retiredAt: now })
    .where('retiredAt', 'is', null)
    .returning('kid')
    .executeTakeFirst()
  return row?.kid
}

/** Serialises rotations (and a first key's creation) across replicas for one transaction. */
export async function lockSigningKeys(db: Db): Promise<void> {
  await db
    .selectFrom('signingKeys')
    .select('kid')
    .where('retiredAt', 'is', null)
    .forUpdate()
    .execute()
}
