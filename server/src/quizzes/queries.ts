import { sql, type Transaction } from 'kysely'
import type { LearnerAnswers } from '../course-format/gift/index.ts'
import type { Db } from '../db/create-db.ts'
import { hotQuery } from '../db/hot-query.ts'
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

export async function findAttempt(db: Db, id: string) {
  return db
    .selectFrom('quizAttempts as a')
    .select(attemptColumns)
    .where('a.id', '=', id)
    .executeTakeFirst()
}

export type AttemptRow = NonNullable<Awaited<ReturnType<typeof findAttempt>>>

export async function findOpenAttempt(
  trx: Transaction<Database>,
  enrolmentId: string,
  step: string,
) {
  return trx
    .selectFrom('quizAttempts as a')
    .select(attemptColumns)
    .where('a.enrolmentId', '=', enrolmentId)
    .where('a.step', '=', step)
    .where('a.status', '=', 'open')
    .executeTakeFirst()
}

export async function insertAttempt(
  trx: Transaction<Database>,
  attempt: { enrolmentId: string; step: string; number: number; language: string; seed: number },
) {
  return trx.insertInto('quizAttempts').values(attempt).returningAll().executeTakeFirstOrThrow()
}

export async function updateAnswers(db: Db, id: string, answers: LearnerAnswers) {
  return db
    .updateTable('quizAttempts')
    .set({ answers: JSON.stringify(answers), savedAt: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst()
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

const attemptForSubmit = hotQuery((db: Db, id: string) =>
  db
    .selectFrom('quizAttempts as a')
    .innerJoin('enrolments as e', 'e.id', 'a.enrolmentId')
    .select([
      ...attemptColumns,
      'e.userId',
      'e.courseId',
      'e.courseVersionId',
      'e.clusterId',
      'e.progress',
      'e.version',
      'e.withdrawnReason',
      'e.completedAt',
      'e.createdAt',
    ])
    .select(['e.status as enrolmentStatus', 'e.language as enrolmentLanguage'])
    .where('a.id', '=', id),
)

/**
 * The attempt with what a submit needs of its enrolment, in one round trip on the hottest write:
 * part of the submit's deliberate reach into enrolments (see commitProgression). The write checks
 * the version, so no lock.
 */
export async function findAttemptForSubmit(db: Db, id: string) {
  return (await attemptForSubmit(db, id)).rows[0]
}

/**
 * A person's quiz attempts for their data export: per attempt its enrolment, step, number and
 * language, the answers given, the score, whether it passed and the graded result per question,
 * with the dates. Their enrolments are read by join (the owner's table, the subquery only).
 */
export async function listAttemptsOfPerson(db: Db, userId: string) {
  return db
    .selectFrom('quizAttempts as a')
    .select([
      'a.id',
      'a.enrolmentId',
      'a.step',
      'a.number',
      'a.language',
      'a.answers',
      'a.status',
      'a.score',
      'a.passed',
      'a.result',
      'a.startedAt',
      'a.savedAt',
      'a.submittedAt',
    ])
    .where('a.enrolmentId', 'in', (eb) =>
      eb.selectFrom('enrolments').select('id').where('userId', '=', userId),
    )
    .orderBy('a.startedAt')
    .orderBy('a.id')
    .execute()
}

/**
 * Erasure: the text the person wrote (short answers and essays, `{ text }` answers) goes from
 * their attempts; choices, numbers, scores and graded results stay, so a cluster's quiz results
 * keep their counts.
 */
export async function eraseWrittenAnswers(db: Db, userId: string): Promise<void> {
  await sql`
    update quiz_attempts
    set answers = coalesce(
      (select jsonb_object_agg(e.key, e.value) from jsonb_each(answers) as e(key, value)
        where not (jsonb_typeof(e.value) = 'object' and e.value ? 'text')),
      '{}'::jsonb)
    where enrolment_id in (select id from enrolments where user_id = ${userId})
      and exists (select 1 from jsonb_each(answers) as e(key, value)
        where jsonb_typeof(e.value) = 'object' and e.value ? 'text')`.execute(db)
}
