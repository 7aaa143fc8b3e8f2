import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { readCourseFiles } from '../courses/files.ts'
import { importCourse } from '../courses/import.ts'
import { createDb, type DbHandle } from '../db/create-db.ts'
import { createMigrator, migrateToLatest } from '../db/migrate.ts'
import { loadReferenceOrganisations } from '../organisations/reference.ts'
import { createScratchDatabase } from '../testing/db.ts'
import { civicBasics } from '../testing/learning.ts'

// Migration 0036 moves the answers the old code kept in `survey.submitted` events into
// survey_responses. Here a fresh database is migrated to 0035, given rows as the old code wrote
// them, and migrated to the latest: on PGlite and on PostgreSQL, whichever the run uses.
let handle: DbHandle
let drop = async () => {}
beforeAll(async () => {
  const source = inject('database')
  if (source.kind === 'pglite') handle = await createDb({ kind: 'pglite' })
  else {
    const scratch = await createScratchDatabase(source.url, 'agora_answers')
    handle = await createDb({ kind: 'postgres', url: scratch.url, poolMax: 2 })
    drop = scratch.drop
  }
})
afterAll(async () => {
  await handle.close()
  await drop()
})

describe('migration 0036: survey answers out of the progression log', () => {
  it('copies old answers to survey_responses and removes them from the events', async () => {
    const { db } = handle
    const migrated = await createMigrator(db).migrateTo('0035_create_survey_responses')
    expect(migrated.error).toBeUndefined()
    await loadReferenceOrganisations(db)
    const imported = await importCourse(db, 'civic-basics', readCourseFiles(civicBasics))
    expect(imported.status).toBe('created')
    const course = await db
      .selectFrom('courses')
      .select(['id', 'currentVersionId'])
      .where('slug', '=', 'civic-basics')
      .executeTakeFirstOrThrow()
    const association = await db
      .selectFrom('associations')
      .select('id')
      .where('slug', '=', 'skgo')
      .executeTakeFirstOrThrow()
    const { id: clusterId } = await db
      .insertInto('clusters')
      .values({
        associationId: association.id,
        name: 'Before 0036',
        startsOn: '2026-01-01',
        endsOn: '2026-06-30',
        capacity: 10,
        createdBy: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()

    const enrol = async (n: number, language: string, cluster: string | null) => {
      const { id: userId } = await db
        .insertInto('users')
        .values({
          email: `old-learner-${n}@example.org`,
          name: `Old Learner ${n}`,
          associationId: association.id,
          municipalityId: null,
          passwordHash: null,
          emailVerifiedAt: new Date(),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      const { id } = await db
        .insertInto('enrolments')
        .values({
          userId,
          courseId: course.id,
          courseVersionId: course.currentVersionId!,
          language,
          clusterId: cluster,
          progress: JSON.stringify({ value: 'completed', context: {} }),
          enrolledBy: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      return id
    }
    const first = await enrol(1, 'sr-Latn', clusterId)
    const second = await enrol(2, 'en', null)
    const third = await enrol(3, 'en', clusterId)
    // As the old events route wrote them: the answers in the payload, beside the step.
    await db
      .insertInto('progressionEvents')
      .values([
        {
          enrolmentId: first,
          sequence: 1,
          type: 'module.read',
          payload: JSON.stringify({ step: '01-rights' }),
          actorId: null,
          at: new Date('2026-03-28T10:00:00Z'),
        },
        {
          enrolmentId: first,
          sequence: 2,
          type: 'survey.submitted',
          payload: JSON.stringify({
            step: 'evaluation',
            answers: { '0': 'Odlični primeri', '1': 5 },
          }),
          actorId: null,
          // Past midnight in Belgrade, still the 29th in UTC: the day kept is the UTC one.
          at: new Date('2026-03-29T23:30:00Z'),
        },
        {
          enrolmentId: second,
          sequence: 1,
          type: 'survey.submitted',
          payload: JSON.stringify({ step: 'evaluation', answers: { '1': 2 } }),
          actorId: null,
          at: new Date('2026-04-02T08:00:00Z'),
        },
        {
          enrolmentId: third,
          sequence: 1,
          type: 'survey.submitted',
          payload: JSON.stringify({ step: 'evaluation' }),
          actorId: null,
          at: new Date('2026-04-03T08:00:00Z'),
        },
      ])
      .execute()

    await migrateToLatest(db)

    const { rows: responses } = await sql<{
      courseId: string
      courseVersionId: string
      step: string
      clusterId: string | null
      language: string
      answers: Record<string, unknown>
      day: string
    }>`select course_id, course_version_id, step, cluster_id, language, answers,
              submitted_on::text as day
         from survey_responses order by submitted_on`.execute(db)
    expect(responses).toEqual([
      {
        courseId: course.id,
        courseVersionId: course.currentVersionId,
        step: 'evaluation',
        clusterId,
        language: 'sr-Latn',
        answers: { '0': 'Odlični primeri', '1': 5 },
        day: '2026-03-29',
      },
      {
        courseId: course.id,
        courseVersionId: course.currentVersionId,
        step: 'evaluation',
        clusterId: null,
        language: 'en',
        answers: { '1': 2 },
        day: '2026-04-02',
      },
    ])

    const events = await db
      .selectFrom('progressionEvents')
      .select(['enrolmentId', 'sequence', 'type', 'payload'])
      .orderBy('at')
      .execute()
    expect(events).toEqual([
      { enrolmentId: first, sequence: 1, type: 'module.read', payload: { step: '01-rights' } },
      {
        enrolmentId: first,
        sequence: 2,
        type: 'survey.submitted',
        payload: { step: 'evaluation' },
      },
      {
        enrolmentId: second,
        sequence: 1,
        type: 'survey.submitted',
        payload: { step: 'evaluation' },
      },
      {
        enrolmentId: third,
        sequence: 1,
        type: 'survey.submitted',
        payload: { step: 'evaluation' },
      },
    ])
    const { rows: leftovers } = await sql<{ row: string }>`
      select payload::text as row from progression_events where payload::text like '%Odli%'`.execute(
      db,
    )
    expect(leftovers).toEqual([])

    // The log is append-only again once the migration is done.
    await expect(
      sql`update progression_events set payload = '{}' where enrolment_id = ${first}`.execute(db),
    ).rejects.toThrow(/append-only/)
  })
})
