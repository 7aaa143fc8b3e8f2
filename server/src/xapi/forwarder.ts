import type { FastifyBaseLogger } from 'fastify'
import { isConnectionLost } from '../db/connection-lost.ts'
import type { Db } from '../db/create-db.ts'
import type { Clock } from '../http/clock.ts'
import {
  claimForwarding,
  markForwarded,
  nextUnforwarded,
  recordFailure,
  releaseForwarding,
} from './queries.ts'
import { xapiVersion } from './statements.ts'

export interface LrsSettings {
  /** The LRS's xAPI endpoint; statements go to `<url>/statements`. */
  url: string
  username?: string | undefined
  password?: string | undefined
}

export interface ForwarderOptions {
  /** Statements per request, at most 50. */
  batchSize?: number
  /** How long one request may take before it counts as failed. */
  timeoutMs?: number
}

/** The longest wait between tries: an outage of hours is tried again at least hourly. */
export const maxBackoffSeconds = 3600

/** Seconds to wait after the `failures`-th failure in a row: 1, 2, 4, … capped at an hour. */
export function backoffSeconds(failures: number): number {
  return Math.min(maxBackoffSeconds, 2 ** Math.max(0, failures - 1))
}

/**
 * Forwards stored statements to the LRS, in `position` order, in batches. Every replica polls; the
 * one that takes the lease row (`xapi_forwarding`) sends, so batches never overlap. A failed batch
 * (not 2xx, refused, timed out) leaves its statements unforwarded and the back-off in the row; the
 * next try starts from the oldest unforwarded statement, so the same batch goes first and the
 * order holds. The HTTP request runs outside any transaction (PGlite has one connection).
 */
export class XapiForwarder {
  private timer: NodeJS.Timeout | undefined
  private running: Promise<number> | undefined
  private readonly endpoint: string
  private readonly statementsUrl: string
  private readonly authorization: string | undefined
  private readonly batchSize: number
  private readonly timeoutMs: number

  constructor(
    private readonly db: Db,
    lrs: LrsSettings,
    private readonly clock: Clock,
    private readonly log: FastifyBaseLogger,
    options: ForwarderOptions = {},
  ) {
    this.endpoint = lrs.url.replace(/\/+$/, '')
    this.statementsUrl = `${this.endpoint}/statements`
    this.authorization =
      lrs.username !== undefined
        ? `Basic ${Buffer.from(`${lrs.username}:${lrs.password ?? ''}`).toString('base64')}`
        : undefined
    this.batchSize = Math.min(50, Math.max(1, options.batchSize ?? 50))
    this.timeoutMs = options.timeoutMs ?? 10_000
  }

  start(intervalMs: number): void {
    if (intervalMs <= 0 || this.timer) return
    this.timer = setInterval(
      () =>
        void this.flush().catch((error: unknown) => {
          if (isConnectionLost(error))
            this.log.warn({ err: error }, 'xAPI forwarding waits for the database')
          else this.log.error({ err: error }, 'xAPI forwarding failed')
        }),
      intervalMs,
    )
    this.timer.unref()
  }

  async stop(): Promise<void> {
    clearInterval(this.timer)
    this.timer = undefined
    await this.running?.catch(() => {})
  }

  /** Sends what is due now; resolves with the number of statements the LRS took. */
  async flush(): Promise<number> {
    if (this.running) return this.running
    this.running = this.drain().finally(() => (this.running = undefined))
    return this.running
  }

  private get leaseSeconds(): number {
    // Longer than a request may take, so a replica that dies mid-request blocks the others briefly.
    return Math.ceil(this.timeoutMs / 1000) * 2 + 30
  }

  private async drain(): Promise<number> {
    let sent = 0
    for (;;) {
      const lease = await claimForwarding(
        this.db,
        this.endpoint,
        this.clock.now(),
        this.leaseSeconds,
      )
      if (!lease) return sent
      const batch = await nextUnforwarded(this.db, this.batchSize)
      if (batch.length === 0) {
        await releaseForwarding(this.db, this.endpoint, this.clock.now())
        return sent
      }
      const failure = await this.post(batch.map((row) => row.statement))
      if (failure) {
        const delay = backoffSeconds(lease.attempts + 1)
        this.log.warn(
          { error: failure, attempts: lease.attempts + 1, retryInSeconds: delay },
          'xAPI statements not forwarded; will retry',
        )
        await recordFailure(this.db, this.endpoint, this.clock.now(), delay, failure.slice(0, 500))
        return sent
      }
      await markForwarded(
        this.db,
        this.endpoint,
        batch.map((row) => row.id),
        this.clock.now(),
      )
      sent += batch.length
      if (batch.length < this.batchSize) return sent
    }
  }

  /** Posts one batch; undefined when the LRS took it, else why not. */
  private async post(statements: unknown[]): Promise<string | undefined> {
    try {
      const response = await fetch(this.statementsUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-experience-api-version': xapiVersion,
          ...(this.authorization ? { authorization: this.authorization } : {}),
        },
        body: JSON.stringify(statements),
        signal: AbortSignal.timeout(this.timeoutMs),
      })
      const text = await response.text().catch(() => '')
      // 409: the LRS already holds a statement with one of these ids, i.e. an earlier try arrived.
      if (response.ok || response.status === 409) return undefined
      return `HTTP ${response.status} ${text.slice(0, 200)}`.trim()
    } catch (error) {
      const cause =
        error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : ''
      return `${error instanceof Error ? error.message : String(error)}${cause}`
    }
  }
}
