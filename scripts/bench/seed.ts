import { sql } from 'kysely'
import { learnerView } from '../../server/src/course-format/gift/index.ts'
import type { Db } from '../../server/src/db/create-db.ts'
import { loadCourseVersion, loadStepDocument } from '../../server/src/courses/service.ts'
import { applyEvent, initialProgress } from '../../server/src/progression/index.ts'

export interface Seeded {
  /** Learners at module 1 in `reading`: one module.read each. */
  readers: { userId: string; enrolmentId: string }[]
  /** Learners at module 1's quiz with an open attempt: one submit each. */
  takers: { userId: string; attemptId: string }[]
  step: string
  answers: Record<string, unknown>
}

const slug = 'diversity-management'

/**
 * Bulk rows for the write benchmarks, made with generate_series: every request needs a learner in
 * the right state, because an event or a submit is accepted only once.
 */
export async function seedLearners(db: Db, count: number): Promise<Seeded> {
  const course = await db
    .selectFrom('courses')
    .select(['id', 'currentVersionId'])
    .where('slug', '=', slug)
    .executeTakeFirstOrThrow()
  const version = (await loadCourseVersion(db, course.currentVersionId!))!
  const step = version.steps[0]!.slug
  const reading = initialProgress(version.machine)
  const quiz = applyEvent(version.machine, reading, { type: 'module.read', step })!

  await sql`
    insert into users (email, name, preferred_language)
    select 'bench-' || n || '@bench.local', 'Bench Learner ' || n, 'en' from generate_series(1, ${count * 2}) as n`.execute(
    db,
  )
  await sql`insert into user_roles (user_id, role) select id, 'learner' from users where email like 'bench-%'`.execute(
    db,
  )
  await sql`
    insert into enrolments (user_id, course_id, course_version_id, language, progress, version)
    select u.id, ${course.id}, ${version.id}, 'en',
      case when split_part(u.email, '-', 2)::int % 2 = 0 then ${JSON.stringify(quiz)}::jsonb else ${JSON.stringify(reading)}::jsonb end,
      case when split_part(u.email, '-', 2)::int % 2 = 0 then 1 else 0 end
    from (select id, replace(email, '@bench.local', '') as email from users where email like 'bench-%') u`.execute(
    db,
  )
  // The quiz-stage learners' log holds their module.read, so replaying it gives their state.
  await sql`
    insert into progression_events (enrolment_id, sequence, type, payload)
    select id, 1, 'module.read', ${JSON.stringify({ step })}::jsonb from enrolments where version = 1`.execute(
    db,
  )
  await sql`
    insert into quiz_attempts (enrolment_id, step, number, language, seed)
    select id, ${step}, 1, 'en', (random() * 2147483647)::int from enrolments where version = 1`.execute(
    db,
  )

  const readers = await db
    .selectFrom('enrolments')
    .select(['userId', 'id as enrolmentId'])
    .where('version', '=', 0)
    .execute()
  const takers = await db
    .selectFrom('quizAttempts as a')
    .innerJoin('enrolments as e', 'e.id', 'a.enrolmentId')
    .select(['e.userId', 'a.id as attemptId'])
    .execute()
  const document = (await loadStepDocument(db, version.id, 'en', step))!
  // A plausible full answer sheet: the first option of every choice, some text, a number.
  const answers = Object.fromEntries(
    document.questions.map((question, index) => {
      const view = learnerView(question)
      const answer =
        view.kind === 'multiple-choice'
          ? { choice: '0' }
          : view.kind === 'multiple-answer'
            ? { choices: ['0', '1'] }
            : view.kind === 'true-false'
              ? { value: true }
              : view.kind === 'numerical'
                ? { number: 16 }
                : view.kind === 'matching'
                  ? {
                      pairs: Object.fromEntries(
                        view.left.map((left, i) => [left.id, String(i % view.right.length)]),
                      ),
                    }
                  : { text: 'an answer' }
      return [String(index), answer]
    }),
  )
  return { readers, takers, step, answers }
}
