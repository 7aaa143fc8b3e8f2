import type { FastifyBaseLogger } from 'fastify'
import type { Db } from '../db/create-db.ts'
import { claimDueTask, finishTask } from './queries.ts'
import type { ScheduledTask } from './tasks.ts'

/** Longer than any run should take: a replica that dies mid-run blocks the task this long at most. */
const leaseSeconds = 10 * 60

/**
 * Every replica runs a scheduler; a task runs once across them per period, in whichever replica
 * takes its lease row first (DESIGN: "a scheduled task runs once across replicas").
 */
export class Scheduler {
  private timer: NodeJS.Timeout | undefined
  private running: Promise<string[]> | undefined

  constructor(
    private readonly db: Db,
    private readonly tasks: readonly ScheduledTask[],
    private readonly log: FastifyBaseLogger,
  ) {}

  start(intervalMs: number): void {
    if (intervalMs <= 0 || this.timer) return
    this.timer = setInterval(() => void this.runDue(), intervalMs)
    this.timer.unref()
  }

  async stop(): Promise<void> {
    clearInterval(this.timer)
    this.timer = undefined
    await this.running
  }

  /** Runs the tasks that are due and whose lease this replica took; resolves with their names. */
  async runDue(): Promise<string[]> {
    if (this.running) return this.running
    this.running = this.runEach().finally(() => (this.running = undefined))
    return this.running
  }

  private async runEach(): Promise<string[]> {
    const ran: string[] = []
    for (const task of this.tasks) {
      try {
        if (!(await claimDueTask(this.db, task.name, task.everySeconds, leaseSeconds))) continue
      } catch (error) {
        // The database is away: every task would fail the same way; try again next tick.
        this.log.warn({ err: error }, 'scheduled tasks skipped: database unavailable')
        return ran
      }
      ran.push(task.name)
      const outcome = await task.run(this.db).then(
        (done) => done,
        (error: unknown) => {
          this.log.error({ err: error, task: task.name }, 'scheduled task failed')
          return `failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500)
        },
      )
      await finishTask(this.db, task.name, outcome).catch((error: unknown) =>
        this.log.warn({ err: error, task: task.name }, 'scheduled task not marked finished'),
      )
    }
    return ran
  }
}
