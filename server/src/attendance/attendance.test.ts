import type { FastifyInstance } from 'fastify'
import { describe, expect, test } from 'vitest'
import { buildTestApp } from '../testing/app.ts'
import { learnerAtGate, passModule, versionOf } from '../testing/attendance.ts'
import { TestClock } from '../testing/clock.ts'
import { associationId, bearer, createUser, tokenFor } from '../testing/factories.ts'
import { enrolledLearner, importCivicBasics, type Learner } from '../testing/learning.ts'
import { courseTrainer, registerForSession, scheduleSession } from '../testing/webinars.ts'
import type { WebinarSession } from '../webinars/schemas.ts'
import type { AttendanceList, CheckInCode } from './schemas.ts'

const clock = new TestClock('2027-03-01T08:00:00Z')
// The first test of a file imports a course and signs people up (argon2): room on a busy machine.
const slow = 120_000
const it = test.extend<{ app: FastifyInstance }>({
  app: [
    async ({}, use) => {
      const app = await buildTestApp({}, { clock })
      await importCivicBasics(app)
      await use(app)
      await app.close()
    },
    { scope: 'file' },
  ],
})

type Headers = { authorization: string }
let trainer: Headers | undefined
async function trainerOf(app: FastifyInstance): Promise<Headers> {
  trainer ??= (await courseTrainer(app)).headers
  return trainer
}

const minutes = (n: number) => n * 60_000
const at = (iso: string, offset = 0) => new Date(new Date(iso).getTime() + offset)

async function codeOf(app: FastifyInstance, session: WebinarSession): Promise<CheckInCode> {
  const answer = await app.inject({
    url: `/api/v1/webinars/${session.id}/check-in-code`,
    headers: await trainerOf(app),
  })
  expect(answer.statusCode, answer.body).toBe(200)
  return answer.json() as CheckInCode
}

const checkIn = (app: FastifyInstance, learner: Learner, sessionId: string, code: string) =>
  app.inject({
    method: 'POST',
    url: `/api/v1/webinars/${sessionId}/check-in`,
    headers: learner.headers,
    payload: { code },
  })

const mark = (
  app: FastifyInstance,
  headers: Headers,
  sessionId: string,
  marks: { userId: string; status: string; reason?: string }[],
) =>
  app.inject({
    method: 'PUT',
    url: `/api/v1/webinars/${sessionId}/attendance`,
    headers,
    payload: { marks },
  })

/** Where the learner stands: the current step and its phase (null past the end). */
async function standing(app: FastifyInstance, learner: Learner) {
  const enrolment = await app.inject({
    url: `/api/v1/enrolments/${learner.enrolmentId}`,
    headers: learner.headers,
  })
  const { progress } = enrolment.json() as {
    progress: { current: string | null; steps: { slug: string; phase: string | null }[] }
  }
  const current = progress.steps.find((step) => step.slug === progress.current)
  return { current: progress.current, phase: current?.phase ?? null }
}

async function gateEvents(app: FastifyInstance, learner: Learner) {
  return app.db
    .selectFrom('progressionEvents')
    .select(['type', 'payload'])
    .where('enrolmentId', '=', learner.enrolmentId)
    .where('type', 'like', 'webinar.%')
    .orderBy('sequence')
    .execute()
}

async function auditOf(app: FastifyInstance, action: string, subject: string) {
  return app.db
    .selectFrom('auditEvents')
    .select(['details'])
    .where('action', '=', action)
    .where('subject', '=', subject)
    .execute()
}

/** A wrong code for sure: the session's code with its first letter changed. */
const wrong = (code: string) => (code.startsWith('A') ? 'B' : 'A') + code.slice(1)

describe('check-in with the code', () => {
  it(
    'is refused before the window and after the end; wrong codes are refused and the sixth try is 429; a right code works once',
    async ({ app }) => {
      const staff = await trainerOf(app)
      const session = await scheduleSession(app, staff)
      const [early, guesser, right, late] = [
        await learnerAtGate(app),
        await learnerAtGate(app),
        await learnerAtGate(app),
        await learnerAtGate(app),
      ]
      for (const learner of [early, guesser, right, late])
        await registerForSession(app, learner, session.id)
      const { code, opensAt, closesAt } = await codeOf(app, session)
      expect(code).toMatch(/^[A-Z0-9]{6}$/)
      expect(new Date(opensAt).getTime()).toBe(new Date(session.startsAt).getTime() - minutes(15))
      expect(closesAt).toBe(session.endsAt)

      clock.set(at(opensAt, -1000))
      const tooEarly = await checkIn(app, early, session.id, code)
      expect(tooEarly.statusCode).toBe(422)
      expect(tooEarly.json()).toMatchObject({
        type: '/problems/check-in-refused',
        reason: 'closed',
      })
      expect(await standing(app, early)).toEqual({ current: 'peer-exchange', phase: 'registered' })

      clock.set(opensAt)
      for (let i = 0; i < 5; i++) {
        const refused = await checkIn(app, guesser, session.id, wrong(code))
        expect(refused.statusCode, refused.body).toBe(422)
        expect(refused.json()).toMatchObject({
          type: '/problems/check-in-refused',
          reason: 'wrong-code',
          errors: [{ pointer: '/body/code', reason: 'invalid' }],
        })
      }
      // The sixth try is not judged, even with the right code.
      const limited = await checkIn(app, guesser, session.id, code)
      expect(limited.statusCode).toBe(429)
      expect(limited.json()).toMatchObject({ type: '/problems/rate-limited' })
      const retryAfter = Number(limited.headers['retry-after'])
      expect(retryAfter).toBeGreaterThan(0)
      expect(retryAfter).toBeLessThanOrEqual(15 * 60)
      expect(await standing(app, guesser)).toEqual({
        current: 'peer-exchange',
        phase: 'registered',
      })
      // Another person's tries are their own.
      const first = await checkIn(app, right, session.id, ` ${code.toLowerCase()} `)
      expect(first.statusCode, first.body).toBe(200)
      expect(first.json()).toEqual({
        status: 'attended',
        via: 'check-in',
        markedAt: clock.now().toISOString(),
        enrolmentId: right.enrolmentId,
      })
      expect(await standing(app, right)).toEqual({ current: 'evaluation', phase: 'open' })

      clock.set(at(opensAt, minutes(5)))
      const again = await checkIn(app, right, session.id, code)
      expect(again.statusCode).toBe(200)
      expect(again.json()).toEqual(first.json())
      expect((await gateEvents(app, right)).map((event) => event.type)).toEqual([
        'webinar.registered',
        'webinar.attended',
      ])

      clock.set(closesAt)
      const tooLate = await checkIn(app, late, session.id, code)
      expect(tooLate.statusCode).toBe(422)
      expect(tooLate.json()).toMatchObject({ reason: 'closed' })
      expect(await standing(app, late)).toEqual({ current: 'peer-exchange', phase: 'registered' })

      // Every try is audited: the refusals with their reason, the check-ins.
      const reasons = async (learner: Learner) =>
        (await auditOf(app, 'webinar.check-in-refused', learner.user.id)).map(
          (row) => (row.details as { reason: string }).reason,
        )
      expect(await reasons(early)).toEqual(['closed'])
      expect(await reasons(guesser)).toEqual([...Array(5).fill('wrong-code'), 'rate-limited'])
      expect(await reasons(late)).toEqual(['closed'])
      expect(await auditOf(app, 'webinar.checked-in', right.user.id)).toHaveLength(2)

      const list = await app.inject({
        url: `/api/v1/webinars/${session.id}/attendance`,
        headers: staff,
      })
      expect(list.statusCode).toBe(200)
      const items = (list.json() as AttendanceList).items
      expect(items).toHaveLength(4)
      expect(items.find((item) => item.userId === right.user.id)).toMatchObject({
        registered: true,
        status: 'attended',
        via: 'check-in',
        reason: null,
      })
      expect(items.find((item) => item.userId === guesser.user.id)).toMatchObject({
        registered: true,
        status: null,
        via: null,
        markedAt: null,
      })
    },
    slow,
  )

  it('takes a learner the session is open to without registration; anyone else finds no session', async ({
    app,
  }) => {
    const session = await scheduleSession(app, await trainerOf(app))
    const { code, opensAt } = await codeOf(app, session)
    clock.set(at(opensAt, minutes(1)))
    const walkIn = await learnerAtGate(app)
    const answer = await checkIn(app, walkIn, session.id, code)
    expect(answer.statusCode, answer.body).toBe(200)
    expect(await standing(app, walkIn)).toEqual({ current: 'evaluation', phase: 'open' })

    const stranger = await createUser(app, { roles: ['learner'] })
    const strangerAnswer = await app.inject({
      method: 'POST',
      url: `/api/v1/webinars/${session.id}/check-in`,
      headers: bearer(tokenFor(app, stranger)),
      payload: { code },
    })
    expect(strangerAnswer.statusCode).toBe(404)
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/v1/webinars/00000000-0000-4000-8000-000000000000/check-in',
      headers: walkIn.headers,
      payload: { code },
    })
    expect(unknown.statusCode).toBe(404)
    // Staff do not check in; the guard refuses them before the body is read.
    const byTrainer = await app.inject({
      method: 'POST',
      url: `/api/v1/webinars/${session.id}/check-in`,
      headers: await trainerOf(app),
      payload: { code },
    })
    expect(byTrainer.statusCode).toBe(403)
    // A cluster's session is not for a learner outside the cluster, even with the code.
    const clusterId = await clusterOffering(app)
    const clusterSession = await scheduleSession(app, await trainerOf(app), 'civic-basics', {
      clusterId,
    })
    const clusterCode = await codeOf(app, clusterSession)
    clock.set(at(clusterCode.opensAt, minutes(1)))
    const outsider = await learnerAtGate(app)
    expect((await checkIn(app, outsider, clusterSession.id, clusterCode.code)).statusCode).toBe(404)
  })
})

/** A running skgo cluster that offers civic-basics, trained by the course trainer (inserted). */
async function clusterOffering(app: FastifyInstance): Promise<string> {
  const { id: clusterId } = await app.db
    .insertInto('clusters')
    .values({
      associationId: await associationId(app, 'skgo'),
      name: 'Attendance',
      startsOn: '2027-01-01',
      endsOn: '2027-12-31',
      capacity: 10,
      createdBy: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const course = await app.db
    .selectFrom('courses')
    .select('id')
    .where('slug', '=', 'civic-basics')
    .executeTakeFirstOrThrow()
  await app.db
    .insertInto('clusterCourses')
    .values({ clusterId, courseId: course.id, languages: ['en'] })
    .execute()
  return clusterId
}

describe('the attendance list', () => {
  it(
    'opens the gate only on attended: absent and excused keep it closed, and a later absent undoes nothing',
    async ({ app }) => {
      const staff = await trainerOf(app)
      const session = await scheduleSession(app, staff)
      const [present, away, excused] = [
        await learnerAtGate(app),
        await learnerAtGate(app),
        await learnerAtGate(app),
      ]
      for (const learner of [present, away, excused])
        await registerForSession(app, learner, session.id)

      clock.set(at(session.startsAt, -minutes(16)))
      const early = await mark(app, staff, session.id, [
        { userId: present.user.id, status: 'attended' },
      ])
      expect(early.statusCode).toBe(409)
      expect(await standing(app, present)).toEqual({
        current: 'peer-exchange',
        phase: 'registered',
      })

      clock.set(at(session.startsAt, minutes(70)))
      const marked = await mark(app, staff, session.id, [
        { userId: present.user.id, status: 'attended' },
        { userId: away.user.id, status: 'absent' },
        { userId: excused.user.id, status: 'excused', reason: 'Ill on the day' },
      ])
      expect(marked.statusCode, marked.body).toBe(200)
      const byUser = new Map((marked.json() as AttendanceList).items.map((i) => [i.userId, i]))
      expect(byUser.get(present.user.id)).toMatchObject({ status: 'attended', via: 'list' })
      expect(byUser.get(away.user.id)).toMatchObject({ status: 'absent', reason: null })
      expect(byUser.get(excused.user.id)).toMatchObject({
        status: 'excused',
        reason: 'Ill on the day',
      })
      expect(await standing(app, present)).toEqual({ current: 'evaluation', phase: 'open' })
      expect(await standing(app, away)).toEqual({ current: 'peer-exchange', phase: 'registered' })
      expect(await standing(app, excused)).toEqual({
        current: 'peer-exchange',
        phase: 'registered',
      })
      expect(await auditOf(app, 'attendance.marked', excused.user.id)).toEqual([
        {
          details: {
            sessionId: session.id,
            enrolmentId: excused.enrolmentId,
            status: 'excused',
            reason: 'Ill on the day',
          },
        },
      ])

      // Nobody passes the gate through the events endpoint any more, learner or trainer.
      for (const [headers, type] of [
        [excused.headers, 'webinar.attended'],
        [staff, 'webinar.attended'],
        [staff, 'webinar.excused'],
        [excused.headers, 'webinar.registered'],
      ] as const) {
        const direct = await app.inject({
          method: 'POST',
          url: `/api/v1/enrolments/${excused.enrolmentId}/events`,
          headers,
          payload: { type, step: 'peer-exchange', expectedVersion: await versionOf(app, excused) },
        })
        expect(direct.statusCode, `${type}: ${direct.body}`).toBe(422)
        expect(direct.json()).toMatchObject({ type: '/problems/event-not-direct' })
        expect(direct.json().detail).toContain('/webinars/{id}/attendance')
      }
      expect(await standing(app, excused)).toEqual({
        current: 'peer-exchange',
        phase: 'registered',
      })

      // The log is append-only: marking absent later leaves the gate passed.
      const changed = await mark(app, staff, session.id, [
        { userId: present.user.id, status: 'absent' },
        { userId: away.user.id, status: 'attended' },
      ])
      expect(changed.statusCode).toBe(200)
      expect(await standing(app, present)).toEqual({ current: 'evaluation', phase: 'open' })
      expect(await standing(app, away)).toEqual({ current: 'evaluation', phase: 'open' })
      expect((await gateEvents(app, present)).map((event) => event.type)).toEqual([
        'webinar.registered',
        'webinar.attended',
      ])
      // Marking attended again sends nothing more.
      expect(
        (await mark(app, staff, session.id, [{ userId: away.user.id, status: 'attended' }]))
          .statusCode,
      ).toBe(200)
      expect((await gateEvents(app, away)).map((event) => event.type)).toEqual([
        'webinar.registered',
        'webinar.attended',
      ])
    },
    slow,
  )

  it('refuses the whole list for a missing reason or a stranger, with a pointer, and stores nothing', async ({
    app,
  }) => {
    const staff = await trainerOf(app)
    const session = await scheduleSession(app, staff)
    const [first, second] = [await learnerAtGate(app), await learnerAtGate(app)]
    await registerForSession(app, first, session.id)
    await registerForSession(app, second, session.id)
    clock.set(session.startsAt)

    const noReason = await mark(app, staff, session.id, [
      { userId: first.user.id, status: 'attended' },
      { userId: second.user.id, status: 'excused' },
    ])
    expect(noReason.statusCode).toBe(400)
    expect(noReason.json().errors).toEqual([
      expect.objectContaining({ pointer: '/body/marks/1/reason', reason: 'required' }),
    ])
    const twice = await mark(app, staff, session.id, [
      { userId: first.user.id, status: 'attended' },
      { userId: first.user.id, status: 'absent' },
    ])
    expect(twice.json().errors).toEqual([
      expect.objectContaining({ pointer: '/body/marks/1/userId', reason: 'conflict' }),
    ])
    // A person the session is not for refuses the whole list: not even the first mark is kept.
    const stranger = await createUser(app, { roles: ['learner'] })
    const unknown = await mark(app, staff, session.id, [
      { userId: first.user.id, status: 'attended' },
      { userId: stranger.id, status: 'attended' },
    ])
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().errors).toEqual([
      expect.objectContaining({ pointer: '/body/marks/1/userId', reason: 'not-allowed' }),
    ])
    const blank = await mark(app, staff, session.id, [
      { userId: second.user.id, status: 'excused', reason: ' ' },
    ])
    expect(blank.statusCode).toBe(400)
    expect(blank.json().errors[0]).toMatchObject({ pointer: '/body/marks/0/reason' })
    const empty = await mark(app, staff, session.id, [])
    expect(empty.statusCode).toBe(400)

    const rows = await app.db
      .selectFrom('webinarAttendance')
      .select('userId')
      .where('sessionId', '=', session.id)
      .execute()
    expect(rows).toEqual([])
    expect(await standing(app, first)).toEqual({ current: 'peer-exchange', phase: 'registered' })
    expect(await auditOf(app, 'attendance.marked', first.user.id)).toEqual([])
  })

  it('marks two lists sent at once in opposite orders, each gate opening once', async ({ app }) => {
    const staff = await trainerOf(app)
    const session = await scheduleSession(app, staff)
    const [one, two] = [await learnerAtGate(app), await learnerAtGate(app)]
    clock.set(session.startsAt)
    const marks = [
      { userId: one.user.id, status: 'attended' },
      { userId: two.user.id, status: 'attended' },
    ]
    const answers = await Promise.all([
      mark(app, staff, session.id, marks),
      mark(app, staff, session.id, [...marks].reverse()),
    ])
    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200])
    for (const learner of [one, two]) {
      expect(await standing(app, learner)).toEqual({ current: 'evaluation', phase: 'open' })
      expect((await gateEvents(app, learner)).map((event) => event.type)).toEqual([
        'webinar.attended',
      ])
    }
  })

  it('takes no marks on a cancelled session', async ({ app }) => {
    const staff = await trainerOf(app)
    const session = await scheduleSession(app, staff)
    const learner = await learnerAtGate(app)
    await registerForSession(app, learner, session.id)
    const cancelled = await app.inject({
      method: 'POST',
      url: `/api/v1/webinars/${session.id}/cancellation`,
      headers: staff,
      payload: { reason: 'The trainer is ill' },
    })
    expect(cancelled.statusCode, cancelled.body).toBe(200)
    clock.set(session.startsAt)
    const refused = await mark(app, staff, session.id, [
      { userId: learner.user.id, status: 'attended' },
    ])
    expect(refused.statusCode).toBe(409)
    const { code } = await codeOf(app, session)
    expect((await checkIn(app, learner, session.id, code)).json()).toMatchObject({
      reason: 'closed',
    })
    expect(await standing(app, learner)).toEqual({ current: 'peer-exchange', phase: 'registered' })
  })

  it('opens the gate when a learner marked attended earlier reaches it', async ({ app }) => {
    const staff = await trainerOf(app)
    const session = await scheduleSession(app, staff)
    const learner = await enrolledLearner(app)
    await passModule(app, learner, '01-rights')
    clock.set(session.startsAt)
    const marked = await mark(app, staff, session.id, [
      { userId: learner.user.id, status: 'attended' },
    ])
    expect(marked.statusCode, marked.body).toBe(200)
    expect((await standing(app, learner)).current).toBe('02-services')
    await passModule(app, learner, '02-services')
    expect(await standing(app, learner)).toEqual({ current: 'evaluation', phase: 'open' })
    expect(await gateEvents(app, learner)).toEqual([
      {
        type: 'webinar.attended',
        payload: { step: 'peer-exchange', sessionId: null, via: 'earlier-attendance' },
      },
    ])
  })

  it('marks a learner who re-enrolled since registering on their live enrolment', async ({
    app,
  }) => {
    const staff = await trainerOf(app)
    const session = await scheduleSession(app, staff)
    const first = await learnerAtGate(app)
    await registerForSession(app, first, session.id)
    const withdrawn = await app.inject({
      method: 'POST',
      url: `/api/v1/enrolments/${first.enrolmentId}/withdrawal`,
      headers: first.headers,
      payload: { reason: 'Starting over' },
    })
    expect(withdrawn.statusCode).toBe(200)
    const enrolled = await app.inject({
      method: 'POST',
      url: '/api/v1/enrolments',
      headers: first.headers,
      payload: { courseSlug: 'civic-basics', language: 'en' },
    })
    const again: Learner = { ...first, enrolmentId: enrolled.json().id as string }
    await passModule(app, again, '01-rights')
    await passModule(app, again, '02-services')
    clock.set(session.startsAt)
    const marked = await mark(app, staff, session.id, [
      { userId: first.user.id, status: 'attended' },
    ])
    expect(marked.statusCode, marked.body).toBe(200)
    expect(await standing(app, again)).toEqual({ current: 'evaluation', phase: 'open' })
  })

  it("is in the learner's data export; erasure removes the reasons and keeps the marks", async ({
    app,
  }) => {
    const staff = await trainerOf(app)
    const session = await scheduleSession(app, staff)
    const learner = await learnerAtGate(app)
    clock.set(session.startsAt)
    const marked = await mark(app, staff, session.id, [
      { userId: learner.user.id, status: 'excused', reason: 'In hospital that week' },
    ])
    expect(marked.statusCode).toBe(200)
    const exported = await app.inject({ url: '/api/v1/me/data', headers: learner.headers })
    expect(exported.json().webinarAttendance).toEqual([
      {
        sessionId: session.id,
        title: session.title,
        startsAt: session.startsAt,
        status: 'excused',
        reason: 'In hospital that week',
        via: 'list',
        markedAt: clock.now().toISOString(),
      },
    ])
    const admin = bearer(tokenFor(app, await createUser(app, { roles: ['admin'] })))
    const erased = await app.inject({
      method: 'DELETE',
      url: `/api/v1/users/${learner.user.id}/personal-data`,
      headers: admin,
    })
    expect(erased.statusCode).toBe(204)
    const rows = await app.db
      .selectFrom('webinarAttendance')
      .select(['status', 'reason'])
      .where('userId', '=', learner.user.id)
      .execute()
    expect(rows).toEqual([{ status: 'excused', reason: '(erased)' }])
  })

  it('belongs to the session staff: other trainers and coordinators are refused', async ({
    app,
  }) => {
    const session = await scheduleSession(app, await trainerOf(app))
    const clusterSession = await scheduleSession(app, await trainerOf(app), 'civic-basics', {
      clusterId: await clusterOffering(app),
    })
    const as = async (roles: ('trainer' | 'coordinator' | 'learner' | 'admin')[], assoc?: string) =>
      bearer(
        tokenFor(app, await createUser(app, { roles, ...(assoc ? { association: assoc } : {}) })),
      )
    const skgo = await as(['coordinator'], 'skgo')
    const zels = await as(['coordinator'], 'zels')
    const otherTrainer = await as(['trainer'])
    const learner = await as(['learner'])
    const admin = await as(['admin'])
    const urls = (id: string) => [
      `/api/v1/webinars/${id}/attendance`,
      `/api/v1/webinars/${id}/check-in-code`,
    ]
    const statuses = async (headers: Headers, id: string) =>
      Promise.all(urls(id).map(async (url) => (await app.inject({ url, headers })).statusCode))
    expect(await statuses(admin, session.id)).toEqual([200, 200])
    expect(await statuses(otherTrainer, session.id)).toEqual([403, 403])
    expect(await statuses(learner, session.id)).toEqual([403, 403])
    // A session open to the whole course has no coordinators; a cluster's has its association's.
    expect(await statuses(skgo, session.id)).toEqual([403, 403])
    expect(await statuses(skgo, clusterSession.id)).toEqual([200, 200])
    expect(await statuses(zels, clusterSession.id)).toEqual([403, 403])
    clock.set(clusterSession.startsAt)
    const someone = await learnerAtGate(app)
    expect(
      (await mark(app, zels, clusterSession.id, [{ userId: someone.user.id, status: 'attended' }]))
        .statusCode,
    ).toBe(403)
    expect(
      (await mark(app, otherTrainer, session.id, [{ userId: someone.user.id, status: 'attended' }]))
        .statusCode,
    ).toBe(403)
  })
})
