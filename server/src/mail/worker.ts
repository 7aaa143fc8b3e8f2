import type { FastifyBaseLogger } from 'fastify'
import { isConnectionLost } from '../db/connection-lost.ts'
import type { Db } from '../db/create-db.ts'
import { claimDueMessages, markSent, scheduleRetry } from './queries.ts'
import type { MailTransport } from './transport.ts'

const batchSize = 20
const maxAttempts = 8

/**
 * Sends queued e-mails. Rows are claimed with FOR UPDATE SKIP LOCKED, so several replicas can run
 * a worker each without sending a message twice; failures are retried with exponential back-off.
 */
export class OutboxWorker {
  private timer: NodeJS.Timeout | undefined
  private running: Promise<number> | undefined
  /** The last run found the database out of reach (said once, not at every poll). */
  private waitingForDatabase = false
  /** Work that queues mail, done at the start of every run (see queueFrom). */
  private readonly sources: (() => Promise<unknown>)[] = []

  constructor(
    private readonly db: Db,
    private readonly send: MailTransport,
    private readonly log: FastifyBaseLogger,
  ) {}

  start(intervalMs: number): void {
    if (intervalMs <= 0 || this.timer) return
    this.timer = setInterval(
      () =>
        void this.flush().then(
          () => this.databaseReached(),
          (error: unknown) => this.runFailed(error),
        ),
      intervalMs,
    )
    this.timer.unref()
  }

  async stop(): Promise<void> {
    clearInterval(this.timer)
    this.timer = undefined
    await this.running?.catch(() => {})
  }

  private runFailed(error: unknown): void {
    if (!isConnectionLost(error)) {
      this.log.error({ err: error }, 'outbox run failed')
    } else if (!this.waitingForDatabase) {
      this.waitingForDatabase = true
      this.log.warn({ err: error }, 'outbox waits: the database cannot be reached')
    }
  }

  private databaseReached(): void {
    if (!this.waitingForDatabase) return
    this.waitingForDatabase = false
    this.log.info('outbox resumes: the database is reachable again')
  }

  /**
   * Adds work that turns into mail after a request has been answered (a reset asked for by
   * address): it runs at the start of every run, so the messages it queues go out in that run.
   */
  queueFrom(source: () => Promise<unknown>): void {
    this.sources.push(source)
  }

  /** Sends everything due now; resolves with the number of messages sent. */
  async flush(): Promise<number> {
    if (this.running) return this.running
    this.running = this.drain().finally(() => (this.running = undefined))
    return this.running
  }

  private async drain(): Promise<number> {
    for (const source of this.sources) await source()
    let sent = 0
    for (;;) {
      const batch = await this.sendBatch()
      sent += batch.sent
      if (batch.claimed < batchSize) return sent
    }
  }

  private async sendBatch(): Promise<{ claimed: number; sent: number }> {
    // Claim a batch with a five-minute lease in a short transaction, then send outside of it, so a
    // slow mail server never holds a database connection (PGlite has only one).
    const claimed = await claimDueMessages(this.db, batchSize, maxAttempts)
    let sent = 0
    for (const message of claimed) {
      try {
        await this.send({
          id: message.id,
          to: message.recipient,
          subject: message.subject,
          text: message.text,
          ...(message.calendar ? { calendar: message.calendar } : {}),
        })
        await markSent(this.db, message.id)
        sent++
      } catch (error) {
        const delaySeconds = 30 * 2 ** (message.attempts - 1)
        this.log.warn({ err: error, messageId: message.id }, 'e-mail not sent; will retry')
        await scheduleRetry(
          this.db,
          message.id,
          String(error instanceof Error ? error.message : error).slice(0, 500),
          delaySeconds,
        )
      }
    }
    return { claimed: claimed.length, sent }
  }
}
