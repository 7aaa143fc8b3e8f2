// Seeds a running learning cluster for the dashboard benchmark in bulk: learners spread over the
// municipalities of one association, two courses each, and for every enrolment a plausible history
// played through the real progression machine (events, graded attempts with per-question results,
// the resulting snapshot), copied with generate_series and set-based inserts rather than row by row.
import { sql } from 'kysely'
import type { Db } from '../../server/src/db/create-db.ts'
import {
  type CourseVersion,
  loadCourseVersion,
  loadStepDocument,
  publishedVersion,
} from '../../server/src/courses/service.ts'
import { atRiskQuery, funnelQuery, type StepRef } from '../../server/src/reports/queries.ts'
import {
  applyEvent,
  initialProgress,
  type PersistedProgress,
  type ProgressionEvent,
} from '../../server/src/progression/index.ts'

const courseSlugs = ['diversity-management', 'human-rights-lnob']
const slots = 1000

interface Profile {
  progress: PersistedProgress
  completed: boolean
  events: { type: string; payload: Record<string, unknown> }[]
  attempts: { step: string; number: number; score: number; passed: boolean }[]
}

/**
 * Histories of one course: every number of finished steps, with 0–2 failed attempts before each
 * pass, and a current step left unread, read, failed or locked.
 */
function profilesOf(version: CourseVersion) {
  const { machine, steps, rules } = version
  const profiles: Profile[] = []
  for (let finished = 0; finished <= steps.length; finished++)
    for (let retries = 0; retries <= Math.min(2, rules.maxAttempts - 1); retries++)
      for (const current of ['none', 'read', 'failed', 'locked'] as const) {
        let progress = initialProgress(machine)
        const events: Profile['events'] = []
        const attempts: Profile['attempts'] = []
        const apply = (event: ProgressionEvent) => {
          const next = applyEvent(machine, progress, event)
          if (!next) throw new Error(`bench profile: ${event.type} refused`)
          progress = next
          const { type, ...payload } = event
          events.push({ type, payload })
        }
        const submit = (step: string, passed: boolean) => {
          const score = passed ? 0.85 : 0.4
          attempts.push({
            step,
            number: attempts.filter((a) => a.step === step).length + 1,
            score,
            passed,
          })
          apply({ type: 'quiz.submitted', step, score })
        }
        const fail = (step: string, times: number) => {
          for (let i = 0; i < times; i++) {
            submit(step, false)
            if (i < times - 1 || times < rules.maxAttempts) apply({ type: 'quiz.retried', step })
          }
        }
        for (const [index, step] of steps.entries()) {
          const isCurrent = index === finished
          if (index > finished) break
          if (step.kind === 'module') {
            if (isCurrent && current === 'none') break
            apply({ type: 'module.read', step: step.slug })
            if (isCurrent) {
              if (current === 'failed') submit(step.slug, false)
              if (current === 'locked') fail(step.slug, rules.maxAttempts)
              break
            }
            fail(step.slug, retries)
            submit(step.slug, true)
          } else if (step.kind === 'webinar') {
            if (isCurrent) {
              if (current !== 'none') apply({ type: 'webinar.registered', step: step.slug })
              break
            }
            apply({ type: 'webinar.registered', step: step.slug })
            apply({
              type: retries === 1 ? 'webinar.excused' : 'webinar.attended',
              step: step.slug,
            })
          } else {
            if (isCurrent) break
            apply({ type: 'survey.submitted', step: step.slug })
          }
        }
        const completed = finished === steps.length
        if (completed && current !== 'none') continue
        profiles.push({ progress, completed, events, attempts })
      }
  return profiles
}

/** Profiles weighted so that the mean history has `meanEvents` events (exp(λ·events), λ bisected). */
function weightedSlots(profiles: Profile[], meanEvents: number): number[] {
  const mean = (lambda: number) => {
    const weights = profiles.map((p) => Math.exp(lambda * p.events.length))
    const total = weights.reduce((a, b) => a + b, 0)
    return profiles.reduce((sum, p, i) => sum + (weights[i]! / total) * p.events.length, 0)
  }
  let low = -2
  let high = 2
  for (let i = 0; i < 60; i++) {
    const mid = (low + high) / 2
    if (mean(mid) < meanEvents) low = mid
    else high = mid
  }
  const weights = profiles.map((p) => Math.exp(low * p.events.length))
  const total = weights.reduce((a, b) => a + b, 0)
  const result: number[] = []
  let cumulative = 0
  for (const [i, weight] of weights.entries()) {
    cumulative += weight / total
    while (result.length < Math.round(cumulative * slots)) result.push(i)
  }
  while (result.length < slots) result.push(profiles.length - 1)
  return result
}

export interface DashboardCluster {
  clusterId: string
  coordinatorId: string
  associationId: string
  learners: number
  events: number
  attempts: number
  seedMs: number
}

/**
 * One running cluster of `learners` members (two courses each) whose histories average
 * `eventsPerLearner` progression events; a coordinator of its association to ask for the dashboard.
 */
export async function seedDashboardCluster(
  db: Db,
  label: string,
  learners: number,
  eventsPerLearner = 40,
): Promise<DashboardCluster> {
  const started = performance.now()
  const association = await db
    .selectFrom('associations')
    .select('id')
    .where('slug', '=', 'skgo')
    .executeTakeFirstOrThrow()
  const courses: {
    version: CourseVersion
    questions: Record<string, number>
    profiles: Profile[]
  }[] = []
  for (const slug of courseSlugs) {
    const course = await db
      .selectFrom('courses')
      .select(['id', 'currentVersionId'])
      .where('slug', '=', slug)
      .executeTakeFirstOrThrow()
    const version = (await loadCourseVersion(db, course.currentVersionId!))!
    const questions: Record<string, number> = {}
    for (const step of version.steps)
      if (step.kind === 'module')
        questions[step.slug] = (await loadStepDocument(
          db,
          version.id,
          'en',
          step.slug,
        ))!.questions.filter((q) => q.kind !== 'description' && q.kind !== 'essay').length
    courses.push({ version, questions, profiles: profilesOf(version) })
  }

  const profileRows = courses.flatMap((course, c) =>
    course.profiles.map((p, i) => ({
      course: c,
      profile: i,
      progress: p.progress,
      completed: p.completed,
      events: p.events.length,
    })),
  )
  const eventRows = courses.flatMap((course, c) =>
    course.profiles.flatMap((p, i) =>
      p.events.map((e, s) => ({
        course: c,
        profile: i,
        seq: s + 1,
        type: e.type,
        payload: e.payload,
      })),
    ),
  )
  const attemptRows = courses.flatMap((course, c) =>
    course.profiles.flatMap((p, i) =>
      p.attempts.map((a) => ({
        course: c,
        profile: i,
        ...a,
        questions: course.questions[a.step]!,
      })),
    ),
  )
  const slotRows = courses.flatMap((course, c) =>
    weightedSlots(course.profiles, eventsPerLearner / courses.length).map((profile, slot) => ({
      course: c,
      slot,
      profile,
    })),
  )

  return db.connection().execute(async (conn) => {
    const run = (query: ReturnType<typeof sql>) => query.execute(conn)
    await run(
      sql`drop table if exists bench_profiles, bench_events, bench_attempts, bench_slots, bench_users, bench_enrolments`,
    )
    await run(sql`create temp table bench_profiles as select * from jsonb_to_recordset(${JSON.stringify(profileRows)}::jsonb)
      as x(course int, profile int, progress jsonb, completed boolean, events int)`)
    await run(sql`create temp table bench_events as select * from jsonb_to_recordset(${JSON.stringify(eventRows)}::jsonb)
      as x(course int, profile int, seq int, type text, payload jsonb)`)
    await run(sql`create temp table bench_attempts as select * from jsonb_to_recordset(${JSON.stringify(attemptRows)}::jsonb)
      as x(course int, profile int, step text, number int, score float8, passed boolean, questions int)`)
    await run(sql`create temp table bench_slots as select * from jsonb_to_recordset(${JSON.stringify(slotRows)}::jsonb)
      as x(course int, slot int, profile int)`)
    await run(sql`create index on bench_events (course, profile)`)
    await run(sql`create index on bench_attempts (course, profile)`)
    await run(sql`analyze bench_profiles, bench_events, bench_attempts, bench_slots`)

    // Learners spread over the association's municipalities.
    await run(sql`
      insert into users (email, name, preferred_language, municipality_id, email_verified_at)
      select 'dash-' || ${label} || '-' || n || '@bench.local', 'Dashboard Learner ' || n,
        case when n % 3 = 0 then 'en' else 'sr-Latn' end,
        m.ids[1 + n % array_length(m.ids, 1)], now()
      from generate_series(1, ${learners}) as n,
        (select array_agg(id order by name) as ids from municipalities where association_id = ${association.id}) m`)
    await run(sql`create temp table bench_users as
      select id, split_part(split_part(email, '@', 1), '-', 3)::int as n from users
      where email like ${`dash-${label}-%@bench.local`}`)
    await run(sql`insert into user_roles (user_id, role) select id, 'learner' from bench_users`)
    const coordinator = await sql<{ id: string }>`
      insert into users (email, name, association_id, email_verified_at)
      values (${`dash-${label}-coordinator@bench.local`}, 'Dashboard Coordinator', ${association.id}, now())
      returning id`.execute(conn)
    const coordinatorId = coordinator.rows[0]!.id
    await run(sql`insert into user_roles (user_id, role) values (${coordinatorId}, 'coordinator')`)

    const cluster = await sql<{ id: string }>`
      insert into clusters (association_id, name, starts_on, ends_on, capacity, status, created_by)
      values (${association.id}, ${`Bench cluster ${label}`}, current_date - 60, current_date + 60,
        ${Math.max(learners, 1)}, 'running', ${coordinatorId})
      returning id`.execute(conn)
    const clusterId = cluster.rows[0]!.id
    for (const course of courses)
      await run(sql`insert into cluster_courses (cluster_id, course_id, languages)
        values (${clusterId}, ${course.version.courseId}, array['en', 'sr-Latn'])`)
    await run(sql`insert into cluster_members (cluster_id, user_id, source, joined_at)
      select ${clusterId}, id, 'assignment', now() - interval '60 days' from bench_users`)

    // Each enrolment takes the profile of its slot; its last event is 0–39 days old.
    const versionIds = courses.map((course) => course.version.id)
    const courseIds = courses.map((course) => course.version.courseId)
    await run(sql`create temp table bench_enrolments as
      select gen_random_uuid() as id, u.id as user_id, (c.ordinal - 1)::int as course, c.course_id, c.version_id,
        s.profile, now() - make_interval(days => (u.n * 13 + (c.ordinal - 1)::int * 7) % 40) as last_at
      from bench_users u
      cross join unnest(${courseIds}::uuid[], ${versionIds}::uuid[]) with ordinality as c(course_id, version_id, ordinal)
      join bench_slots s on s.course = (c.ordinal - 1)::int
        and s.slot = (u.n * 7919 + (c.ordinal - 1)::int * 31) % ${slots}`)
    await run(sql`
      insert into enrolments (id, user_id, course_id, course_version_id, language, cluster_id, status, progress,
        version, created_at, updated_at, completed_at)
      select e.id, e.user_id, e.course_id, e.version_id, 'en', ${clusterId},
        case when p.completed then 'completed' else 'active' end, p.progress, p.events,
        e.last_at - make_interval(days => p.events + 1), e.last_at,
        case when p.completed then e.last_at end
      from bench_enrolments e join bench_profiles p on p.course = e.course and p.profile = e.profile`)
    const events = await sql<{ n: number }>`
      with inserted as (
        insert into progression_events (enrolment_id, sequence, type, payload, at)
        select e.id, v.seq, v.type, v.payload, e.last_at - make_interval(days => p.events - v.seq)
        from bench_enrolments e
        join bench_profiles p on p.course = e.course and p.profile = e.profile
        join bench_events v on v.course = e.course and v.profile = e.profile
        returning 1)
      select count(*)::int as n from inserted`.execute(conn)
    // Per-question results as the grader writes them: a right answer scores 1 and most wrong ones
    // 0, with a line of feedback; easier questions first, so the facility index varies.
    const attempts = await sql<{ n: number }>`
      with inserted as (
        insert into quiz_attempts (enrolment_id, step, number, language, seed, answers, status, score, passed,
          result, started_at, saved_at, submitted_at)
        select e.id, a.step, a.number, 'en', (random() * 1e6)::int, '{}'::jsonb, 'graded', a.score, a.passed,
          (select jsonb_agg(jsonb_build_object(
             'id', q::text,
             'outcome', case when r < a.score + 0.3 - q * 0.04 then 'right' else 'wrong' end,
             'points', case when r < a.score + 0.3 - q * 0.04 then 1 else 0 end,
             'feedback', case when r < a.score + 0.3 - q * 0.04 then '[]'::jsonb
               else jsonb_build_array('Not quite: see the section on this topic in the module again.') end)
             order by q)
           from generate_series(0, a.questions - 1) as q, lateral (select random() + 0 * a.number as r) rr
           where e.id is not null),
          e.last_at - interval '1 day', e.last_at - interval '1 day', e.last_at - interval '1 day'
        from bench_enrolments e
        join bench_attempts a on a.course = e.course and a.profile = e.profile
        returning 1)
      select count(*)::int as n from inserted`.execute(conn)
    await run(sql`analyze users, cluster_members, enrolments, progression_events, quiz_attempts`)
    return {
      clusterId,
      coordinatorId,
      associationId: association.id,
      learners,
      events: events.rows[0]!.n,
      attempts: attempts.rows[0]!.n,
      seedMs: performance.now() - started,
    }
  })
}

/** EXPLAIN ANALYZE of the dashboard's two main statements for one cluster (BENCH_EXPLAIN=1). */
export async function explainDashboard(db: Db, clusterId: string): Promise<string> {
  const steps: StepRef[] = []
  for (const slug of courseSlugs) {
    const version = await publishedVersion(db, slug)
    for (const step of version.steps)
      steps.push({ courseId: version.courseId, step: step.slug, kind: step.kind })
  }
  const plans: string[] = []
  for (const [name, query] of [
    ['funnel (counted into the summary)', funnelQuery(clusterId, steps)],
    [
      'learners at risk (read live)',
      atRiskQuery(clusterId, new Date(Date.now() - 14 * 86_400_000), 100),
    ],
  ] as const) {
    const { rows } = await sql<{
      'QUERY PLAN': string
    }>`explain (analyze, buffers) ${query}`.execute(db)
    plans.push(`-- ${name}\n${rows.map((row) => row['QUERY PLAN']).join('\n')}`)
  }
  return plans.join('\n\n')
}
