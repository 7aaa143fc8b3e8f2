import { Lru } from '../lru.ts'

/** A person's current session epoch; null when the account is gone or erased (no token is good). */
export type SessionEpochSource = (userId: string) => Promise<number | null>

/** How long an epoch read from the database is believed: other replicas see a change this late. */
export const epochTtlMs = 1000
// After a change in this process, the person's epoch is read from the database on every request
// for this long: the change's transaction may not have committed yet, and a read before the
// commit would otherwise cache the old epoch for another second.
const uncachedAfterChangeMs = 5000

/**
 * Every guarded request compares its token's epoch with the person's current one. Kept for about
 * a second per person, so a busy user costs one indexed read a second, and a hit is one map lookup.
 */
export class SessionEpochs {
  readonly #known: Lru<{ epoch: number | null; until: number }>
  readonly #changedUntil: Lru<number>
  readonly #loading = new Map<string, Promise<number | null>>()

  constructor(max = 100_000) {
    this.#known = new Lru(max)
    this.#changedUntil = new Lru(max)
  }

  /** The epoch when it is known (read less than a second ago); undefined: `load` it. */
  cached(userId: string): number | null | undefined {
    const hit = this.#known.get(userId)
    return hit !== undefined && hit.until > Date.now() ? hit.epoch : undefined
  }

  /** Reads the epoch from `source`; requests for the same person share one read. */
  load(userId: string, source: SessionEpochSource): Promise<number | null> {
    const pending = this.#loading.get(userId)
    if (pending) return pending
    const settle = () => {
      if (this.#loading.get(userId) === loading) this.#loading.delete(userId)
    }
    const loading = source(userId).then(
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
