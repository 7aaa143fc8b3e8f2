// The demo's learning cluster, made the way a coordinator would make it: through the services of
// clusters, calls, applications, courses, enrolments and quizzes (never rows written around their
// rules). Its call for participants ran in the weeks before: the services are given those days.
import type { FastifyBaseLogger } from 'fastify'
import { decide, rankApplications, submitApplication } from '../server/src/applications/service.ts'
import type { CallCriteria, CreateCallBody } from '../server/src/calls/schemas.ts'
import { createCall, moveCall } from '../server/src/calls/service.ts'
import {
  assignClusterTrainer,
  createCluster,
  listClusters,
  moveCluster,
} from '../server/src/clusters/service.ts'
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

export const demoCallTitle = 'Poziv za učešće: ljudska prava i povereništvo za manjine'
const timeZone = 'Europe/Belgrade'

/** What each applicant answered and declared, by e-mail; the rest answered the defaults. */
export const demoApplications: Record<
  string,
  {
    experience?: 'none' | 'some' | 'much'
    council?: boolean
    supervisor?: boolean
    languages?: string[]
    declared?: Record<string, string>
  }
> = {
  'learner@demo.local': { experience: 'some', declared: { gender: 'man' } },
  'jelena.markovic@demo.local': { experience: 'much', declared: { gender: 'woman' } },
  'milan.stojanovic@demo.local': { experience: 'much', council: true },
  'ivana.petrovic@demo.local': { experience: 'some', declared: { gender: 'woman' } },
  'nikola.jovanovic@demo.local': { experience: 'some' },
  'emir.hodzic@demo.local': {
    experience: 'much',
    council: true,
    declared: { gender: 'man', community: 'bosniak' },
  },
  'arben.ramadani@demo.local': {
    experience: 'some',
    council: true,
    languages: ['sr', 'sq'],
    declared: { community: 'albanian' },
  },
  'marija.nikolic@demo.local': { experience: 'some', declared: { gender: 'woman' } },
  'erika.toth@demo.local': {
    experience: 'much',
    languages: ['sr', 'hu'],
    declared: { gender: 'woman', community: 'hungarian' },
  },
  'stefan.djordjevic@demo.local': {
    experience: 'much',
    council: true,
    declared: { community: 'roma' },
  },
  'snezana.pavlovic@demo.local': { experience: 'some', declared: { gender: 'woman' } },
  // Ranked last of the eligible: no place left, first on the wait-list.
  'maja.kovacevic@demo.local': { experience: 'none', declared: { gender: 'woman' } },
  // Without the head of department's consent: not eligible, rejected.
  'dragan.ilic@demo.local': { experience: 'much', supervisor: false },
}
export const waitListed = 'maja.kovacevic@demo.local'
export const rejected = 'dragan.ilic@demo.local'

/** The call's form: built-in fields, the two declared ones, and two questions of the association. */
const demoForm = [
  { kind: 'position', key: 'position', label: 'Radno mesto', required: true },
  { kind: 'municipality', key: 'municipality', label: 'Opština', required: true },
  { kind: 'motivation', key: 'motivation', label: 'Motivacija', required: true },
  {
    kind: 'council-membership',
    key: 'council-membership',
    label: 'Član saveta za međunacionalne odnose ili sličnog tela',
    required: false,
  },
  {
    kind: 'languages',
    key: 'languages',
    label: 'Jezici na kojima radite',
    required: true,
    options: ['sr', 'hu', 'sq', 'ro', 'sk', 'en'],
  },
  {
    kind: 'gender',
    key: 'gender',
    label: 'Pol (po želji)',
    required: false,
    options: [
      { value: 'woman', label: 'Žena' },
      { value: 'man', label: 'Muškarac' },
    ],
  },
  {
    kind: 'community',
    key: 'community',
    label: 'Pripadnost nacionalnoj manjini (po želji)',
    required: false,
    options: [
      { value: 'hungarian', label: 'Mađarska' },
      { value: 'bosniak', label: 'Bošnjačka' },
      { value: 'roma', label: 'Romska' },
      { value: 'albanian', label: 'Albanska' },
    ],
  },
  {
    kind: 'choice',
    key: 'experience',
    label: 'Iskustvo u radu sa ranjivim grupama',
    required: true,
    options: [
      { value: 'none', label: 'Nemam' },
      { value: 'some', label: 'Do tri godine' },
      { value: 'much', label: 'Više od tri godine' },
    ],
  },
  {
    kind: 'yes-no',
    key: 'supervisor',
    label: 'Rukovodilac je saglasan sa mojim učešćem',
    required: true,
  },
] as unknown as NonNullable<CreateCallBody['form']>

const demoCriteria = {
  eligibility: [
    { kind: 'country', countryCodes: ['RS'] },
    { kind: 'yes', question: 'supervisor' },
  ],
  scores: [
    { kind: 'choice', question: 'experience', points: { none: 0, some: 2, much: 4 } },
    { kind: 'yes', question: 'council-membership', points: 2 },
    { kind: 'first-time', points: 1 },
  ],
  balance: [
    { kind: 'per-municipality', max: 1 },
    { kind: 'group-share', attribute: 'gender', value: 'woman', share: 0.4 },
  ],
} as unknown as CallCriteria

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
  /** The position an applicant writes in the call's form. */
  position?: string
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

export function contextOf(db: Db, person: Person): ServiceContext {
  const actor: Actor = { id: person.id, roles: person.roles, associationId: person.associationId }
  return { db, actor, ip: '127.0.0.1', log: silentLog }
}

const dayMs = 86_400_000

export function isoDay(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * dayMs).toISOString().slice(0, 10)
}

/** A moment `offsetDays` from now (negative: in the past). */
export const onDay = (offsetDays: number) => new Date(Date.now() + offsetDays * dayMs)

/** The deadline as the call states it: a local time in its zone, `YYYY-MM-DDTHH:mm`. */
function localDeadline(offsetDays: number): string {
  return `${isoDay(offsetDays)}T17:00`
}

/**
 * Creates the running demo cluster of the coordinator's association, unless one of that name
 * exists: three courses, the demo trainer, the learners as members (enrolled by the cluster) and
 * some progress. Returns a line to print, or undefined when nothing changed.
 */
export async function seedDemoCluster(
  db: Db,
  people: {
    admin: Person
    coordinator: Person
    trainer: Person
    /** Applicants the call accepts: the cluster's members. */
    learners: Person[]
    /** Applicants it does not: one wait-listed, one rejected. */
    others: Person[]
  },
  origin: string,
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
      '3. *Diversity Management*, with a peer-exchange webinar on good practices',
      '',
      'Every course ends with an evaluation.',
    ].join('\n'),
    startsOn: isoDay(-21),
    endsOn: isoDay(70),
    capacity: 20,
    courses: [
      { courseSlug: mainCourse, languages: ['sr-Latn', 'en'] },
      { courseSlug: 'minority-commissioner', languages: ['sr-Latn', 'en'] },
      { courseSlug: 'diversity-management', languages: ['sr-Latn', 'en'] },
    ],
  })
  const admin = contextOf(db, people.admin)
  for (const course of cluster.courses) await assignTrainer(admin, course.slug, people.trainer.id)
  await assignClusterTrainer(coordinator, cluster.id, people.trainer.id)
  // The call: drafted 40 days ago, open two days later, its deadline 25 days ago, closed the
  // next day (the cluster moves to selecting); everyone applied in between.
  const call = await createCall(
    coordinator,
    cluster.id,
    {
      title: demoCallTitle,
      body: [
        'Savez poziva službenike opština i gradova Srbije koji rade na socijalnoj zaštiti,',
        'ljudskim pravima i zaštiti nacionalnih manjina da se prijave za učešće u klasteru učenja.',
        '',
        'Prednost imaju kandidati sa iskustvom u radu sa ranjivim grupama i članovi saveta za',
        'međunacionalne odnose. Iz jedne opštine bira se najviše jedan učesnik.',
      ].join('\n'),
      applicantKind: 'person',
      places: people.learners.length,
      deadline: localDeadline(-25),
      timeZone,
      whoMayApply: { countries: ['RS'], associationIds: [], municipalityIds: [], positions: [] },
      form: demoForm,
      criteria: demoCriteria,
    },
    onDay(-40),
  )
  await moveCall(coordinator, call.id, 'open', onDay(-38))
  const applicants = [...people.learners, ...people.others]
  for (const [index, person] of applicants.entries()) {
    const plan = demoApplications[person.email] ?? {}
    await submitApplication(
      { ...contextOf(db, person), now: onDay(-37 + index / 2), origin },
      call.id,
      {
        answers: {
          motivation:
            'Želim da unapredim rad opštinske uprave sa građanima kojima je podrška najpotrebnija.',
          experience: plan.experience ?? 'some',
          supervisor: plan.supervisor ?? true,
          ...(plan.council ? { 'council-membership': true } : {}),
        },
        candidates: [
          {
            position: person.position ?? 'Službenik opštinske uprave',
            languages: plan.languages ?? ['sr'],
            ...(plan.declared ? { declared: plan.declared } : {}),
          },
        ],
      },
      undefined,
    )
  }
  await moveCall(coordinator, call.id, 'closed', onDay(-24))

  // The coordinator's decisions, a day later: the members accepted, one wait-listed, one rejected.
  const ranking = await rankApplications(coordinator, call.id, { limit: 100, offset: 0 })
  const candidateOf = (person: Person) =>
    ranking.items.find((candidate) => candidate.userId === person.id)!.candidateId
  await decide({ ...coordinator, now: onDay(-23), origin }, call.id, [
    ...people.learners.map((learner) => ({
      candidateId: candidateOf(learner),
      decision: 'accepted' as const,
    })),
    ...people.others.map((other) =>
      other.email === rejected
        ? {
            candidateId: candidateOf(other),
            decision: 'rejected' as const,
            reason: 'Prijava nije potpuna: nedostaje saglasnost rukovodioca.',
          }
        : {
            candidateId: candidateOf(other),
            decision: 'wait-listed' as const,
            reason: 'Sva mesta su popunjena; prvi ste na listi čekanja ako se neko mesto oslobodi.',
          },
    ),
  ])
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
  return `Created the running learning cluster "${demoClusterName}" (${cluster.courses.map((c) => c.slug).join(', ')}; trainer ${people.trainer.email}) with its closed call "${demoCallTitle}" (${applicants.length} applications: ${people.learners.length} accepted, 1 wait-listed, 1 rejected) and ${people.learners.length} members, ${withProgress} of them with progress.`
}
