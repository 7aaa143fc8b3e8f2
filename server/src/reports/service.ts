// The coordinator's dashboard of a cluster, reminders to learners at risk, and the overview across
// clusters. Every count is aggregated in PostgreSQL (queries.ts); this file shapes the answer.
import { recordAudit } from '../audit/service.ts'
import { getCluster, reachCluster } from '../clusters/service.ts'
import {
  type CourseVersion,
  localise,
  loadCourseVersion,
  loadStepDocument,
  publishedVersion,
} from '../courses/service.ts'
import type { Db } from '../db/create-db.ts'
import type { ReportQuizItem } from '../db/schema.ts'
import { hasRole } from '../http/auth.ts'
import type { ServiceContext } from '../http/context.ts'
import type { PersonalDataHolder } from '../identity/service.ts'
import { Problem } from '../http/problem.ts'
import { labelIn, type Table } from '../tabular/index.ts'
import { composeMail, enqueueMail } from '../mail/service.ts'
import {
  clusterFingerprint,
  countFunnel,
  countMembersByMunicipality,
  countOverview,
  type FunnelCountRow,
  findMemberToRemind,
  findSummary,
  insertReminder,
  isRegionalAssociation,
  lastReminder,
  listRemindersOfPerson,
  listAtRisk,
  lockReminders,
  saveSummary,
  type StepRef,
  tallyQuizItems,
} from './queries.ts'
import {
  type CourseFunnel,
  type Dashboard,
  type DashboardQuery,
  type FunnelRow,
  type FunnelStep,
  inactiveAfterDays,
  type MunicipalityProgressRow,
  type Overview,
  type OverviewQuery,
  type QuestionStats,
  type QuizModuleStats,
  type Reminder,
  reminderIntervalDays,
} from './schemas.ts'

const dayMs = 24 * 60 * 60 * 1000

interface ClusterCourse {
  version: CourseVersion
  title: string
  language: string
}

/** The cluster's courses at their current versions, with titles in the asked language. */
async function clusterCourses(db: Db, slugs: string[], lang: string | undefined) {
  return Promise.all(
    slugs.map(async (slug): Promise<ClusterCourse> => {
      const version = await publishedVersion(db, slug)
      const { title } = localise(version.titles, lang, version.languages)
      const language =
        lang && version.languages.includes(lang)
          ? lang
          : version.languages.includes('en')
            ? 'en'
            : version.languages[0]!
      return { version, title, language }
    }),
  )
}

function stepRefs(courses: ClusterCourse[]): StepRef[] {
  return courses.flatMap(({ version }) =>
    version.steps.map((step) => ({ courseId: version.courseId, step: step.slug, kind: step.kind })),
  )
}

function funnelRow(version: CourseVersion, rows: FunnelCountRow[]): FunnelRow {
  const byStep = new Map(rows.map((row) => [row.step, row]))
  const first = rows[0]
  const steps = version.steps.map((step): FunnelStep => {
    const row = byStep.get(step.slug)
    const n = (value: number | undefined) => value ?? 0
    if (step.kind === 'module')
      return { step: step.slug, kind: step.kind, read: n(row?.read), passed: n(row?.passed) }
    if (step.kind === 'webinar')
      return {
        step: step.slug,
        kind: step.kind,
        attended: n(row?.attended),
        excused: n(row?.excused),
      }
    return { step: step.slug, kind: step.kind, evaluated: n(row?.evaluated) }
  })
  return {
    members: first?.members ?? 0,
    enrolled: first?.enrolled ?? 0,
    steps,
    completed: first?.completed ?? 0,
  }
}

/** Rows of one level grouped by their place key, in a stable order. */
function groupBy<K>(rows: FunnelCountRow[], key: (row: FunnelCountRow) => K) {
  const groups = new Map<K, FunnelCountRow[]>()
  for (const row of rows) {
    const k = key(row)
    const list = groups.get(k)
    if (list) list.push(row)
    else groups.set(k, [row])
  }
  return [...groups.values()]
}

async function stepTitle(db: Db, course: ClusterCourse, step: string, kind: string) {
  if (kind === 'webinar') return step
  const document = await loadStepDocument(db, course.version.id, course.language, step)
  return document?.title ?? step
}

async function courseFunnels(
  db: Db,
  courses: ClusterCourse[],
  counts: FunnelCountRow[],
): Promise<CourseFunnel[]> {
  const byName = (a: { name: string | null }, b: { name: string | null }) =>
    (a.name ?? '').localeCompare(b.name ?? '')
  return Promise.all(
    courses.map(async (course) => {
      const { version } = course
      const rows = counts.filter((row) => row.courseId === version.courseId)
      const level = (n: number) => rows.filter((row) => row.level === n)
      const byCountry = groupBy(level(1), (row) => row.countryCode).map((group) => ({
        countryCode: group[0]!.countryCode,
        ...funnelRow(version, group),
      }))
      byCountry.sort((a, b) => (a.countryCode ?? '~').localeCompare(b.countryCode ?? '~'))
      const byMunicipality = groupBy(level(2), (row) => row.municipalityId)
        .map((group) => {
          const row = group[0]!
          return {
            municipality: row.municipalityId
              ? { id: row.municipalityId, name: row.municipalityName ?? '' }
              : null,
            countryCode: row.countryCode,
            ...funnelRow(version, group),
          }
        })
        .sort(
          (a, b) =>
            (a.countryCode ?? '~').localeCompare(b.countryCode ?? '~') ||
            byName({ name: a.municipality?.name ?? null }, { name: b.municipality?.name ?? null }),
        )
      return {
        courseId: version.courseId,
        slug: version.slug,
        title: course.title,
        steps: await Promise.all(
          version.steps.map(async (step) => ({
            step: step.slug,
            kind: step.kind,
            title: await stepTitle(db, course, step.slug, step.kind),
          })),
        ),
        overall: funnelRow(version, level(0)),
        byCountry,
        byMunicipality,
      }
    }),
  )
}

/**
 * The counted rows as stored: column by column, each string once (a cluster's ~1,600 rows of
 * uuids and names come to a fifth of their JSON), so reading the summary stays a small read.
 */
interface PackedRows {
  keys: string[]
  strings: string[]
  columns: (number | null)[][]
  /** Which columns hold indexes into `strings`. */
  text: number[]
}

function packRows(rows: FunnelCountRow[]): PackedRows {
  const keys = Object.keys(rows[0] ?? {})
  const strings: string[] = []
  const index = new Map<string, number>()
  const text: number[] = []
  const columns = keys.map((key, k) =>
    rows.map((row) => {
      const value = (row as unknown as Record<string, unknown>)[key]
      if (typeof value !== 'string') return (value as number | null) ?? null
      if (!text.includes(k)) text.push(k)
      let i = index.get(value)
      if (i === undefined) {
        i = strings.push(value) - 1
        index.set(value, i)
      }
      return i
    }),
  )
  return { keys, strings, columns, text }
}

function unpackRows(packed: PackedRows): FunnelCountRow[] {
  const count = packed.columns[0]?.length ?? 0
  const rows: Record<string, unknown>[] = Array.from({ length: count }, () => ({}))
  packed.keys.forEach((key, k) => {
    const isText = packed.text.includes(k)
    packed.columns[k]!.forEach((value, r) => {
      rows[r]![key] = isText && value !== null ? packed.strings[value] : value
    })
  })
  return rows as unknown as FunnelCountRow[]
}

/** A cluster this large that changed is counted again at most once in this time. */
export const summaryFreshMs = 60_000
export const busyClusterMembers = 1000
/** A stored summary is counted again after this in any case (a member's municipality may change). */
export const summaryMaxAgeMs = 15 * 60_000

/**
 * The cluster's counted funnel and per-question tallies, counted in SQL and stored with a
 * fingerprint of what they were counted from. A view reuses the stored summary while the
 * fingerprint holds (for up to a quarter of an hour); a cluster of 1,000 members or more that keeps
 * changing is counted again at most once a minute, smaller ones whenever they changed.
 */
async function summary(
  db: Db,
  cluster: { id: string; memberCount: number },
  courses: ClusterCourse[],
  now: Date,
) {
  const stored = await findSummary(db, cluster.id)
  const age = stored ? now.getTime() - new Date(stored.computedAt).getTime() : Infinity
  const reuse = () => ({
    funnel: unpackRows(stored!.funnel as unknown as PackedRows),
    quizItems: stored!.quizItems,
    computedAt: new Date(stored!.computedAt),
  })
  const fresh = age >= 0 && age < summaryFreshMs
  if (fresh && cluster.memberCount >= busyClusterMembers) return reuse()
  const versions = courses.map(({ version }) => version.id).join(',')
  const fingerprint = `${await clusterFingerprint(db, cluster.id)}/${versions}`
  if (stored && age >= 0 && age < summaryMaxAgeMs && stored.fingerprint === fingerprint)
    return reuse()
  const [funnel, quizItems] = await Promise.all([
    countFunnel(db, cluster.id, stepRefs(courses)),
    tallyQuizItems(db, cluster.id),
  ])
  await saveSummary(db, {
    clusterId: cluster.id,
    fingerprint,
    funnel: packRows(funnel),
    quizItems,
    computedAt: now,
  })
  return { funnel, quizItems, computedAt: now }
}

/** Each tallied question with its stem, in the asked language where its version has it. */
async function questionStats(
  db: Db,
  items: ReportQuizItem[],
  lang: string | undefined,
): Promise<QuestionStats[]> {
  const stats: QuestionStats[] = []
  for (const item of items) {
    const version = (await loadCourseVersion(db, item.versionId))!
    const language =
      lang && version.languages.includes(lang)
        ? lang
        : version.languages.includes('en')
          ? 'en'
          : version.languages[0]!
    const document = await loadStepDocument(db, item.versionId, language, item.step)
    const question = document?.questions[item.question]
    stats.push({
      version: version.number,
      question: item.question,
      text: question?.text ?? '',
      kind: question?.kind ?? 'unknown',
      answers: item.answers,
      shareRight: item.answers > 0 ? item.right / item.answers : null,
      facilityIndex: item.answers > 0 ? Math.min(1, Math.max(0, item.points / item.answers)) : null,
    })
  }
  return stats
}

async function quizModules(
  db: Db,
  courses: ClusterCourse[],
  counts: FunnelCountRow[],
  items: ReportQuizItem[],
  lang: string | undefined,
): Promise<QuizModuleStats[]> {
  const modules: QuizModuleStats[] = []
  for (const course of courses) {
    const { version } = course
    // Questions of every version of the course that the members' attempts were graded on.
    const ofCourse: ReportQuizItem[] = []
    for (const item of items)
      if ((await loadCourseVersion(db, item.versionId))?.courseId === version.courseId)
        ofCourse.push(item)
    for (const step of version.steps) {
      if (step.kind !== 'module') continue
      const row = counts.find(
        (r) => r.level === 0 && r.courseId === version.courseId && r.step === step.slug,
      )
      const attempted = row?.attempted ?? 0
      const share = (n: number) => (attempted > 0 ? n / attempted : null)
      modules.push({
        courseSlug: version.slug,
        step: step.slug,
        title: await stepTitle(db, course, step.slug, step.kind),
        attempted,
        passed: row?.passed ?? 0,
        locked: row?.locked ?? 0,
        passRate: share(row?.passed ?? 0),
        firstAttemptPassRate: share(row?.firstAttemptPassed ?? 0),
        meanAttempts: attempted > 0 ? (row?.attemptsUsed ?? 0) / attempted : null,
        questions: await questionStats(
          db,
          ofCourse.filter((item) => item.step === step.slug),
          lang,
        ),
      })
    }
  }
  return modules
}

/** The coordinator's dashboard of one cluster (coordinators of its association, admins, its trainers). */
export async function getDashboard(
  ctx: ServiceContext,
  clusterId: string,
  query: DashboardQuery,
  now: Date = new Date(),
): Promise<Dashboard> {
  const { db } = ctx
  const cluster = await getCluster(ctx, clusterId)
  // Learners at risk need only the cluster: asked for while its courses are looked up.
  const atRiskRows = listAtRisk(
    db,
    clusterId,
    new Date(now.getTime() - inactiveAfterDays * dayMs),
    query.atRiskLimit ?? 100,
  )
  atRiskRows.catch(() => {})
  const courses = await clusterCourses(
    db,
    cluster.courses.map((course) => course.slug),
    query.lang,
  )
  const [counted, atRisk] = await Promise.all([summary(db, cluster, courses, now), atRiskRows])
  const counts = counted.funnel
  const slugOf = new Map(courses.map(({ version }) => [version.courseId, version.slug]))
  return {
    cluster: {
      id: cluster.id,
      associationId: cluster.associationId,
      name: cluster.name,
      status: cluster.status,
      memberCount: cluster.memberCount,
    },
    generatedAt: now.toISOString(),
    countedAt: counted.computedAt.toISOString(),
    courses: await courseFunnels(db, courses, counts),
    quizzes: {
      modules: await quizModules(db, courses, counts, counted.quizItems, query.lang),
      questionsAsOf: counted.computedAt.toISOString(),
    },
    atRisk: {
      inactiveAfterDays,
      reminderIntervalDays,
      total: atRisk[0]?.total ?? 0,
      items: atRisk.map((row) => {
        const lastActivityAt = new Date(row.lastActivityAt)
        const reminded = row.lastRemindedAt ? new Date(row.lastRemindedAt) : null
        const next = reminded ? new Date(reminded.getTime() + reminderIntervalDays * dayMs) : null
        const reasons: ('inactive' | 'locked')[] = []
        if (lastActivityAt.getTime() < now.getTime() - inactiveAfterDays * dayMs)
          reasons.push('inactive')
        if (row.locked.length > 0) reasons.push('locked')
        return {
          userId: row.userId,
          name: row.name,
          email: row.email,
          municipality: row.municipalityId
            ? { id: row.municipalityId, name: row.municipalityName ?? '' }
            : null,
          reasons,
          lastActivityAt: lastActivityAt.toISOString(),
          inactiveDays: Math.max(0, Math.floor((now.getTime() - lastActivityAt.getTime()) / dayMs)),
          lockedSteps: row.locked.map((locked) => ({
            courseSlug: slugOf.get(locked.courseId) ?? '',
            step: locked.step,
          })),
          lastRemindedAt: reminded?.toISOString() ?? null,
          nextReminderAt: next && next > now ? next.toISOString() : null,
        }
      }),
    },
  }
}

/**
 * One reminder e-mail to a member of the cluster, in their language, through the outbox; audited;
 * never a second one to the same learner for the same cluster within 7 days (409
 * `reminder-too-soon` with `nextAllowedAt`). Coordinators of the association and admins.
 */
export async function remindLearner(
  ctx: ServiceContext & { origin: string },
  clusterId: string,
  userId: string,
  now: Date = new Date(),
): Promise<Reminder> {
  const { db, actor, ip } = ctx
  const cluster = await reachCluster(db, actor, clusterId, 'manage')
  return db.transaction().execute(async (trx) => {
    await lockReminders(trx, clusterId, userId)
    const member = await findMemberToRemind(trx, clusterId, userId)
    if (!member) throw Problem.notFound('No such member of this learning cluster.')
    const last = await lastReminder(trx, clusterId, userId)
    if (last && now.getTime() - last.getTime() < reminderIntervalDays * dayMs) {
      const nextAllowedAt = new Date(last.getTime() + reminderIntervalDays * dayMs).toISOString()
      throw new Problem(
        409,
        'reminder-too-soon',
        'Reminded recently',
        `This learner was reminded on ${last.toISOString()}; the next reminder may be sent from ${nextAllowedAt}.`,
        { lastRemindedAt: last.toISOString(), nextAllowedAt },
      )
    }
    const mail = composeMail(
      'learning-reminder',
      member.preferredLanguage,
      { name: member.name },
      `${ctx.origin}/learn`,
      { cluster: cluster.name },
    )
    await insertReminder(trx, { clusterId, userId, sentBy: actor.id, sentAt: now })
    await enqueueMail(trx, { to: member.email, subject: mail.subject, text: mail.text })
    await recordAudit(trx, {
      action: 'learner.reminded',
      actorId: actor.id,
      subject: userId,
      ip,
      details: { clusterId },
    })
    return {
      clusterId,
      userId,
      sentAt: now.toISOString(),
      language: member.preferredLanguage === 'sr-Latn' ? 'sr-Latn' : 'en',
      nextAllowedAt: new Date(now.getTime() + reminderIntervalDays * dayMs).toISOString(),
    }
  })
}

/**
 * Members, active and completed per cluster: a coordinator's association; an admin's (or a
 * regional network's coordinator's, as NALAS) every association, or the one asked for.
 */
export async function getOverview(
  ctx: ServiceContext,
  query: OverviewQuery,
  now: Date = new Date(),
): Promise<Overview> {
  const { db, actor } = ctx
  let region = hasRole(actor, 'admin')
  if (!region) {
    if (!actor.associationId)
      throw Problem.forbidden('Your account is not attached to an association.')
    region = await isRegionalAssociation(db, actor.associationId)
  }
  if (!region && query.associationId && query.associationId !== actor.associationId)
    throw Problem.validation([
      {
        pointer: '/query/associationId',
        reason: 'not-allowed',
        detail: 'coordinators see their own association',
      },
    ])
  const associationIds = query.associationId
    ? [query.associationId]
    : region
      ? null
      : [actor.associationId!]
  const rows = await countOverview(
    db,
    associationIds,
    new Date(now.getTime() - inactiveAfterDays * dayMs),
  )
  const zero = () => ({ clusters: 0, members: 0, active: 0, completed: 0 })
  const totals = zero()
  const associations = new Map<string, Overview['associations'][number]>()
  for (const row of rows) {
    let association = associations.get(row.associationId)
    if (!association) {
      association = {
        id: row.associationId,
        acronym: row.associationAcronym,
        name: row.associationName,
        countryCode: row.associationCountry,
        ...zero(),
      }
      associations.set(row.associationId, association)
    }
    for (const sum of [association, totals]) {
      sum.clusters += 1
      sum.members += row.members
      sum.active += row.active
      sum.completed += row.completed
    }
  }
  return {
    scope: region ? 'region' : 'association',
    totals,
    associations: [...associations.values()],
    clusters: rows.map((row) => ({
      id: row.clusterId,
      associationId: row.associationId,
      name: row.name,
      status: row.status,
      startsOn: row.startsOn,
      endsOn: row.endsOn,
      members: row.members,
      active: row.active,
      completed: row.completed,
    })),
  }
}

/**
 * For the exports: a row per municipality of the cluster's members — members, those enrolled in
 * at least one of its courses, those who passed each module (`courseSlug/step`), and those who
 * completed every course. Reaches the cluster as the dashboard does.
 */
export async function progressByMunicipality(
  ctx: ServiceContext,
  clusterId: string,
): Promise<MunicipalityProgressRow[]> {
  const { db } = ctx
  const cluster = await getCluster(ctx, clusterId)
  const courses = await clusterCourses(
    db,
    cluster.courses.map((course) => course.slug),
    undefined,
  )
  const refs = stepRefs(courses)
  const [members, counts] = await Promise.all([
    countMembersByMunicipality(db, clusterId),
    countFunnel(db, clusterId, refs),
  ])
  const slugOf = new Map(courses.map(({ version }) => [version.courseId, version.slug]))
  const modules = refs.filter((ref) => ref.kind === 'module')
  return members.map((row) => {
    const passedByModule: Record<string, number> = {}
    for (const ref of modules) {
      const count = counts.find(
        (c) =>
          c.level === 2 &&
          c.courseId === ref.courseId &&
          c.step === ref.step &&
          c.municipalityId === row.municipalityId,
      )
      passedByModule[`${slugOf.get(ref.courseId)}/${ref.step}`] = count?.passed ?? 0
    }
    return {
      municipality: row.municipalityName,
      countryCode: row.countryCode,
      members: row.members,
      enrolled: row.enrolled,
      passedByModule,
      completed: row.completed,
    }
  })
}

// Municipalities in the order a reader of the region expects, the same on every database.
const byPlace = new Intl.Collator('sr-Latn')

/**
 * Progress per municipality as a table for the exports (CSV, XLSX): members, enrolled, passed per
 * module, completed; members placed in the association directly are the last row, without a
 * municipality (and without a country: the dashboard counts places by municipality).
 */
export async function exportProgress(
  ctx: ServiceContext,
  clusterId: string,
  lang?: string,
): Promise<{ basename: string; table: Table }> {
  const cluster = await getCluster(ctx, clusterId)
  const rows = (await progressByMunicipality(ctx, clusterId)).sort(
    (a, b) =>
      Number(a.municipality === null) - Number(b.municipality === null) ||
      (a.countryCode ?? '').localeCompare(b.countryCode ?? '') ||
      byPlace.compare(a.municipality ?? '', b.municipality ?? ''),
  )
  const modules = rows[0] ? Object.keys(rows[0].passedByModule) : []
  return {
    basename: `progress-${cluster.name}`,
    table: {
      title: labelIn({ en: 'Progress by municipality', 'sr-Latn': 'Napredak po opštinama' }, lang),
      columns: [
        { en: 'Municipality', 'sr-Latn': 'Opština' },
        { en: 'Country', 'sr-Latn': 'Država' },
        { en: 'Members', 'sr-Latn': 'Članovi' },
        { en: 'Enrolled', 'sr-Latn': 'Upisani' },
        ...modules.map((module) => ({ en: `Passed ${module}`, 'sr-Latn': `Položili ${module}` })),
        { en: 'Completed', 'sr-Latn': 'Završili' },
      ].map((label) => ({ header: labelIn(label, lang) })),
      rows: rows.map((row) => [
        row.municipality,
        row.countryCode,
        row.members,
        row.enrolled,
        ...modules.map((module) => row.passedByModule[module] ?? 0),
        row.completed,
      ]),
    },
  }
}

/**
 * The reminders a person was sent (cluster, date) in their data export. Erasure keeps them: they
 * hold no text about the person, and the once-in-7-days rule and the coordinators' counts read them.
 */
export const reminderPersonalData: PersonalDataHolder = {
  part: 'reminders',
  collect: listRemindersOfPerson,
  erase: async () => {},
}
