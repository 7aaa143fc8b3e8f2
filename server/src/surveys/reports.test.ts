import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { describe, expect } from 'vitest'
import { it } from '../testing/app.ts'
import { csvRows } from '../testing/exports.ts'
import { bearer, createUser, type TestUser, tokenFor } from '../testing/factories.ts'
import { importCivicBasics } from '../testing/learning.ts'
import { clusterOf, currentVersionId, learnerAtSurvey, submitSurvey } from '../testing/surveys.ts'

// civic-basics/evaluation: question 0 an essay ("What was good?"), question 1 a rating 1..5.

async function courseTrainer(app: FastifyInstance): Promise<TestUser> {
  const trainer = await createUser(app, { roles: ['trainer'], association: 'skgo' })
  const course = await app.db
    .selectFrom('courses')
    .select('id')
    .where('slug', '=', 'civic-basics')
    .executeTakeFirstOrThrow()
  await app.db
    .insertInto('courseTrainers')
    .values({ courseId: course.id, userId: trainer.id })
    .execute()
  return trainer
}

const get = (app: FastifyInstance, user: TestUser, url: string) =>
  app.inject({ url: `/api/v1${url}`, headers: bearer(tokenFor(app, user)) })

describe('evaluation reports', () => {
  let trainer: TestUser
  let admin: TestUser
  let versionId: string

  it.beforeAll(async ({ app }) => {
    await importCivicBasics(app)
    trainer = await courseTrainer(app)
    admin = await createUser(app, { roles: ['admin'] })
    versionId = await currentVersionId(app)
  })

  /** Learners numbered `from` onwards: the odd ones write a text and rate their number, the even rate 5. */
  async function responses(app: FastifyInstance, count: number, clusterId?: string, from = 1) {
    for (let n = from; n < from + count; n++) {
      const learner = await learnerAtSurvey(app, { association: 'skgo', clusterId })
      const answers = n % 2 ? { '0': `Answer ${n} ${clusterId ?? 'open'}`, '1': n } : { '1': 5 }
      const submitted = await submitSurvey(app, learner, answers)
      expect(submitted.statusCode, submitted.body).toBe(200)
    }
  }

  it('shows only the count below 5 responses, and the breakdown from 5', async ({ app }) => {
    await responses(app, 4)
    const listed = await get(app, trainer, '/courses/civic-basics/evaluations')
    expect(listed.statusCode, listed.body).toBe(200)
    expect(listed.json().items).toEqual([
      expect.objectContaining({
        versionId,
        versionNumber: 1,
        step: 'evaluation',
        responses: 4,
        enough: false,
      }),
    ])
    const few = await get(app, trainer, `/courses/civic-basics/evaluations/${versionId}`)
    expect(few.statusCode, few.body).toBe(200)
    expect(few.json()).toEqual({ responses: 4, minimum: 5, enough: false, questions: null })
    const refused = await get(
      app,
      trainer,
      `/courses/civic-basics/evaluations/${versionId}/export.csv`,
    )
    expect(refused.statusCode).toBe(409)
    expect(refused.json()).toMatchObject({
      type: '/problems/too-few-responses',
      responses: 4,
      minimum: 5,
    })
    expect(refused.headers['cache-control']).toBe('no-store')

    await responses(app, 1, undefined, 5)
    const report = await get(app, trainer, `/courses/civic-basics/evaluations/${versionId}`)
    expect(report.statusCode, report.body).toBe(200)
    expect(report.headers['cache-control']).toBe('no-store')
    const body = report.json()
    expect(body).toMatchObject({ responses: 5, minimum: 5, enough: true })
    expect(body.questions).toHaveLength(2)
    expect(body.questions[0]).toMatchObject({
      index: 0,
      text: 'What was good?',
      kind: 'text',
      answered: 3,
    })
    expect([...body.questions[0].answers].sort()).toEqual(
      ['Answer 1 open', 'Answer 3 open', 'Answer 5 open'].sort(),
    )
    // Ratings 1, 5, 3, 5, 5 (the even ones rate 5).
    expect(body.questions[1]).toEqual({
      index: 1,
      text: 'How useful was the course for your work?',
      kind: 'rating',
      answered: 5,
      distribution: [
        { value: 1, label: '1', count: 1 },
        { value: 2, label: '2', count: 0 },
        { value: 3, label: '3', count: 1 },
        { value: 4, label: '4', count: 0 },
        { value: 5, label: '5', count: 3 },
      ],
      mean: 3.8,
    })
    // Open answers come in a new random order: of 3! orders, 30 requests show more than one.
    const orders = new Set<string>()
    for (let n = 0; n < 30; n++)
      orders.add(
        JSON.stringify(
          (await get(app, admin, `/courses/civic-basics/evaluations/${versionId}`)).json()
            .questions[0].answers,
        ),
      )
    expect(orders.size).toBeGreaterThan(1)

    const serbian = await get(
      app,
      trainer,
      `/courses/civic-basics/evaluations/${versionId}?step=evaluation&lang=sr-Latn`,
    )
    expect(serbian.json().questions[0].text).not.toBe('What was good?')

    const csv = await get(app, trainer, `/courses/civic-basics/evaluations/${versionId}/export.csv`)
    expect(csv.statusCode, csv.body).toBe(200)
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8')
    const rows = csvRows(csv)
    expect(rows[0]).toEqual([
      'Responses',
      'Question',
      'Question text',
      'Kind',
      'Value',
      'Label',
      'Count',
      'Answer',
    ])
    expect(rows).toContainEqual([
      '5',
      '2',
      'How useful was the course for your work?',
      'rating',
      '5',
      '5',
      '3',
      '',
    ])
    expect(rows).toContainEqual([
      '5',
      '2',
      'How useful was the course for your work?',
      'rating',
      '',
      'mean',
      '3.8',
      '',
    ])
    expect(
      rows
        .filter((row) => row[3] === 'text')
        .map((row) => row[7])
        .sort(),
    ).toEqual(['Answer 1 open', 'Answer 3 open', 'Answer 5 open'].sort())
  })

  it('course reports are for the course trainers and admins; unknown versions and steps are refused', async ({
    app,
  }) => {
    const other = await createUser(app, { roles: ['trainer'] })
    for (const url of [
      '/courses/civic-basics/evaluations',
      `/courses/civic-basics/evaluations/${versionId}`,
      `/courses/civic-basics/evaluations/${versionId}/export.csv`,
    ]) {
      expect((await get(app, other, url)).statusCode, url).toBe(403)
      expect((await get(app, admin, url)).statusCode, url).toBe(200)
    }
    const coordinator = await createUser(app, { roles: ['coordinator'], association: 'skgo' })
    expect((await get(app, coordinator, '/courses/civic-basics/evaluations')).statusCode).toBe(403)
    expect((await get(app, admin, '/courses/no-such-course/evaluations')).statusCode).toBe(404)
    expect(
      (await get(app, admin, `/courses/civic-basics/evaluations/${randomUUID()}`)).statusCode,
    ).toBe(404)
    const step = await get(
      app,
      admin,
      `/courses/civic-basics/evaluations/${versionId}?step=01-rights`,
    )
    expect(step.statusCode).toBe(400)
    expect(step.json().errors).toEqual([
      expect.objectContaining({ pointer: '/query/step', reason: 'unknown-reference' }),
    ])
    const extra = await get(app, admin, `/courses/civic-basics/evaluations/${versionId}?x=1`)
    expect(extra.statusCode).toBe(400)
  })

  it("cluster reports count the cluster's own responses, each from 5, for its readers", async ({
    app,
  }) => {
    const clusterTrainer = await createUser(app, { roles: ['trainer'], association: 'skgo' })
    const running = await clusterOf(app, 'skgo', clusterTrainer)
    const small = await clusterOf(app, 'skgo')
    await responses(app, 5, running)
    await responses(app, 2, small)

    const coordinator = await createUser(app, { roles: ['coordinator'], association: 'skgo' })
    const report = await get(app, coordinator, `/learning-clusters/${running}/evaluations`)
    expect(report.statusCode, report.body).toBe(200)
    const [item, ...rest] = report.json().items
    expect(rest).toEqual([])
    expect(item).toMatchObject({
      courseSlug: 'civic-basics',
      courseTitle: 'Civic Basics',
      versionId,
      versionNumber: 1,
      step: 'evaluation',
      report: { responses: 5, enough: true },
    })
    expect([...item.report.questions[0].answers].sort()).toEqual(
      [1, 3, 5].map((n) => `Answer ${n} ${running}`).sort(),
    )

    const few = await get(app, clusterTrainer, `/learning-clusters/${small}/evaluations`)
    expect(few.statusCode).toBe(404)
    const smallReport = await get(
      app,
      coordinator,
      `/learning-clusters/${small}/evaluations?course=civic-basics&lang=sr-Latn`,
    )
    expect(smallReport.json().items).toEqual([
      expect.objectContaining({
        courseTitle: 'Osnove građanstva',
        report: { responses: 2, minimum: 5, enough: false, questions: null },
      }),
    ])
    const refused = await get(
      app,
      coordinator,
      `/learning-clusters/${small}/evaluations/export.csv`,
    )
    expect(refused.statusCode).toBe(409)
    expect(refused.json().type).toBe('/problems/too-few-responses')

    const csv = await get(
      app,
      clusterTrainer,
      `/learning-clusters/${running}/evaluations/export.csv`,
    )
    expect(csv.statusCode, csv.body).toBe(200)
    const rows = csvRows(csv)
    expect(rows[0]!.slice(0, 4)).toEqual(['Course', 'Version', 'Survey', 'Responses'])
    expect(rows.slice(1).every((row) => row[0] === 'civic-basics' && row[3] === '5')).toBe(true)

    const otherCoordinator = await createUser(app, { roles: ['coordinator'], association: 'zels' })
    for (const url of [
      `/learning-clusters/${running}/evaluations`,
      `/learning-clusters/${running}/evaluations/export.csv`,
    ]) {
      expect((await get(app, otherCoordinator, url)).statusCode, url).toBe(404)
      expect((await get(app, admin, url)).statusCode, url).toBe(200)
    }
    expect(
      (await get(app, coordinator, `/learning-clusters/${running}/evaluations?course=nope`))
        .statusCode,
    ).toBe(404)
  })
  it("the cluster's CSV keeps one version on request, each survey still from 5", async ({
    app,
  }) => {
    const clusterTrainer = await createUser(app, { roles: ['trainer'], association: 'skgo' })
    const cluster = await clusterOf(app, 'skgo', clusterTrainer)
    await responses(app, 5, cluster)
    // A second version of the course (a copy of the first), with 2 responses in the cluster.
    const { rows } = await sql<{ id: string }>`
      insert into course_versions (course_id, number, content_hash, manifest, manifest_source, change_summary, created_by)
      select course_id, 2, content_hash || '-2', manifest, manifest_source, change_summary, created_by
      from course_versions where id = ${versionId} returning id`.execute(app.db)
    const second = rows[0]!.id
    await sql`
      insert into course_documents (version_id, language, step, kind, title, minutes, objectives, source, html, toc, questions)
      select ${second}, language, step, kind, title, minutes, objectives, source, html, toc, questions
      from course_documents where version_id = ${versionId}`.execute(app.db)
    const { courseId } = await app.db
      .selectFrom('courseVersions')
      .select('courseId')
      .where('id', '=', versionId)
      .executeTakeFirstOrThrow()
    for (const rating of [4, 5])
      await app.db
        .insertInto('surveyResponses')
        .values({
          courseId,
          courseVersionId: second,
          step: 'evaluation',
          clusterId: cluster,
          language: 'en',
          answers: JSON.stringify({ '1': rating }),
        })
        .execute()

    const path = `/learning-clusters/${cluster}/evaluations/export.csv`
    const whole = await get(app, clusterTrainer, path)
    expect(whole.statusCode, whole.body).toBe(200)
    expect(
      new Set(
        csvRows(whole)
          .slice(1)
          .map((row) => row[1]),
      ),
    ).toEqual(new Set(['1', '2']))

    for (const query of [`?version=${versionId}`, `?course=civic-basics&version=${versionId}`]) {
      const first = await get(app, clusterTrainer, path + query)
      expect(first.statusCode, first.body).toBe(200)
      const body = csvRows(first).slice(1)
      expect(body.length).toBeGreaterThan(1)
      expect(
        body.every((row) => row[0] === 'civic-basics' && row[1] === '1' && row[3] === '5'),
      ).toBe(true)
      expect(first.headers['content-disposition']).toContain('-v1')
    }
    const few = await get(app, clusterTrainer, `${path}?version=${second}`)
    expect(few.statusCode).toBe(409)
    expect(few.json()).toMatchObject({
      type: '/problems/too-few-responses',
      responses: 2,
      minimum: 5,
    })

    expect((await get(app, clusterTrainer, `${path}?version=${randomUUID()}`)).statusCode).toBe(404)
    const bad = await get(app, clusterTrainer, `${path}?version=v1`)
    expect(bad.statusCode).toBe(400)
    expect(bad.json().errors).toEqual([expect.objectContaining({ pointer: '/query/version' })])
    const stranger = await createUser(app, { roles: ['trainer'], association: 'skgo' })
    expect((await get(app, stranger, `${path}?version=${versionId}`)).statusCode).toBe(404)
  })
})
