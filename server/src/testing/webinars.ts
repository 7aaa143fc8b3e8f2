import type { FastifyInstance } from 'fastify'
import { localTimeOf } from '../calls/service.ts'
import type { CreateWebinarBody, RegistrationAnswer, WebinarSession } from '../webinars/schemas.ts'
import { bearer, createUser, type TestUser, tokenFor } from './factories.ts'

type Auth = string | { authorization: string }
const headersOf = (auth: Auth) => (typeof auth === 'string' ? bearer(auth) : auth)

/** A trainer assigned to the course (by an admin, through the API), with their headers. */
export async function courseTrainer(
  app: FastifyInstance,
  courseSlug = 'civic-basics',
): Promise<{ user: TestUser; headers: { authorization: string } }> {
  const admin = await createUser(app, { roles: ['admin'] })
  const user = await createUser(app, { roles: ['trainer'] })
  const assigned = await app.inject({
    method: 'PUT',
    url: `/api/v1/courses/${courseSlug}/trainers/${user.id}`,
    headers: bearer(tokenFor(app, admin)),
  })
  if (assigned.statusCode >= 300)
    throw new Error(`assign trainer: ${assigned.statusCode} ${assigned.body}`)
  return { user, headers: bearer(tokenFor(app, user)) }
}

/**
 * Schedules a session through POST /courses/:slug/webinars. Defaults: the civic-basics webinar step
 * (peer-exchange), open to all (no cluster), two days after the app's clock at 10:00 in
 * Europe/Belgrade, 60 minutes, no capacity limit, English. `token` is a bearer token or headers.
 */
export async function scheduleSession(
  app: FastifyInstance,
  token: Auth,
  courseSlug = 'civic-basics',
  overrides: Partial<CreateWebinarBody> = {},
): Promise<WebinarSession> {
  const day = localTimeOf(new Date(app.clock.now().getTime() + 2 * 86_400_000), 'Europe/Belgrade')
  const body: CreateWebinarBody = {
    step: 'peer-exchange',
    clusterId: null,
    title: 'Peer exchange',
    agenda: '1. Introductions\n2. **Good practices** from our municipalities',
    start: `${day.slice(0, 10)}T10:00`,
    timeZone: 'Europe/Belgrade',
    durationMinutes: 60,
    joinUrl: 'https://meet.example.org/agora-peer-exchange',
    capacity: null,
    language: 'en',
    ...overrides,
  }
  const response = await app.inject({
    method: 'POST',
    url: `/api/v1/courses/${courseSlug}/webinars`,
    headers: headersOf(token),
    payload: body,
  })
  if (response.statusCode !== 201)
    throw new Error(`schedule session: ${response.statusCode} ${response.body}`)
  return response.json() as WebinarSession
}

/**
 * Registers a learner's enrolment for a session through PUT /enrolments/:id/webinar-registration
 * (step defaults to peer-exchange). Throws unless 200.
 */
export async function registerForSession(
  app: FastifyInstance,
  learner: { headers: { authorization: string }; enrolmentId: string },
  sessionId: string,
  step = 'peer-exchange',
): Promise<RegistrationAnswer> {
  const response = await app.inject({
    method: 'PUT',
    url: `/api/v1/enrolments/${learner.enrolmentId}/webinar-registration`,
    headers: learner.headers,
    payload: { step, sessionId },
  })
  if (response.statusCode !== 200)
    throw new Error(`register for session: ${response.statusCode} ${response.body}`)
  return response.json() as RegistrationAnswer
}
