import { Lru } from '../lru.ts'

/**
 * The current session epochs of some people, read in one go; a person missing from the answer,
 * or null, has no account any more (gone or erased), so no token of theirs is good.
 */
export type SessionEpochSource = (
  userIds: readonly string[],
) => Promise<ReadonlyMap<string, number | null>>

interface Waiter {
  resolve(epoch: number | null): void
  reject(error: unknown): void
}

// The most people one read asks for; more wait for the next read of the same turn.
const batchMax = 500

/** How long an epoch read from the database is believed: other replicas see a change this late. */
export const epochTtlMs = 1000
// After a change in this process, the person's epoch is read from the database on every request
// for this long: the change's transaction may not have committed yet, and a read before the
// commit would otherwise cache the old epoch for another second.
const uncachedAfterChangeMs = 5000

/**
 * Every guarded request compares its token's epoch with the person's current one. Kept for about
 * a second per person, so a hit is one map lookup. The misses of one event-loop turn share one
 * read (`where id = any(…)`): a thousand learners reading at once cost a few queries a second,
 * not a thousand.
 */
export class SessionEpochs {
  readonly #known: Lru<{ epoch: number | null; until: number }>
  readonly #changedUntil: Lru<number>
  readonly #loading = new Map<string, Promise<number | null>>()
  // Per source (one per app and database): the people waiting for its next read.
  readonly #batches = new Map<SessionEpochSource, Map<string, Waiter>>()

  constructor(max = 100_000) {
    this.#known = new Lru(max)
    this.#changedUntil = new Lru(max)
  }

  /** The epoch when it is known (read less than a second ago); undefined: `load` it. */
  cached(userId: string): number | null | undefined {
    const hit = this.#known.get(userId)
    return hit !== undefined && hit.until > Date.now() ? hit.epoch : undefined
  }

  /** Reads the epoch from `source`; the requests of one turn, and of one person, share a read. */
  load(userId: string, source: SessionEpochSource): Promise<number | null> {
    const pending = this.#loading.get(userId)
    if (pending) return pending
    const settle = () => {
      if (this.#loading.get(userId) === loading) this.#loading.delete(userId)
    }
    const read = new Promise<number | null>((resolve, reject) =>
      this.#enqueue(source, userId, { resolve, reject }),
    )
    const loading = read.then(
      (epoch) => {
        settle()
        if (!this.#recentlyChanged(userId))
          this.#known.set(userId, { epoch, until: Date.now() + epochTtlMs })
        return epoch
      },
      (error: unknown) => {
        settle()
        throw error
      },
    )
    this.#loading.set(userId, loading)
    return loading
  }

  #enqueue(source: SessionEpochSource, userId: string, waiter: Waiter): void {
    let batch = this.#batches.get(source)
    if (!batch) {
      batch = new Map()
      this.#batches.set(source, batch)
      // After the requests that arrived in this turn have asked too.
      setImmediate(() => void this.#flush(source))
    }
    batch.set(userId, waiter)
  }

  async #flush(source: SessionEpochSource): Promise<void> {
    const batch = this.#batches.get(source)
    this.#batches.delete(source)
    if (!batch) return
    const waiting = [...batch]
    for (let start = 0; start < waiting.length; start += batchMax) {
      const part = waiting.slice(start, start + batchMax)
      try {
        const epochs = await source(part.map(([userId]) => userId))
        for (const [userId, waiter] of part) waiter.resolve(epochs.get(userId) ?? null)
      } catch (error) {
        for (const [, waiter] of part) waiter.reject(error)
      }
    }
  }

  /** The person's epoch moved on (or their account went): forget what this process knew. */
  changed(userId: string): void {
    this.#known.delete(userId)
    this.#loading.delete(userId)
    this.#changedUntil.set(userId, Date.now() + uncachedAfterChangeMs)
  }

  #recentlyChanged(userId: string): boolean {
    const until = this.#changedUntil.get(userId)
    if (until === undefined) return false
    if (until > Date.now()) return true
    this.#changedUntil.delete(userId)
    return false
  }
}

/** The process's one cache: the guard reads it, identity tells it of every change it makes. */
export const sessionEpochs = new SessionEpochs()
