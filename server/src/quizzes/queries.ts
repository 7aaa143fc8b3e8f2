import type { Transaction } from 'kysely'
import type { Db } from '../db/create-db.ts'
import type { Database } from '../db/schema.ts'

const attemptColumns = [
  'a.id',
  'a.enrolmentId',
  'a.step',
  'a.number',
  'a.language',
  'a.seed',
  'a.answers',
  'a.status',
  'a.score',
  'a.passed',
  'a.result',
  'a.startedAt',
  'a.savedAt',
  'a.submittedAt',
] as const

export async function findAttempt(db: Db | Transaction<Database>, id: string) {
  return db
    .selectFrom('quizAttempts as a')
    .innerJoin('enrolments as e', 'e.id', 'a.enrolmentId')
    .select([...attemptColumns, 'e.userId', 'e.courseId', 'e.courseVersionId', 'e.status as enrolmentStatus'])
    .where('a.id', '=', id)
    .executeTakeFirst()
}

export type AttemptRow = NonNullable<Awaited<ReturnType<typeof findAttempt>>>

export async function findOpenAttempt(trx: Transaction<Database>, enrolmentId: string, step: string) {
  return trx
    .selectFrom('quizAttempts as a')
    .innerJoin('enrolments as e', 'e.id', 'a.enrolmentId')
    .select([...attemptColumns, 'e.userId', 'e.courseId', 'e.courseVersionId', 'e.status as enrolmentStatus'])
    .where('a.enrolmentId', '=', enrolmentId)
    .where('a.step', '=', step)
    .where('a.status', '=', 'open')
    .executeTakeFirst()
}

export async function insertAttempt(
  trx: Transaction<Database>,
  attempt: { enrolmentId: string; step: string; number: number; language: string; seed: number },
) {
  return trx.insertInto('quizAttempts').values(attempt).returning('id').executeTakeFirstOrThrow()
}

export async function updateAnswers(db: Db, id: string, answers: unknown) {
  return db
    .updateTable('quizAttempts')
    .set({ answers: JSON.stringify(answers), savedAt: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst()
}

export async function markGraded(
  trx: Transaction<Database>,
  id: string,
  graded: { answers: unknown; score: number; passed: boolean; result: unknown; submittedAt: Date },
) {
  await trx
    .updateTable('quizAttempts')
    .set({ ...graded, status: 'graded', answers: JSON.stringify(graded.answers), result: JSON.stringify(graded.result) })
    .where('id', '=', id)
    .execute()
}

export async function listAttemptsOfEnrolment(db: Db, enrolmentId: string) {
  return db
    .selectFrom('quizAttempts as a')
    .select(attemptColumns)
    .where('a.enrolmentId', '=', enrolmentId)
    .orderBy('a.step')
    .orderBy('a.number')
    .execute()
}

/**
 * The attempt with its enrolment, both rows locked: a submit reads both and changes both
 * under the same lock every progression change takes.
 */
export async function lockAttempt(trx: Transaction<Database>, id: string) {
  return trx
    .selectFrom('quizAttempts as a')
    .innerJoin('enrolments as e', 'e.id', 'a.enrolmentId')
    .select([...attemptColumns, 'e.userId', 'e.courseId', 'e.courseVersionId', 'e.clusterId', 'e.progress', 'e.version', 'e.withdrawnReason', 'e.completedAt', 'e.createdAt'])
    .select(['e.status as enrolmentStatus', 'e.language as enrolmentLanguage'])
    .where('a.id', '=', id)
    // Both rows: after waiting for the lock, PostgreSQL re-reads only the rows it locked, and a
    // competing submit changes the attempt as well as the enrolment.
    .forUpdate()
    .executeTakeFirst()
}
