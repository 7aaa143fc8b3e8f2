// The demo's learning cluster, made the way a coordinator would make it: through the services of
// clusters, courses, enrolments and quizzes (never rows written around their rules).
import type { FastifyBaseLogger } from 'fastify'
import { createCluster, listClusters, moveCluster } from '../server/src/clusters/service.ts'
import { addMembers, assignClusterTrainer } from '../server/src/clusters/service.ts'
import { learnerView, type Question } from '../server/src/course-format/gift/index.ts'
import { loadStepDocument, publishedVersion } from '../server/src/courses/service.ts'
import { assignTrainer } from '../server/src/courses/teaching.ts'
import type { Db } from '../server/src/db/create-db.ts'
import type { Role } from '../server/src/db/schema.ts'
import { listMyEnrolments, ProgressionBus, sendEvent } from '../server/src/enrolments/service.ts'
import type { EventBody } from '../server/src/enrolments/schemas.ts'
import type { Actor } from '../server/src/http/auth.ts'
import type { ServiceContext } from '../server/src/http/context.ts'
import type { Answers } from '../server/src/quizzes/answers.ts'
import { startAttempt, submitAttempt } from '../server/src/quizzes/service.ts'

export const demoClusterName = 'Human rights and minority commissioners in Serbian municipalities'
const mainCourse = 'human-rights-lnob'
const firstModule = '01-human-rights-foundations'
const secondModule = '02-rights-based-approach'

/**
 * What each demo learner has done so far in the main course, by e-mail: read the first module,
 * failed its quiz some times, passed it (then, with `readNext`, read the second module too).
 */
export const demoProgress: Record<
  string,
  { read?: boolean; failedAttempts?: number; passed?: boolean; readNext?: boolean }
> = {
  'learner@demo.local': { read: true },
  'jelena.markovic@demo.local': { read: true, failedAttempts: 1 },
  'milan.stojanovic@demo.local': { read: true, passed: true },
  'ivana.petrovic@demo.local': { read: true, failedAttempts: 1, passed: true, readNext: true },
  'emir.hodzic@demo.local': { read: true, failedAttempts: 3 },
  'arben.ramadani@demo.local': { read: true },
  'snezana.pavlovic@demo.local': { read: true, failedAttempts: 2 },
}

/**
 * The right answers to a module's quiz, as a learner who knows them would send them: by question
 * index, with the learner view's ids (choices in alphabetical order, never the author's).
 */
export function rightAnswers(questions: readonly Question[]): Answers {
  const answers: Answers = {}
  questions.forEach((question, index) => {
    const view = learnerView(question)
    const idOf = (options: { id: string; text: string }[] | undefined, text: string) =>
      options!.find((option) => option.text === text)!.id
    const choices = 'choices' in view ? view.choices : undefined
    switch (question.kind) {
      case 'multiple-choice':
        answers[index] = { choice: idOf(choices, question.choices.find((c) => c.correct)!.text) }
        break
      case 'multiple-answer':
        answers[index] = {
          choices: question.choices
            .filter((choice) => choice.weight > 0)
            .map((choice) => idOf(choices, choice.text)),
        }
        break
      case 'true-false':
        answers[index] = { value: question.answer }
        break
      case 'short-answer':
        answers[index] = { text: question.answers.find((answer) => answer.weight === 100)!.text }
        break
      case 'numerical': {
        const right = question.answers.find((answer) => answer.weight === 100)!
        answers[index] = {
          number: right.kind === 'exact' ? right.value : (right.min + right.max) / 2,
        }
        break
      }
      case 'matching': {
        const right = 'right' in view ? view.right : undefined
        answers[index] = {
          pairs: Object.fromEntries(
            question.pairs.flatMap((pair, left) =>
              pair.left === '' ? [] : [[String(left), idOf(right, pair.right)]],
            ),
          ),
        }
        break
      }
      case 'essay':
        answers[index] = { text: 'Written for the demo.' }
        break
      case 'description':
        break
    }
  })
  return answers
}

export interface Person {
  id: string
  email: string
  roles: Role[]
  associationId: string | null
}

const silent = (): void => {}
const silentLog = {
  level: 'silent',
  fatal: silent,
  error: silent,
  warn: silent,
  info: silent,
  debug: silent,
  trace: silent,
  silent,
  child: () => silentLog,
} as unknown as FastifyBaseLogger

function contextOf(db: Db, person: Person): ServiceContext {
  const actor: Actor = { id: person.id, roles: person.roles, associationId: person.associationId }
  return { db, actor, ip: '127.0.0.1', log: silentLog }
}

function isoDay(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10)
}

/**
 * Creates the running demo cluster of the coordinator's association, unless one of that name
 * exists: two courses, the demo trainer, the learners as members (enrolled by the cluster) and
 * some progress. Returns a line to print, or undefined when nothing changed.
 */
export async function seedDemoCluster(
  db: Db,
  people: { admin: Person; coordinator: Person; trainer: Person; learners: Person[] },
): Promise<string | undefined> {
  const coordinator = contextOf(db, people.coordinator)
  const existing = await listClusters(coordinator, { limit: 100, offset: 0 })
  if (existing.items.some((cluster) => cluster.name === demoClusterName)) return undefined

  const cluster = await createCluster(coordinator, {
    name: demoClusterName,
    description: [
      'A learning cluster for local officials who work on social inclusion, human rights and',
      'the protection of national minorities.',
      '',
      '1. *Human Rights and "Leave No One Behind" at the Local Level*',
      '2. *The Minority Commissioner*',
      '',
      'The cluster ends with a webinar and an evaluation.',
    ].join('\n'),
    startsOn: isoDay(-21),
    endsOn: isoDay(70),
    capacity: 20,
    courses: [
      { courseSlug: mainCourse, languages: ['sr-Latn', 'en'] },
      { courseSlug: 'minority-commissioner', languages: ['sr-Latn', 'en'] },
    ],
  })
  const admin = contextOf(db, people.admin)
  for (const course of cluster.courses) await assignTrainer(admin, course.slug, people.trainer.id)
  await assignClusterTrainer(coordinator, cluster.id, people.trainer.id)
  await addMembers(
    coordinator,
    cluster.id,
    people.learners.map((learner) => learner.id),
  )
  await moveCluster(coordinator, cluster.id, 'running')

  const bus = new ProgressionBus()
  const version = await publishedVersion(db, mainCourse)
  for (const learner of people.learners) {
    const plan = demoProgress[learner.email]
    if (!plan) continue
    const ctx = contextOf(db, learner)
    const enrolment = async () => {
      const [found] = (await listMyEnrolments(ctx, mainCourse)).filter(
        (candidate) => candidate.clusterId === cluster.id,
      )
      if (!found) throw new Error(`${learner.email} was not enrolled by the cluster`)
      return found
    }
    const { id, language } = await enrolment()
    const read = async (step: string) =>
      sendEvent(
        ctx,
        bus,
        id,
        // The schema's union of literals is built from a list, which its static type reads as never.
        {
          type: 'module.read',
          step,
          expectedVersion: (await enrolment()).version,
        } as unknown as EventBody,
        undefined,
      )
    if (plan.read) await read(firstModule)
    // An attempt submitted without answers scores 0: a failed attempt, as a hurried learner makes.
    for (let i = 0; i < (plan.failedAttempts ?? 0); i++) {
      const { attempt } = await startAttempt(ctx, bus, id, firstModule)
      await submitAttempt(ctx, bus, attempt.id, undefined, undefined)
    }
    if (plan.passed) {
      const document = await loadStepDocument(db, version.id, language, firstModule)
      const { attempt } = await startAttempt(ctx, bus, id, firstModule)
      await submitAttempt(ctx, bus, attempt.id, rightAnswers(document!.questions), undefined)
    }
    if (plan.readNext) await read(secondModule)
  }
  const withProgress = people.learners.filter((learner) => demoProgress[learner.email]).length
  return `Created the running learning cluster "${demoClusterName}" (${cluster.courses.map((c) => c.slug).join(', ')}; trainer ${people.trainer.email}) with ${people.learners.length} members, ${withProgress} of them with progress.`
}
