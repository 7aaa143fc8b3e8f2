// The dashboard's summary queries: each aggregates in PostgreSQL in one round trip and sends back
// counts, never the events or snapshots themselves. They read the enrolments' snapshots (the
// machine's current state and, per step, how it ended), not the progression log.
import { sql, type Transaction } from 'kysely'
import type { Db } from '../db/create-db.ts'
import type { Database, ReportQuizItem } from '../db/schema.ts'

/** A course step of a cluster's course, as the funnel counts it. */
export interface StepRef {
  courseId: string
  step: string
  kind: 'module' | 'webinar' | 'survey'
}

// The cluster's current members with their place, and each member's live enrolment (active or
// completed, whichever cluster made it) in each course the cluster offers; none: a null enrolment.
// enrolments_live_key (user_id, course_id) finds the enrolment of each member and course.
const memberEnrolments = (clusterId: string) => sql`
  members as (
    select cm.user_id, cm.joined_at, u.municipality_id, mu.name as municipality_name, mu.country_code
    from cluster_members cm
    join users u on u.id = cm.user_id
    left join municipalities mu on mu.id = u.municipality_id
    where cm.cluster_id = ${clusterId} and cm.left_at is null
  ),
  enrolled as (
    select m.*, cc.course_id, e.id as enrolment_id, e.course_version_id, e.status, e.progress, e.updated_at
    from members m
    cross join cluster_courses cc
    left join enrolments e on e.user_id = m.user_id and e.course_id = cc.course_id and e.status <> 'withdrawn'
    where cc.cluster_id = ${clusterId}
  )`

export interface FunnelCountRow {
  courseId: string
  step: string
  /** 0: every member; 1: by country; 2: by municipality. */
  level: number
  countryCode: string | null
  municipalityId: string | null
  municipalityName: string | null
  members: number
  enrolled: number
  completed: number
  read: number
  passed: number
  attended: number
  excused: number
  evaluated: number
  attempted: number
  firstAttemptPassed: number
  attemptsUsed: number
  locked: number
}

/**
 * The funnel of a cluster's members, per course and step, for every member, by country and by
 * municipality (grouping sets: one scan). A step is read when its quiz opened or it ended; passed,
 * attended, excused or evaluated by how it ended (`context.outcomes`); the quiz columns read the
 * snapshot's attempt counts.
 */
export function funnelQuery(clusterId: string, steps: StepRef[]) {
  // Two stages: count per course, step and municipality over the members' enrolments (grouped by
  // uuids and the step's position, each snapshot read three times per step), then add those few
  // rows up by country and overall with grouping sets.
  return sql<FunnelCountRow>`
    with ${memberEnrolments(clusterId)},
    states as materialized (
      select course_id, municipality_id, enrolment_id, status, progress -> 'value' as value,
        progress -> 'context' -> 'outcomes' as outcomes, progress -> 'context' -> 'attempts' as attempts
      from enrolled
    ),
    steps as (
      select * from unnest(${steps.map((s) => s.courseId)}::uuid[], ${steps.map((s) => s.step)}::text[])
        with ordinality as s(course_id, step, position)
    ),
    cells as (
      select d.course_id, s.position, d.municipality_id, d.enrolment_id, d.status,
        d.outcomes ->> s.step as outcome, d.value ->> s.step as phase, (d.attempts ->> s.step)::int as attempts
      from states d join steps s on s.course_id = d.course_id
    ),
    places as (
      select course_id, position, municipality_id,
        count(*) as members,
        count(enrolment_id) as enrolled,
        count(*) filter (where status = 'completed') as completed,
        count(*) filter (where outcome is not null or phase in ('quiz', 'failed', 'locked')) as read,
        count(*) filter (where outcome = 'passed') as passed,
        count(*) filter (where outcome = 'attended') as attended,
        count(*) filter (where outcome = 'excused') as excused,
        count(*) filter (where outcome = 'submitted') as evaluated,
        count(*) filter (where attempts > 0) as attempted,
        count(*) filter (where outcome = 'passed' and attempts = 1) as first_attempt_passed,
        coalesce(sum(attempts), 0) as attempts_used,
        count(*) filter (where phase = 'locked') as locked
      from cells
      group by course_id, position, municipality_id
    )
    select p.course_id as "courseId", s.step,
      grouping(mu.country_code, p.municipality_id) as level,
      mu.country_code as "countryCode", p.municipality_id as "municipalityId",
      min(mu.name) as "municipalityName",
      sum(p.members)::int as members, sum(p.enrolled)::int as enrolled, sum(p.completed)::int as completed,
      sum(p.read)::int as read, sum(p.passed)::int as passed, sum(p.attended)::int as attended,
      sum(p.excused)::int as excused, sum(p.evaluated)::int as evaluated, sum(p.attempted)::int as attempted,
      sum(p.first_attempt_passed)::int as "firstAttemptPassed", sum(p.attempts_used)::int as "attemptsUsed",
      sum(p.locked)::int as locked
    from places p
    join steps s on s.course_id = p.course_id and s.position = p.position
    left join municipalities mu on mu.id = p.municipality_id
    group by grouping sets (
      (p.course_id, s.step),
      (p.course_id, s.step, mu.country_code),
      (p.course_id, s.step, mu.country_code, p.municipality_id)
    )`
}

export async function countFunnel(db: Db, clusterId: string, steps: StepRef[]) {
  if (steps.length === 0) return []
  const { rows } = await funnelQuery(clusterId, steps).execute(db)
  return rows.map((row) => ({ ...row, level: levelOf(Number(row.level)) }))
}

// grouping(country_code, municipality_id): 3 when both are rolled up, 1 when only the municipality.
const levelOf = (bits: number) => (bits === 3 ? 0 : bits === 1 ? 1 : 2)

/**
 * What a cluster's counts depend on: its members and their progress. Every progression event (a
 * graded attempt too), a withdrawal and a language switch move the enrolment's updated_at, so an
 * unchanged fingerprint means unchanged counts.
 */
export async function clusterFingerprint(db: Db, clusterId: string): Promise<string> {
  // Only columns enrolments_activity_idx holds, so the enrolments are read from the index alone.
  const { rows } = await sql<{ fingerprint: string }>`
    select concat_ws('/', count(distinct cm.user_id), max(cm.joined_at), count(e.updated_at), max(e.updated_at),
      (select max(left_at) from cluster_members l where l.cluster_id = ${clusterId})) as fingerprint
    from cluster_members cm
    cross join cluster_courses cc
    left join enrolments e on e.user_id = cm.user_id and e.course_id = cc.course_id and e.status <> 'withdrawn'
    where cm.cluster_id = ${clusterId} and cm.left_at is null and cc.cluster_id = ${clusterId}`.execute(
    db,
  )
  return rows[0]?.fingerprint ?? ''
}

/** Tallies per question over every graded attempt of the members' live enrolments in the cluster's courses. */
export async function tallyQuizItems(db: Db, clusterId: string): Promise<ReportQuizItem[]> {
  const { rows } = await sql<ReportQuizItem>`
    with ${memberEnrolments(clusterId)}
    select d.course_version_id as "versionId", a.step, r.id::int as question,
      count(*)::int as answers,
      count(*) filter (where r.outcome = 'right')::int as right,
      coalesce(sum(r.points), 0)::float8 as points
    from enrolled d
    join quiz_attempts a on a.enrolment_id = d.enrolment_id and a.status = 'graded'
    cross join lateral jsonb_to_recordset(a.result) as r(id text, outcome text, points float8)
    where r.outcome <> 'ungraded' and r.points is not null
    group by 1, 2, 3
    order by 1, 2, 3`.execute(db)
  return rows
}

export async function findSummary(db: Db, clusterId: string) {
  return db
    .selectFrom('reportSummaries')
    .select(['fingerprint', 'funnel', 'quizItems', 'computedAt'])
    .where('clusterId', '=', clusterId)
    .executeTakeFirst()
}

export async function saveSummary(
  db: Db,
  row: {
    clusterId: string
    fingerprint: string
    /** The counted rows, packed by the service. */
    funnel: object
    quizItems: ReportQuizItem[]
    computedAt: Date
  },
) {
  const values = {
    ...row,
    funnel: JSON.stringify(row.funnel),
    quizItems: JSON.stringify(row.quizItems),
  }
  await db
    .insertInto('reportSummaries')
    .values(values)
    .onConflict((oc) =>
      oc.column('clusterId').doUpdateSet({
        fingerprint: values.fingerprint,
        funnel: values.funnel,
        quizItems: values.quizItems,
        computedAt: values.computedAt,
      }),
    )
    .execute()
}

export interface AtRiskRow {
  userId: string
  name: string
  email: string
  municipalityId: string | null
  municipalityName: string | null
  lastActivityAt: Date
  locked: { courseId: string; step: string }[]
  lastRemindedAt: Date | null
  total: number
}

/**
 * Members at risk: no progress since `inactiveSince` (their last change in any of the cluster's
 * courses, else when they joined) while a course is still open to them, or a module locked.
 * Longest inactive first; each row carries the total.
 */
export function atRiskQuery(clusterId: string, inactiveSince: Date, limit: number) {
  // The last change of each member's live enrolments comes from an index alone
  // (enrolments_activity_idx); locked modules from the few snapshots enrolments_locked_idx holds.
  return sql<AtRiskRow>`
    with members as (
      select cm.user_id, cm.joined_at from cluster_members cm
      where cm.cluster_id = ${clusterId} and cm.left_at is null
    ),
    activity as (
      select m.user_id, greatest(min(m.joined_at), max(e.updated_at)) as last_activity_at,
        bool_and(e.status is not distinct from 'completed') as all_completed
      from members m
      cross join cluster_courses cc
      left join enrolments e on e.user_id = m.user_id and e.course_id = cc.course_id and e.status <> 'withdrawn'
      where cc.cluster_id = ${clusterId}
      group by m.user_id
    ),
    locked as (
      select e.user_id, jsonb_agg(jsonb_build_object('courseId', e.course_id, 'step', v.key)) as steps
      from members m
      join enrolments e on e.user_id = m.user_id and e.status = 'active'
        and (e.progress -> 'value')::text like '%"locked"%'
      join cluster_courses cc on cc.cluster_id = ${clusterId} and cc.course_id = e.course_id
      cross join lateral jsonb_each_text(e.progress -> 'value') v
      where v.value = 'locked'
      group by e.user_id
    ),
    at_risk as (
      select a.user_id, a.last_activity_at, coalesce(l.steps, '[]'::jsonb) as locked,
        count(*) over () as total
      from activity a left join locked l on l.user_id = a.user_id
      where l.user_id is not null or (not a.all_completed and a.last_activity_at < ${inactiveSince})
    ),
    page as (
      select r.*, u.name from at_risk r join users u on u.id = r.user_id
      order by r.last_activity_at, u.name, r.user_id
      limit ${limit}
    )
    select p.user_id as "userId", p.name, u.email, u.municipality_id as "municipalityId",
      mu.name as "municipalityName", p.last_activity_at as "lastActivityAt", p.locked,
      (select max(r.sent_at) from learner_reminders r where r.cluster_id = ${clusterId} and r.user_id = p.user_id)
        as "lastRemindedAt",
      p.total::int as total
    from page p
    join users u on u.id = p.user_id
    left join municipalities mu on mu.id = u.municipality_id
    order by p.last_activity_at, p.name, p.user_id`
}

export async function listAtRisk(
  db: Db,
  clusterId: string,
  inactiveSince: Date,
  limit: number,
): Promise<AtRiskRow[]> {
  return (await atRiskQuery(clusterId, inactiveSince, limit).execute(db)).rows
}

export interface MunicipalityMembersRow {
  municipalityName: string | null
  countryCode: string | null
  members: number
  enrolled: number
  completed: number
}

/** Members per municipality: enrolled in at least one of the cluster's courses; completed all. */
export async function countMembersByMunicipality(db: Db, clusterId: string) {
  const { rows } = await sql<MunicipalityMembersRow & { municipalityId: string | null }>`
    with ${memberEnrolments(clusterId)},
    per_member as (
      select user_id, municipality_id, min(municipality_name) as municipality_name, min(country_code) as country_code,
        count(enrolment_id) > 0 as enrolled,
        bool_and(status is not distinct from 'completed') as completed
      from enrolled group by user_id, municipality_id
    )
    select municipality_id as "municipalityId", min(municipality_name) as "municipalityName",
      min(country_code) as "countryCode", count(*)::int as members,
      count(*) filter (where enrolled)::int as enrolled, count(*) filter (where completed)::int as completed
    from per_member
    group by municipality_id
    order by min(country_code), min(municipality_name)`.execute(db)
  return rows
}

export interface OverviewRow {
  clusterId: string
  associationId: string
  associationAcronym: string
  associationName: string
  associationCountry: string | null
  name: string
  status: string
  startsOn: string
  endsOn: string
  members: number
  active: number
  completed: number
}

/**
 * Per cluster of the given associations (all: null): current members, those with progress since
 * `activeSince`, and those who completed every course of the cluster.
 */
export async function countOverview(
  db: Db,
  associationIds: string[] | null,
  activeSince: Date,
): Promise<OverviewRow[]> {
  const filter = associationIds
    ? sql`where c.association_id = any(${associationIds}::uuid[])`
    : sql``
  const { rows } = await sql<OverviewRow>`
    with scoped as (
      select c.id, c.association_id, c.name, c.status, c.starts_on, c.ends_on from clusters c ${filter}
    ),
    per_member as (
      select cm.cluster_id, cm.user_id,
        greatest(min(cm.joined_at), max(e.updated_at)) as last_activity_at,
        count(*) filter (where e.status = 'completed') as completed_courses,
        (select count(*) from cluster_courses cc2 where cc2.cluster_id = cm.cluster_id) as courses
      from scoped s
      join cluster_members cm on cm.cluster_id = s.id and cm.left_at is null
      left join cluster_courses cc on cc.cluster_id = cm.cluster_id
      left join enrolments e on e.user_id = cm.user_id and e.course_id = cc.course_id and e.status <> 'withdrawn'
      group by cm.cluster_id, cm.user_id
    )
    select s.id as "clusterId", s.association_id as "associationId", a.acronym as "associationAcronym",
      a.name as "associationName", a.country_code as "associationCountry", s.name, s.status,
      s.starts_on::text as "startsOn", s.ends_on::text as "endsOn",
      count(p.user_id)::int as members,
      count(p.user_id) filter (where p.last_activity_at >= ${activeSince})::int as active,
      count(p.user_id) filter (where p.courses > 0 and p.completed_courses >= p.courses)::int as completed
    from scoped s
    join associations a on a.id = s.association_id
    left join per_member p on p.cluster_id = s.id
    group by s.id, s.association_id, a.acronym, a.name, a.country_code, s.name, s.status, s.starts_on, s.ends_on
    order by a.acronym, s.starts_on desc, s.name`.execute(db)
  return rows
}

/** Whether the association spans the region (no country of its own, as NALAS). */
export async function isRegionalAssociation(db: Db, associationId: string): Promise<boolean> {
  const row = await db
    .selectFrom('associations')
    .select('countryCode')
    .where('id', '=', associationId)
    .executeTakeFirst()
  return row !== undefined && row.countryCode === null
}

/** Serialises reminders of one learner in one cluster for the rest of the transaction. */
export async function lockReminders(trx: Transaction<Database>, clusterId: string, userId: string) {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`reminder:${clusterId}:${userId}`}, 0))`.execute(
    trx,
  )
}

/** A current member of the cluster, as a reminder addresses them. */
export async function findMemberToRemind(db: Db, clusterId: string, userId: string) {
  return db
    .selectFrom('clusterMembers as cm')
    .innerJoin('users as u', 'u.id', 'cm.userId')
    .select(['u.id', 'u.name', 'u.email', 'u.preferredLanguage'])
    .where('cm.clusterId', '=', clusterId)
    .where('cm.userId', '=', userId)
    .where('cm.leftAt', 'is', null)
    .where('u.erasedAt', 'is', null)
    .executeTakeFirst()
}

export async function lastReminder(db: Db, clusterId: string, userId: string) {
  const row = await db
    .selectFrom('learnerReminders')
    .select((eb) => eb.fn.max('sentAt').as('sentAt'))
    .where('clusterId', '=', clusterId)
    .where('userId', '=', userId)
    .executeTakeFirst()
  return row?.sentAt ? new Date(row.sentAt) : null
}

export async function insertReminder(
  db: Db,
  row: { clusterId: string; userId: string; sentBy: string; sentAt: Date },
) {
  await db.insertInto('learnerReminders').values(row).execute()
}

/** The reminders a person was sent, for their data export: the cluster's name and when. */
export async function listRemindersOfPerson(db: Db, userId: string) {
  return db
    .selectFrom('learnerReminders as r')
    .innerJoin('clusters as c', 'c.id', 'r.clusterId')
    .select(['r.id', 'c.name as cluster', 'r.sentAt'])
    .where('r.userId', '=', userId)
    .orderBy('r.sentAt')
    .execute()
}
