import { createHash } from 'node:crypto'
import type { Transaction } from 'kysely'
import type { Db } from '../db/create-db.ts'
import type { Database } from '../db/schema.ts'
import { Problem } from './problem.ts'

export interface IdempotencyRequest {
  userId: string
  /** What the key is for, e.g. `attempt-submit:<id>`: one key never spans two targets. */
  scope: string
  key: string | undefined
  body: unknown
}

export interface Outcome<T> {
  status: number
  body: T
  /** True when this is the stored answer to an earlier request with the same key. */
  replayed: boolean
}

const keyPattern = /^[\x21-\x7e]{1,200}$/

/**
 * Runs `write` in a transaction, at most once per Idempotency-Key: a replay gets the stored answer
 * and changes nothing. The key row is claimed inside the transaction, so a failed write leaves no
 * key behind and concurrent requests with one key wait for the first and then replay it.
 */
export async function idempotent<T>(
  db: Db,
  request: IdempotencyRequest,
  write: (trx: Transaction<Database>) => Promise<{ status: number; body: T }>,
): Promise<Outcome<T>> {
  const { key } = request
  if (key === undefined) {
    const result = await db.transaction().execute(write)
    return { ...result, replayed: false }
  }
  if (!keyPattern.test(key)) {
    throw Problem.validation([{ pointer: '/headers/idempotency-key', detail: 'must be 1 to 200 visible ASCII characters' }])
  }
  const fingerprint = createHash('sha256').update(JSON.stringify(request.body ?? null)).digest('base64url')
  const row = { userId: request.userId, scope: request.scope, key }

  const fresh = await db.transaction().execute(async (trx) => {
    const claimed = await trx
      .insertInto('idempotencyKeys')
      .values({ ...row, fingerprint, statusCode: 0, response: 'null' })
      .onConflict((oc) => oc.doNothing())
      .returning('key')
      .executeTakeFirst()
    if (!claimed) return null
    const result = await write(trx)
    await trx
      .updateTable('idempotencyKeys')
      .set({ statusCode: result.status, response: JSON.stringify(result.body) })
      .where('userId', '=', row.userId)
      .where('scope', '=', row.scope)
      .where('key', '=', row.key)
      .execute()
    return result
  })
  if (fresh) return { ...fresh, replayed: false }
  // The key was used before, or by a request that committed while this one waited for its lock.
  const replay = await findStored<T>(db, row, fingerprint)
  if (!replay) throw new Problem(409, 'conflict', 'Request in progress', 'A request with this Idempotency-Key is still running; try again.')
  return replay
}

async function findStored<T>(db: Db, row: { userId: string; scope: string; key: string }, fingerprint: string): Promise<Outcome<T> | null> {
  const stored = await db
    .selectFrom('idempotencyKeys')
    .select(['fingerprint', 'statusCode', 'response'])
    .where('userId', '=', row.userId)
    .where('scope', '=', row.scope)
    .where('key', '=', row.key)
    .executeTakeFirst()
  if (!stored) return null
  if (stored.fingerprint !== fingerprint) {
    throw new Problem(422, 'idempotency-mismatch', 'Idempotency-Key reused', 'This Idempotency-Key was used with a different request body.')
  }
  return { status: stored.statusCode, body: stored.response as T, replayed: true }
}
