import request from 'supertest'
import { expect, it } from 'vitest'
import type { Cluster, ClusterMember } from '../../server/src/clusters/schemas.ts'
import type { CourseEnrolment, Enrolment } from '../../server/src/enrolments/schemas.ts'
import type { EvaluationReport } from '../../server/src/surveys/schemas.ts'
import type { WebinarSession } from '../../server/src/webinars/schemas.ts'
import { runScript, serverStorage, startServer } from '../support/server-process.ts'

const demoPassword = 'workshop password 2026'
const demoUsers = [
  'admin@demo.local',
  'trainer@demo.local',
  'coordinator@demo.local',
  'learner@demo.local',
]
const clusterName = 'Human rights and minority commissioners in Serbian municipalities'
// Two seeds, a server and some sign-ins, on a machine shared with other tests.
const slow = 180_000

async function signIn(url: string, email: string) {
  const response = await request(url)
    .post('/api/v1/auth/login')
    .send({ email, password: demoPassword })
  expect(response.status, email).toBe(200)
  return response.body as { accessToken: string; user: { roles: string[] } }
}

type Headers = Record<string, string>

/** Issue 14 in the demo: sessions and attendance, the library and its queue, the evaluations. */
async function checkPeerExchange(
  url: string,
  clusterId: string,
  as: { trainer?: Headers; coordinator?: Headers; learner?: Headers },
) {
  const get = async (path: string, headers: Headers = {}) => {
    const response = await request(url).get(`/api/v1${path}`).set(headers)
    expect(response.status, path).toBe(200)
    return response.body as Record<string, unknown> & { items: Record<string, unknown>[] }
  }
  // The trainer's sessions: one past with a recording, one upcoming for the cluster, one open.
  const sessions = (
    await get('/courses/diversity-management/webinars?include=past', as.trainer)
  ).items.map((item) => item as unknown as WebinarSession)
  expect(sessions).toHaveLength(3)
  const now = Date.now()
  const past = sessions.filter((s) => Date.parse(s.startsAt) < now)
  const next = sessions.find((s) => Date.parse(s.startsAt) > now && s.clusterId === clusterId)!
  const open = sessions.find((s) => s.clusterId === null)!
  expect(past).toHaveLength(1)
  expect(past[0]!.recordingUrl).toMatch(/^https:\/\//)
  expect([next.timeZone, next.language, next.registered]).toEqual(['Europe/Belgrade', 'sr-Latn', 2])
  expect(next.joinUrl).toMatch(/^https:\/\/jitsi\.example\.org\//)
  expect([open.timeZone, open.language]).toEqual(['Europe/Stockholm', 'en'])
  const attendance = await get(`/webinars/${past[0]!.id}/attendance`, as.trainer)
  const statuses = (attendance.items as { status: string; reason: string | null }[]).map(
    (row) => row.status,
  )
  expect(statuses.sort()).toEqual([...Array(6).fill('attended'), 'absent', 'excused'].sort())
  expect(
    (attendance.items as { status: string; reason: string | null }[]).find(
      (row) => row.status === 'excused',
    )!.reason,
  ).toBeTruthy()
  // The demo learner is registered for the upcoming session and sees its join link.
  const mine = (await get('/me/webinars', as.learner)).items
  expect(mine.map((item) => [item.id, item.mine, item.joinUrl])).toEqual([
    [next.id, true, next.joinUrl],
  ])

  // The library: public practices for anyone, all approved ones for the signed-in.
  const anonymous = await get('/library/good-practices?limit=100')
  const signedIn = await get('/library/good-practices?limit=100', as.learner)
  expect(anonymous.total).toBe(5)
  expect(signedIn.total).toBe(7)
  expect(new Set(signedIn.items.map((item) => item.language))).toEqual(
    new Set(['en', 'sr-Latn', 'sr-Cyrl', 'mk', 'sq', 'sv']),
  )
  expect(new Set(signedIn.items.map((item) => item.countryCode))).toEqual(
    new Set(['RS', 'MK', 'XK', 'SE']),
  )
  const queue = (await get('/good-practices/review-queue', as.trainer)).items
  expect(queue.map((item) => [item.title, item.status])).toEqual([
    ['Mobilni dani matične službe u romskim naseljima', 'submitted'],
  ])

  // Seven anonymous evaluations: the report shows results to the coordinator and the trainer.
  const evaluations = (
    await get(
      `/learning-clusters/${clusterId}/evaluations?course=diversity-management`,
      as.coordinator,
    )
  ).items as { courseSlug: string; report: EvaluationReport }[]
  expect(
    evaluations.map((item) => [item.courseSlug, item.report.responses, item.report.enough]),
  ).toEqual([['diversity-management', 7, true]])
  const questions = evaluations[0]!.report.questions!
  expect(questions.filter((q) => q.kind === 'text').every((q) => q.answers!.length === 7)).toBe(
    true,
  )
  expect(
    questions.filter((q) => q.kind === 'rating').every((q) => typeof q.mean === 'number'),
  ).toBe(true)
  const versions = (await get('/courses/diversity-management/evaluations', as.trainer)).items
  expect(versions.map((item) => item.responses)).toEqual([7])
}

it(
  'npm run seed:demo creates one user per role and a running cluster once; each can then sign in',
  async () => {
    const storage = await serverStorage()
    try {
      const first = await runScript('scripts/seed-demo.ts', {
        ...storage.env,
        DEMO_PASSWORD: demoPassword,
      }).exit
      expect(first.code).toBe(0)
      expect(first.stdout).toContain('Created 16 demo user(s) with DEMO_PASSWORD')
      for (const email of demoUsers) expect(first.stdout).toContain(email)
      expect(first.stdout).toContain(`Created the running learning cluster "${clusterName}"`)
      expect(first.stdout).toContain(
        '(13 applications: 11 accepted, 1 wait-listed, 1 rejected) and 11 members',
      )
      expect(first.stdout).toContain(
        'Seeded the peer exchange of diversity-management: 3 webinar sessions',
      )
      expect(first.stdout).not.toContain(demoPassword)

      const second = await runScript('scripts/seed-demo.ts', {
        ...storage.env,
        DEMO_PASSWORD: 'another workshop password',
      }).exit
      expect(second.code).toBe(0)
      expect(second.stdout.trim()).toBe(
        'Demo users and the demo cluster exist already; nothing changed.',
      )

      const server = await startServer(storage.env)
      try {
        const sessions = []
        for (const email of demoUsers) sessions.push(await signIn(server.url, email))
        expect(sessions.map((session) => session.user.roles)).toEqual([
          ['admin'],
          ['trainer'],
          ['coordinator'],
          ['learner'],
        ])
        const [, trainer, coordinator, learner] = sessions.map((session) => ({
          authorization: `Bearer ${session.accessToken}`,
        }))

        // The coordinator finds one running cluster of their association, with its members.
        const clusters = await request(server.url)
          .get('/api/v1/learning-clusters')
          .set(coordinator!)
        expect(clusters.status).toBe(200)
        const items = (clusters.body as { items: Cluster[] }).items
        expect(items.map((item) => [item.name, item.status])).toEqual([[clusterName, 'running']])
        const cluster = items[0]!
        expect(cluster.courses.map((course) => course.slug)).toEqual([
          'diversity-management',
          'human-rights-lnob',
          'minority-commissioner',
        ])
        expect(cluster.trainers.map((person) => person.email)).toEqual(['trainer@demo.local'])
        expect(cluster.memberCount).toBe(11)
        const members = await request(server.url)
          .get(`/api/v1/learning-clusters/${cluster.id}/members?limit=100`)
          .set(coordinator!)
        expect(members.status).toBe(200)
        const municipalities = new Set(
          (members.body as { items: ClusterMember[] }).items.map((m) => m.municipality?.name),
        )
        expect(municipalities.size).toBe(11)
        expect(municipalities).toContain('Novi Pazar')
        // Every member came in through the call's selection.
        expect(
          new Set((members.body as { items: ClusterMember[] }).items.map((m) => m.source)),
        ).toEqual(new Set(['selection']))

        // The call is closed; its applications were decided, the refusals with a reason.
        const calls = await request(server.url)
          .get(`/api/v1/learning-clusters/${cluster.id}/calls`)
          .set(coordinator!)
        expect(calls.status).toBe(200)
        const callItems = (
          calls.body as { items: { id: string; status: string; form: unknown[] }[] }
        ).items
        expect(callItems.map((call) => call.status)).toEqual(['closed'])
        expect(callItems[0]!.form.length).toBeGreaterThan(5)
        const callId = callItems[0]!.id
        const ranking = await request(server.url)
          .get(`/api/v1/calls/${callId}/applications?limit=100`)
          .set(coordinator!)
        expect(ranking.status).toBe(200)
        const candidates = (
          ranking.body as {
            items: {
              email: string
              decision: string
              decisionReason: string | null
              eligible: boolean
            }[]
          }
        ).items
        expect(candidates).toHaveLength(13)
        const byDecision = (decision: string) => candidates.filter((c) => c.decision === decision)
        expect(byDecision('accepted')).toHaveLength(11)
        expect(byDecision('wait-listed').map((c) => c.email)).toEqual(['maja.kovacevic@demo.local'])
        expect(byDecision('rejected').map((c) => [c.email, c.eligible])).toEqual([
          ['dragan.ilic@demo.local', false],
        ])
        for (const c of [...byDecision('wait-listed'), ...byDecision('rejected')])
          expect(c.decisionReason).toBeTruthy()

        // The dashboard shows the passes; the exports open.
        const dashboard = await request(server.url)
          .get(`/api/v1/learning-clusters/${cluster.id}/dashboard`)
          .set(coordinator!)
        expect(dashboard.status).toBe(200)
        const main = (
          dashboard.body as {
            courses: { slug: string; overall: { steps: { step: string; passed?: number }[] } }[]
          }
        ).courses.find((course) => course.slug === 'human-rights-lnob')!
        expect(main.overall.steps[0]).toMatchObject({
          step: '01-human-rights-foundations',
          passed: 2,
        })
        for (const url of [
          `/api/v1/learning-clusters/${cluster.id}/exports/members.xlsx`,
          `/api/v1/learning-clusters/${cluster.id}/exports/progress.csv`,
          `/api/v1/calls/${callId}/exports/applications.csv`,
        ])
          expect((await request(server.url).get(url).set(coordinator!)).status, url).toBe(200)

        // The cluster enrolled its members; the trainer sees where each stands, several moved on.
        for (const slug of ['human-rights-lnob', 'minority-commissioner']) {
          const enrolments = await request(server.url)
            .get(`/api/v1/courses/${slug}/enrolments?limit=100`)
            .set(trainer!)
          expect(enrolments.status, slug).toBe(200)
          const phases = (enrolments.body as { items: CourseEnrolment[] }).items.map((e) => e.phase)
          expect(phases, slug).toHaveLength(11)
          if (slug === 'human-rights-lnob') {
            expect(phases.filter((phase) => phase !== 'reading').sort()).toEqual([
              'failed',
              'failed',
              'locked',
              'quiz',
              'quiz',
              'quiz',
            ])
            // Two passed the first module's quiz and moved on: one reads the second, one is at its quiz.
            const movedOn = (enrolments.body as { items: CourseEnrolment[] }).items.filter(
              (e) => e.current === '02-rights-based-approach',
            )
            expect(movedOn.map((e) => e.phase).sort()).toEqual(['quiz', 'reading'])
          } else {
            // Everyone reads the first module but the demo learner, who completed the course.
            expect(
              phases.filter((phase) => phase !== null),
              slug,
            ).toEqual(Array(10).fill('reading'))
            expect(
              phases.filter((phase) => phase === null),
              slug,
            ).toHaveLength(1)
          }
        }
        const certificates = await request(server.url).get('/api/v1/me/certificates').set(learner!)
        expect(certificates.status).toBe(200)
        expect(
          (certificates.body as { items: { courseSlug: string; status: string }[] }).items,
        ).toEqual([
          expect.objectContaining({ courseSlug: 'minority-commissioner', status: 'valid' }),
        ])
        const mine = await request(server.url).get('/api/v1/enrolments').set(learner!)
        expect(mine.status).toBe(200)
        expect(
          (mine.body as { items: Enrolment[] }).items
            .map((e) => [e.course.slug, e.clusterId])
            .sort(),
        ).toEqual([
          ['diversity-management', cluster.id],
          ['human-rights-lnob', cluster.id],
          ['minority-commissioner', cluster.id],
        ])
        await checkPeerExchange(server.url, cluster.id, { trainer, coordinator, learner })
        // A learner's practice returned with the trainer's comment, waiting for their edit.
        const nikola = await signIn(server.url, 'nikola.jovanovic@demo.local')
        const practices = await request(server.url)
          .get('/api/v1/me/good-practices')
          .set({ authorization: `Bearer ${nikola.accessToken}` })
        expect(practices.status).toBe(200)
        const returned = (practices.body as { items: { status: string; reviewComment: string }[] })
          .items
        expect(returned.map((p) => p.status)).toEqual(['returned'])
        expect(returned[0]!.reviewComment).toContain('Hvala')
      } finally {
        await server.stop()
      }
    } finally {
      await storage.drop()
    }
  },
  slow,
)

it(
  'without DEMO_PASSWORD, prints a fresh password for each user once',
  async () => {
    const storage = await serverStorage()
    try {
      const result = await runScript('scripts/seed-demo.ts', { ...storage.env, DEMO_PASSWORD: '' })
        .exit
      expect(result.code).toBe(0)
      const passwords = [...result.stdout.matchAll(/@demo\.local\s+(\S+)/g)].map(
        (match) => match[1]!,
      )
      expect(passwords).toHaveLength(16)
      expect(new Set(passwords).size).toBe(16)
      for (const password of passwords) expect(password.length).toBeGreaterThanOrEqual(12)
    } finally {
      await storage.drop()
    }
  },
  slow,
)

it(
  'with --users-only, creates the four people of the roles and no cluster',
  async () => {
    const storage = await serverStorage()
    try {
      const seeded = await runScript(
        'scripts/seed-demo.ts',
        { ...storage.env, DEMO_PASSWORD: demoPassword },
        ['--users-only'],
      ).exit
      expect(seeded.code, seeded.stderr).toBe(0)
      expect(seeded.stdout).toContain('Created 4 demo user(s) with DEMO_PASSWORD')
      expect(seeded.stdout).not.toContain('learning cluster')
      const again = await runScript(
        'scripts/seed-demo.ts',
        { ...storage.env, DEMO_PASSWORD: demoPassword },
        ['--users-only'],
      ).exit
      expect(again.stdout.trim()).toBe('Demo users exist already; nothing changed.')
    } finally {
      await storage.drop()
    }
  },
  slow,
)
