import type { FastifyInstance } from 'fastify'
import { describe, expect, inject } from 'vitest'
import { buildApp } from '../app.ts'
import { it } from '../testing/app.ts'
import {
  certificateSettings,
  completedLearner,
  issuedCertificate,
} from '../testing/certificates.ts'
import { testConfig } from '../testing/config.ts'
import { createScratchDatabase } from '../testing/db.ts'
import { associationId, createUser } from '../testing/factories.ts'
import { importCivicBasics } from '../testing/learning.ts'
import { clusterOf, learnerAtSurvey, submitSurvey } from '../testing/surveys.ts'
import { certificateIssueTask, issueCertificate } from './service.ts'

async function certificatesOf(app: FastifyInstance, enrolmentId: string) {
  return app.db
    .selectFrom('certificates')
    .selectAll()
    .where('enrolmentId', '=', enrolmentId)
    .execute()
}

async function enrolmentState(app: FastifyInstance, enrolmentId: string) {
  const enrolment = await app.db
    .selectFrom('enrolments')
    .select(['status', 'progress'])
    .where('id', '=', enrolmentId)
    .executeTakeFirstOrThrow()
  const events = await app.db
    .selectFrom('progressionEvents')
    .select('type')
    .where('enrolmentId', '=', enrolmentId)
    .where('type', '=', 'certificate.issued')
    .execute()
  return { status: enrolment.status, value: enrolment.progress.value, issuedEvents: events.length }
}

/** Issues from every path at once: the listener's function, the sweep, and again. */
async function race(apps: FastifyInstance[], enrolmentId: string) {
  return Promise.all(
    apps.flatMap((app) => {
      const settings = certificateSettings(app)
      const sweep = certificateIssueTask(app.progressionBus, app.clock, settings)
      return [
        issueCertificate(app.db, enrolmentId, app.clock.now(), settings),
        sweep.run(app.db),
        issueCertificate(app.db, enrolmentId, app.clock.now(), settings),
      ]
    }),
  )
}

describe('issuing a certificate', { timeout: 120_000 }, () => {
  it('issues exactly once when the listener and the sweep race', async ({ app }) => {
    await importCivicBasics(app)
    const learner = await completedLearner(app)
    expect(await enrolmentState(app, learner.enrolmentId)).toEqual({
      status: 'completed',
      value: 'completed',
      issuedEvents: 0,
    })
    await race([app], learner.enrolmentId)
    const rows = await certificatesOf(app, learner.enrolmentId)
    expect(rows).toHaveLength(1)
    expect(rows[0]!.issueNumber).toBe(1)
    expect(rows[0]!.credential).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
    expect(await enrolmentState(app, learner.enrolmentId)).toEqual({
      status: 'completed',
      value: 'certified',
      issuedEvents: 1,
    })
    const audit = await app.db
      .selectFrom('auditEvents')
      .select(['details', 'subject'])
      .where('action', '=', 'certificate.issued')
      .where('subject', '=', learner.user.id)
      .execute()
    expect(audit).toEqual([
      { subject: learner.user.id, details: expect.objectContaining({ code: rows[0]!.code }) },
    ])
    // Nothing more to do: the sweep finds no enrolment waiting.
    const sweep = certificateIssueTask(app.progressionBus, app.clock, certificateSettings(app))
    await expect(sweep.run(app.db)).resolves.toBe('0 issued')
  })

  it('issues exactly once from two app instances on one database', async ({ app }) => {
    const source = inject('database')
    if (source.kind === 'pglite') {
      // One PGlite cannot be opened by two apps; its one connection serialises them anyway, so
      // the race here is several issuers of one app at once, as above, once more per path.
      await importCivicBasics(app)
      const learner = await completedLearner(app)
      await race([app, app], learner.enrolmentId)
      expect(await certificatesOf(app, learner.enrolmentId)).toHaveLength(1)
      return
    }
    const scratch = await createScratchDatabase(source.url, 'agora_test', source.template)
    const config = testConfig({ DATABASE_URL: scratch.url })
    const apps = [await buildApp(config), await buildApp(config)]
    try {
      await Promise.all(apps.map((one) => one.ready()))
      await importCivicBasics(apps[0]!)
      const learners = await Promise.all([1, 2, 3].map(() => completedLearner(apps[0]!)))
      for (const learner of learners) await race(apps, learner.enrolmentId)
      for (const learner of learners) {
        expect(await certificatesOf(apps[1]!, learner.enrolmentId)).toHaveLength(1)
        expect((await enrolmentState(apps[1]!, learner.enrolmentId)).issuedEvents).toBe(1)
      }
    } finally {
      await Promise.all(apps.map((one) => one.close()))
      await scratch.drop()
    }
  })

  it('issues as the evaluation completes the course, and the enrolment list says so', async ({
    app,
  }) => {
    await importCivicBasics(app)
    const learner = await learnerAtSurvey(app)
    expect((await submitSurvey(app, learner, {})).statusCode).toBe(200)
    const [row] = await certificatesOf(app, learner.enrolmentId)
    expect(row).toBeDefined()
    const enrolments = await app.inject({
      method: 'GET',
      url: '/api/v1/enrolments',
      headers: learner.headers,
    })
    expect(enrolments.statusCode).toBe(200)
    expect(enrolments.json().items).toEqual([
      expect.objectContaining({
        id: learner.enrolmentId,
        status: 'completed',
        certificate: { code: row!.code, status: 'valid' },
      }),
    ])
    const mine = await app.inject({
      method: 'GET',
      url: '/api/v1/me/certificates',
      headers: learner.headers,
    })
    expect(mine.json().items).toEqual([
      expect.objectContaining({
        code: row!.code,
        status: 'valid',
        courseSlug: 'civic-basics',
        links: {
          pdf: `/api/v1/certificates/${row!.code}/certificate.pdf`,
          credential: `/api/v1/certificates/${row!.code}/credential`,
          verification: `/verify/${row!.code}`,
        },
      }),
    ])
  })

  it('an enrolment not completed carries no certificate and gets none', async ({ app }) => {
    await importCivicBasics(app)
    const learner = await learnerAtSurvey(app)
    const settings = certificateSettings(app)
    expect(await issueCertificate(app.db, learner.enrolmentId, app.clock.now(), settings)).toBe(
      null,
    )
    const enrolments = await app.inject({
      method: 'GET',
      url: '/api/v1/enrolments',
      headers: { authorization: learner.headers.authorization },
    })
    expect(enrolments.json().items[0].certificate).toBeNull()
    expect(await certificatesOf(app, learner.enrolmentId)).toHaveLength(0)
  })
})

describe('the certificate.issued event', { timeout: 120_000 }, () => {
  it('is not one a learner or trainer can send through the events route', async ({ app }) => {
    await importCivicBasics(app)
    const learner = await completedLearner(app)
    const { version } = await app.db
      .selectFrom('enrolments')
      .select('version')
      .where('id', '=', learner.enrolmentId)
      .executeTakeFirstOrThrow()
    const response = await app.inject({
      method: 'POST',
      url: `/api/v1/enrolments/${learner.enrolmentId}/events`,
      headers: learner.headers,
      payload: { type: 'certificate.issued', step: 'evaluation', expectedVersion: version },
    })
    expect(response.statusCode).toBe(400)
    expect(await enrolmentState(app, learner.enrolmentId)).toMatchObject({
      value: 'completed',
      issuedEvents: 0,
    })
  })
})

describe('what a certificate holds', { timeout: 120_000 }, () => {
  it("copies the name, the title in the learner's language, hours, the cluster's association and trainers", async ({
    app,
  }) => {
    await importCivicBasics(app)
    const trainer = await createUser(app, {
      roles: ['trainer'],
      association: 'skgo',
      name: 'Jelena Trenerka',
    })
    const clusterId = await clusterOf(app, 'skgo', trainer)
    const { learner, code } = await issuedCertificate(app, {
      language: 'sr-Latn',
      association: 'skgo',
      clusterId,
    })
    const row = await app.db
      .selectFrom('certificates')
      .selectAll()
      .where('code', '=', code)
      .executeTakeFirstOrThrow()
    const course = await app.db
      .selectFrom('courses')
      .select(['id', 'title', 'currentVersionId'])
      .where('slug', '=', 'civic-basics')
      .executeTakeFirstOrThrow()
    const modules = await app.db
      .selectFrom('courseDocuments')
      .select((eb) => eb.fn.sum<string>('minutes').as('minutes'))
      .where('versionId', '=', course.currentVersionId!)
      .where('language', '=', 'sr-Latn')
      .where('kind', '=', 'module')
      .executeTakeFirstOrThrow()
    const skgo = await app.db
      .selectFrom('associations')
      .select(['id', 'name'])
      .where('slug', '=', 'skgo')
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({
      learnerName: learner.user.name,
      language: 'sr-Latn',
      courseId: course.id,
      courseVersionId: course.currentVersionId,
      courseVersionNumber: 1,
      courseTitle: course.title['sr-Latn'],
      minutes: Number(modules.minutes),
      associationId: skgo.id,
      issuerName: skgo.name,
      clusterId,
      trainers: ['Jelena Trenerka'],
      revokedAt: null,
      replacedById: null,
    })
    expect(row.courseTitle).not.toBe(course.title.en)
    expect(Number(modules.minutes)).toBeGreaterThan(0)
    // The name at issue: a later change of the account leaves the certificate as issued.
    await app.db
      .updateTable('users')
      .set({ name: 'Someone Else' })
      .where('id', '=', learner.user.id)
      .execute()
    const detail = await app.inject({
      method: 'GET',
      url: `/api/v1/certificates/${code}`,
      headers: learner.headers,
    })
    expect(detail.json()).toMatchObject({
      learnerName: learner.user.name,
      hours: Math.round(Number(modules.minutes) / 30) / 2,
      issuer: { name: skgo.name },
      trainers: ['Jelena Trenerka'],
    })
  })

  it("without a cluster: the association of the course's trainer, else the platform", async ({
    app,
  }) => {
    await importCivicBasics(app)
    const platform = await issuedCertificate(app)
    const bare = await app.db
      .selectFrom('certificates')
      .select(['associationId', 'issuerName', 'trainers'])
      .where('code', '=', platform.code)
      .executeTakeFirstOrThrow()
    expect(bare).toEqual({ associationId: null, issuerName: 'Agora', trainers: [] })

    const trainer = await createUser(app, {
      roles: ['trainer'],
      association: 'zels',
      name: 'Ana Z',
    })
    const course = await app.db
      .selectFrom('courses')
      .select('id')
      .where('slug', '=', 'civic-basics')
      .executeTakeFirstOrThrow()
    await app.db
      .insertInto('courseTrainers')
      .values({ courseId: course.id, userId: trainer.id })
      .execute()
    const { code } = await issuedCertificate(app)
    const zels = await app.db
      .selectFrom('certificates')
      .select(['associationId', 'issuerName', 'trainers'])
      .where('code', '=', code)
      .executeTakeFirstOrThrow()
    expect(zels).toMatchObject({
      associationId: await associationId(app, 'zels'),
      trainers: ['Ana Z'],
    })
  })
})
