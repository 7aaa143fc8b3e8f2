import { createHash } from 'node:crypto'
import type { Db } from '../db/create-db.ts'
import { Problem } from './problem.ts'
import {
  deleteIdempotencyKeysOlderThan,
  findIdempotencyKey,
  insertIdempotencyKey,
} from './queries.ts'

export interface IdempotencyRequest {
  userId: string
  /** What the key is for, e.g. `attempt-submit:<id>`: one key never spans two targets. */
  scope: string
  key: string | undefined
  body: unknown
}

/** A validated Idempotency-Key with the fingerprint of the request body it came with. */
export interface IdempotencyKey {
  userId: string
  scope: string
  key: string
  fingerprint: string
}

export interface Outcome<T> {
  status: number
  body: T
  /** True when this is the stored answer to an earlier request with the same key. */
  replayed: boolean
}

const keyPattern = /^[\x21-\x7e]{1,200}$/

/** The request's key, or null without one; a malformed key is a 400. */
export function idempotencyKey(request: IdempotencyRequest): IdempotencyKey | null {
  if (request.key === undefined) return null
  if (!keyPattern.test(request.key)) {
    throw Problem.validation([
      {
        pointer: '/headers/idempotency-key',
        reason: 'format',
        detail: 'must be 1 to 200 visible ASCII characters',
      },
    ])
  }
  const fingerprint = createHash('sha256')
    .update(JSON.stringify(request.body ?? null))
    .digest('base64url')
  return { userId: request.userId, scope: request.scope, key: request.key, fingerprint }
}

/**
 * Runs a write that stores its answer under the key in the same statement as the change itself.
 * A write with a used key cannot apply (the change is already made, so it is stale or conflicts):
 * when it fails and the key has a stored answer, that answer is the reply and nothing new is stored.
 */
export async function withReplay<T, Receipt = T>(
  db: Db,
  key: IdempotencyKey | null,
  write: () => Promise<Outcome<T>>,
  /** Turns a stored receipt back into the answer, for writes that store a receipt instead of it. */
  revive?: (stored: Receipt) => Promise<T>,
): Promise<Outcome<T>> {
  if (!key) return write()
  try {
    return await write()
  } catch (error) {
    if (revive) {
      const receipt = await storedAnswer<Receipt>(db, key)
      if (!receipt) throw error
      return { ...receipt, body: await revive(receipt.body) }
    }
    const stored = await storedAnswer<T>(db, key)
    if (!stored) throw error
    return stored
  }
}

/**
 * Stores the answer under the key in the transaction of the change itself, for writes that run in
 * a transaction of their own (an application's submission). A second request with the key waits
 * for the first's row lock, fails on the change already made, and gets this answer from `withReplay`.
 */
export async function rememberAnswer(
  db: Db,
  key: IdempotencyKey | null,
  status: number,
  body: unknown,
): Promise<void> {
  if (key) await insertIdempotencyKey(db, key, status, body)
}

async function storedAnswer<T>(db: Db, key: IdempotencyKey): Promise<Outcome<T> | null> {
  const stored = await findIdempotencyKey(db, key)
  if (!stored) return null
  if (stored.fingerprint !== key.fingerprint) {
    throw new Problem(
      422,
      'idempotency-mismatch',
      'Idempotency-Key reused',
      'This Idempotency-Key was used with a different request body.',
    )
  }
  return { status: stored.statusCode, body: stored.response as T, replayed: true }
}

/**
 * How long a stored answer is kept: a client retries a lost answer within minutes, an offline
 * phone within hours; after a day the same key is a new request.
 */
export const idempotencyRetentionHours = 24

/** Deletes up to `batch` answers past their retention; resolves with how many went. */
export const purgeIdempotencyKeys = (db: Db, batch: number) =>
  deleteIdempotencyKeysOlderThan(db, idempotencyRetentionHours, batch)
