// Evaluation reports for a course's trainers and a cluster's coordinators and trainers: counts
// always, a breakdown only from evaluationMinimumResponses responses of the group shown.
import { reachCluster } from '../clusters/service.ts'
import {
  assertCanTeach,
  courseIdOf,
  loadCourseVersion,
  loadStepDocument,
  localise,
  type CourseVersion,
} from '../courses/service.ts'
import type { Question } from '../course-format/gift/index.ts'
import type { ServiceContext } from '../http/context.ts'
import { Problem } from '../http/problem.ts'
import { labelIn, type Table } from '../tabular/index.ts'
import { evaluationMinimumResponses } from './constants.ts'
import {
  countClusterResponses,
  countCourseResponses,
  courseOfVersion,
  findCourseVersion,
  listAnswers,
  listCourseVersions,
} from './queries.ts'
import { buildReport } from './questions.ts'
import type {
  ClusterEvaluations,
  ClusterEvaluationsExportQuery,
  CourseEvaluations,
  EvaluationQuery,
  EvaluationReport,
} from './schemas.ts'

const minimum = evaluationMinimumResponses

async function teachingCourse(ctx: ServiceContext, slug: string): Promise<string> {
  const courseId = await courseIdOf(ctx.db, slug)
  if (!courseId) throw Problem.notFound('No such course.')
  await assertCanTeach(ctx.db, ctx.actor, courseId)
  return courseId
}

async function versionOf(ctx: ServiceContext, versionId: string): Promise<CourseVersion> {
  const version = await loadCourseVersion(ctx.db, versionId)
  if (!version) throw Problem.notFound('No such course version.')
  return version
}

const surveySteps = (version: CourseVersion) =>
  version.steps.filter((step) => step.kind === 'survey').map((step) => step.slug)

/** The survey's questions in `lang` when the version has it, else English, else its first language. */
async function questionsOf(
  ctx: ServiceContext,
  version: CourseVersion,
  step: string,
  lang: string | undefined,
): Promise<readonly Question[]> {
  const languages = [lang, 'en', ...version.languages].filter(
    (language): language is string => !!language && version.languages.includes(language),
  )
  for (const language of languages) {
    const document = await loadStepDocument(ctx.db, version.id, language, step)
    if (document?.kind === 'survey') return document.questions
  }
  return []
}

/** Every version's survey steps with their number of responses, newest version first. */
export async function listCourseEvaluations(
  ctx: ServiceContext,
  slug: string,
): Promise<CourseEvaluations> {
  const courseId = await teachingCourse(ctx, slug)
  const [versions, counts] = await Promise.all([
    listCourseVersions(ctx.db, courseId),
    countCourseResponses(ctx.db, courseId),
  ])
  const countOf = (versionId: string, step: string) =>
    counts.find((row) => row.courseVersionId === versionId && row.step === step)?.responses ?? 0
  const items: CourseEvaluations['items'] = []
  for (const row of versions) {
    for (const step of surveySteps(await versionOf(ctx, row.id))) {
      const responses = countOf(row.id, step)
      items.push({
        versionId: row.id,
        versionNumber: row.number,
        publishedAt: row.createdAt.toISOString(),
        step,
        responses,
        enough: responses >= minimum,
      })
    }
  }
  return { items }
}

interface VersionReport {
  version: CourseVersion
  versionNumber: number
  step: string
  report: EvaluationReport
}

/** One version's survey over every learner of the course. */
export async function getVersionEvaluation(
  ctx: ServiceContext,
  slug: string,
  versionId: string,
  query: EvaluationQuery,
): Promise<VersionReport> {
  const courseId = await teachingCourse(ctx, slug)
  const row = await findCourseVersion(ctx.db, courseId, versionId)
  if (!row) throw Problem.notFound('No such version of this course.')
  const version = await versionOf(ctx, versionId)
  const steps = surveySteps(version)
  const step = query.step ?? (steps.length === 1 ? steps[0] : undefined)
  if (!step || !steps.includes(step))
    throw Problem.validation([
      {
        pointer: '/query/step',
        reason: query.step ? 'unknown-reference' : 'required',
        detail: query.step ? 'not a survey of this version' : 'the version has several surveys',
      },
    ])
  const answers = await listAnswers(ctx.db, { courseVersionId: versionId, step })
  const questions = await questionsOf(ctx, version, step, query.lang)
  return {
    version,
    versionNumber: row.number,
    step,
    report: buildReport(questions, answers, minimum),
  }
}

/** A cluster's own responses, one report per course, version and survey step. */
export async function getClusterEvaluations(
  ctx: ServiceContext,
  clusterId: string,
  query: ClusterEvaluationsExportQuery,
): Promise<ClusterEvaluations & { clusterName: string }> {
  const cluster = await reachCluster(ctx.db, ctx.actor, clusterId, 'read')
  let courseId: string | undefined
  if (query.course) {
    courseId = await courseIdOf(ctx.db, query.course)
    if (!courseId) throw Problem.notFound('No such course.')
  }
  if (query.version) {
    // A version of another course than `course` is as unknown as one that does not exist.
    const versionCourse = await courseOfVersion(ctx.db, query.version)
    if (!versionCourse || (courseId && versionCourse !== courseId))
      throw Problem.notFound('No such course version.')
  }
  const groups = await countClusterResponses(ctx.db, clusterId, {
    courseId,
    courseVersionId: query.version,
  })
  const items: ClusterEvaluations['items'] = []
  for (const group of groups) {
    const version = await versionOf(ctx, group.courseVersionId)
    // Counted first: a group below the minimum is never read, let alone broken down.
    const answers =
      group.responses >= minimum
        ? await listAnswers(ctx.db, {
            courseVersionId: group.courseVersionId,
            step: group.step,
            clusterId,
          })
        : Array.from({ length: group.responses }, () => ({}))
    const questions = await questionsOf(ctx, version, group.step, query.lang)
    items.push({
      courseSlug: group.slug,
      courseTitle: localise(group.title, query.lang, group.languages).title,
      versionId: group.courseVersionId,
      versionNumber: group.number,
      step: group.step,
      report: buildReport(questions, answers, minimum),
    })
  }
  return { items, clusterName: cluster.name }
}

function tooFew(responses: number): Problem {
  return new Problem(
    409,
    'too-few-responses',
    'Too few responses',
    `A breakdown needs at least ${minimum} responses; there are ${responses}.`,
    { responses, minimum },
  )
}

const columns = {
  course: { en: 'Course', 'sr-Latn': 'Kurs' },
  version: { en: 'Version', 'sr-Latn': 'Verzija' },
  step: { en: 'Survey', 'sr-Latn': 'Anketa' },
  responses: { en: 'Responses', 'sr-Latn': 'Odgovori' },
  question: { en: 'Question', 'sr-Latn': 'Pitanje' },
  text: { en: 'Question text', 'sr-Latn': 'Tekst pitanja' },
  kind: { en: 'Kind', 'sr-Latn': 'Vrsta' },
  value: { en: 'Value', 'sr-Latn': 'Vrednost' },
  label: { en: 'Label', 'sr-Latn': 'Oznaka' },
  count: { en: 'Count', 'sr-Latn': 'Broj' },
  answer: { en: 'Answer', 'sr-Latn': 'Odgovor' },
}
const meanLabel = { en: 'mean', 'sr-Latn': 'prosek' }

/**
 * A report as rows: per rating value and per choice its count, per rating its mean, per text
 * answer one row (in the report's random order); the leading cells say which survey it is.
 */
function reportRows(
  lead: (string | number)[],
  report: EvaluationReport,
  lang: string | undefined,
): (string | number | null)[][] {
  const rows: (string | number | null)[][] = []
  for (const question of report.questions ?? []) {
    const head = [...lead, report.responses, question.index + 1, question.text, question.kind]
    for (const entry of question.distribution ?? [])
      rows.push([...head, entry.value, entry.label, entry.count, null])
    if (question.mean !== undefined)
      rows.push([...head, null, labelIn(meanLabel, lang), question.mean, null])
    for (const answer of question.answers ?? []) rows.push([...head, null, null, null, answer])
  }
  return rows
}

const reportColumns = (lang: string | undefined) =>
  [
    columns.responses,
    columns.question,
    columns.text,
    columns.kind,
    columns.value,
    columns.label,
    columns.count,
    columns.answer,
  ].map((label) => ({ header: labelIn(label, lang) }))

/** One version's report as a table; 409 below the minimum, when there is nothing to break down. */
export async function exportVersionEvaluation(
  ctx: ServiceContext,
  slug: string,
  versionId: string,
  query: EvaluationQuery,
): Promise<{ basename: string; table: Table }> {
  const { versionNumber, step, report } = await getVersionEvaluation(ctx, slug, versionId, query)
  if (!report.enough) throw tooFew(report.responses)
  return {
    basename: `evaluation-${slug}-v${versionNumber}-${step}`,
    table: {
      title: labelIn({ en: 'Evaluation', 'sr-Latn': 'Evaluacija' }, query.lang),
      columns: reportColumns(query.lang),
      rows: reportRows([], report, query.lang),
    },
  }
}

/**
 * A cluster's reports as one table: the groups with enough responses broken down, the others
 * by their count alone; 409 when no group has enough.
 */
export async function exportClusterEvaluations(
  ctx: ServiceContext,
  clusterId: string,
  query: ClusterEvaluationsExportQuery,
): Promise<{ basename: string; table: Table }> {
  const { items, clusterName } = await getClusterEvaluations(ctx, clusterId, query)
  if (!items.some((item) => item.report.enough))
    throw tooFew(Math.max(0, ...items.map((item) => item.report.responses)))
  const rows = items.flatMap((item) => {
    const lead = [item.courseSlug, item.versionNumber, item.step]
    return item.report.enough
      ? reportRows(lead, item.report, query.lang)
      : [[...lead, item.report.responses, null, null, null, null, null, null, null]]
  })
  return {
    basename:
      query.version && items[0]
        ? `evaluations-${clusterName}-${items[0].courseSlug}-v${items[0].versionNumber}`
        : `evaluations-${clusterName}`,
    table: {
      title: labelIn({ en: 'Evaluations', 'sr-Latn': 'Evaluacije' }, query.lang),
      columns: [
        ...[columns.course, columns.version, columns.step].map((label) => ({
          header: labelIn(label, query.lang),
        })),
        ...reportColumns(query.lang),
      ],
      rows,
    },
  }
}
