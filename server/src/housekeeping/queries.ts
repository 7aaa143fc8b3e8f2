import { sql } from 'kysely'
import type { Db } from '../db/create-db.ts'

/**
 * Takes the lease of a task that is due: never run, or last started `everySeconds` ago, and not
 * leased by a replica that is still running it. One statement, so of two replicas asking at once
 * exactly one gets the row back.
 */
export async function claimDueTask(
  db: Db,
  name: string,
  everySeconds: number,
  leaseSeconds: number,
): Promise<boolean> {
  const claimed = await db
    .insertInto('scheduledTasks')
    .values({
      name,
      leasedUntil: sql`now() + make_interval(secs => ${leaseSeconds})`,
      lastStartedAt: sql`now()`,
    })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ leasedUntil: sql`excluded.leased_until`, lastStartedAt: sql`now()` })
        .where('scheduledTasks.leasedUntil', '<=', sql<Date>`now()`)
        .where(
          'scheduledTasks.lastStartedAt',
          '<=',
          sql<Date>`now() - make_interval(secs => ${everySeconds})`,
        ),
    )
    .returning('name')
    .executeTakeFirst()
  return claimed !== undefined
}

/** Gives the lease back and records what the run did. */
export async function finishTask(db: Db, name: string, outcome: string): Promise<void> {
  await db
    .updateTable('scheduledTasks')
    .set({ leasedUntil: sql`now()`, lastFinishedAt: sql`now()`, lastOutcome: outcome })
    .where('name', '=', name)
    .execute()
}

export async function listTasks(db: Db) {
  return db.selectFrom('scheduledTasks').selectAll().orderBy('name').execute()
}
