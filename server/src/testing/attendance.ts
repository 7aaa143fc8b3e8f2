import type { FastifyInstance } from 'fastify'
import type { AttendanceList } from '../attendance/schemas.ts'
import type { CreateWebinarBody } from '../webinars/schemas.ts'
import { bearer, createUser, tokenFor } from './factories.ts'
import { enrolledLearner, type Learner, rightAnswers01, rightAnswers02 } from './learning.ts'
import { scheduleSession } from './webinars.ts'

type Headers = { authorization: string }

async function ok(
  response: { statusCode: number; body: string; json(): unknown },
  what: string,
  status = 200,
) {
  if (response.statusCode !== status)
    throw new Error(`${what}: ${response.statusCode} ${response.body}`)
  return response.json() as Record<string, unknown>
}

/** The enrolment's current version, as its learner reads it. */
export async function versionOf(app: FastifyInstance, learner: Learner): Promise<number> {
  const enrolment = await app.inject({
    url: `/api/v1/enrolments/${learner.enrolmentId}`,
    headers: learner.headers,
  })
  return (await ok(enrolment, 'enrolment')).version as number
}

/** Reads a civic-basics module and passes its quiz, through the learner's routes. */
export async function passModule(
  app: FastifyInstance,
  learner: Learner,
  step: '01-rights' | '02-services',
): Promise<void> {
  await ok(
    await app.inject({
      method: 'POST',
      url: `/api/v1/enrolments/${learner.enrolmentId}/events`,
      headers: learner.headers,
      payload: { type: 'module.read', step, expectedVersion: await versionOf(app, learner) },
    }),
    'module.read',
  )
  const attempt = await ok(
    await app.inject({
      method: 'POST',
      url: `/api/v1/enrolments/${learner.enrolmentId}/attempts`,
      headers: learner.headers,
      payload: { step },
    }),
    'attempt',
    201,
  )
  await ok(
    await app.inject({
      method: 'POST',
      url: `/api/v1/attempts/${attempt.id as string}/submit`,
      headers: learner.headers,
      payload: { answers: step === '01-rights' ? rightAnswers01 : rightAnswers02 },
    }),
    'submit',
  )
}

/** A learner of civic-basics standing at its webinar gate (peer-exchange), both modules passed. */
export async function learnerAtGate(
  app: FastifyInstance,
  options: { association?: string } = {},
): Promise<Learner> {
  const learner = await enrolledLearner(app, options)
  await passModule(app, learner, '01-rights')
  await passModule(app, learner, '02-services')
  return learner
}

/**
 * A session of the course's webinar step starting two minutes after the app's clock (so attendance
 * may be marked at once), scheduled by `staff` (headers; default: a new admin).
 */
export async function sessionStartingNow(
  app: FastifyInstance,
  options: {
    staff?: Headers
    courseSlug?: string
    step?: string
    clusterId?: string | null
    language?: string
  } = {},
) {
  const staff = options.staff ?? bearer(tokenFor(app, await createUser(app, { roles: ['admin'] })))
  const start = new Date(app.clock.now().getTime() + 2 * 60_000).toISOString().slice(0, 16)
  const session = await scheduleSession(app, staff, options.courseSlug ?? 'civic-basics', {
    start,
    timeZone: 'UTC',
    step: options.step ?? 'peer-exchange',
    clusterId: options.clusterId ?? null,
    ...(options.language ? { language: options.language as CreateWebinarBody['language'] } : {}),
  })
  return { session, staff }
}

/**
 * Passes a learner's webinar gate the way a course does it: a session of the step and the learner
 * marked attended on its list (by an admin, through the API), which sends `webinar.attended`.
 */
export async function passWebinarGate(
  app: FastifyInstance,
  learner: { user: { id: string } },
  options: { staff?: Headers; courseSlug?: string; step?: string; language?: string } = {},
): Promise<AttendanceList> {
  const { session, staff } = await sessionStartingNow(app, options)
  const marked = await app.inject({
    method: 'PUT',
    url: `/api/v1/webinars/${session.id}/attendance`,
    headers: staff,
    payload: { marks: [{ userId: learner.user.id, status: 'attended' }] },
  })
  return (await ok(marked, 'attendance')) as unknown as AttendanceList
}
