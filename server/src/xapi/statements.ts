// xAPI 1.0.3 statements of progression events: pure, no database, no clock.
import type { ProgressionEvent } from '../progression/index.ts'

export const xapiVersion = '1.0.3'

type LanguageMap = Record<string, string>

export interface XapiAgent {
  objectType: 'Agent'
  account: { homePage: string; name: string }
}

export interface XapiActivity {
  objectType: 'Activity'
  id: string
  definition: { type: string; name?: LanguageMap }
}

export interface XapiStatement {
  id: string
  actor: XapiAgent
  verb: { id: string; display: LanguageMap }
  object: XapiActivity
  result?: {
    score?: { scaled: number }
    success?: boolean
    completion?: boolean
    extensions?: Record<string, unknown>
  }
  context: {
    registration: string
    instructor?: XapiAgent
    contextActivities: { parent: XapiActivity[]; grouping?: XapiActivity[] }
    language: string
    platform: string
    extensions: Record<string, unknown>
  }
  timestamp: string
  version: string
}

/** What a statement is made of: the event and what the engine already holds about it. */
export interface StatementInput {
  /** The statement's id: a random (v4) UUID. */
  id: string
  /** Agora's public origin: the home page of accounts and the base of activity IRIs. */
  origin: string
  /** The learner: the statement's actor. */
  userId: string
  /** Who sent the event, when not the learner (a trainer granting an attempt, marking attendance). */
  actorId: string | null
  enrolmentId: string
  /** The enrolment's language (RFC 5646). */
  language: string
  course: { slug: string; version: number; titles: LanguageMap }
  /** The event's step, with its title in `language` when it has a document. */
  step?: { kind: 'module' | 'webinar' | 'survey'; title?: string }
  event: ProgressionEvent
  /** quiz.submitted: whether the machine counted the score as a pass. */
  passed?: boolean
  sequence: number
  at: Date
}

const adl = (verb: string, display: string) => ({
  id: `http://adlnet.gov/expapi/verbs/${verb}`,
  display: { 'en-US': display },
})

/** ADL's verbs (https://adlnet.gov/expapi/verbs/), and Agora's one of its own. */
export const verbs = {
  registered: adl('registered', 'registered'),
  experienced: adl('experienced', 'experienced'),
  attempted: adl('attempted', 'attempted'),
  passed: adl('passed', 'passed'),
  failed: adl('failed', 'failed'),
  attended: adl('attended', 'attended'),
  completed: adl('completed', 'completed'),
}

export const activityTypes = {
  course: 'http://adlnet.gov/expapi/activities/course',
  module: 'http://adlnet.gov/expapi/activities/module',
  assessment: 'http://adlnet.gov/expapi/activities/assessment',
  meeting: 'http://adlnet.gov/expapi/activities/meeting',
  survey: 'http://id.tincanapi.com/activitytype/survey',
}

/** Agora's IRIs under its origin: a verb and extensions no registry has a word for. */
export function agoraIris(origin: string) {
  return {
    grantedAttempt: {
      id: `${origin}/xapi/verbs/granted-attempt`,
      display: { 'en-US': 'was granted another attempt' },
    },
    /** result extension of webinar.excused: what replaced the webinar (`good-practice`). */
    alternative: `${origin}/xapi/extensions/alternative`,
    /** context extension: the event's place in the enrolment's log (1, 2, …). */
    sequence: `${origin}/xapi/extensions/sequence`,
  }
}

const agent = (origin: string, userId: string): XapiAgent => ({
  objectType: 'Agent',
  account: { homePage: origin, name: userId },
})

const activity = (id: string, type: string, name?: LanguageMap): XapiActivity => ({
  objectType: 'Activity',
  id,
  definition: name && Object.keys(name).length > 0 ? { type, name } : { type },
})

/**
 * The statement of one progression event (xAPI 1.0.3). The actor is the learner as an account on
 * Agora's origin with their user id, never an e-mail address; a trainer who sent the event is the
 * context's instructor, named the same way. Steps are activities under the course
 * (`<origin>/courses/<slug>/steps/<step>`, a module's quiz `…/quiz`), the course version is the
 * parent and the course the grouping, and the registration is the enrolment.
 */
export function statementFor(input: StatementInput): XapiStatement {
  const { origin, course, event, language } = input
  const iris = agoraIris(origin)
  const courseIri = `${origin}/courses/${encodeURIComponent(course.slug)}`
  const courseActivity = activity(courseIri, activityTypes.course, course.titles)
  const versionActivity = activity(
    `${courseIri}/versions/${course.version}`,
    activityTypes.course,
    Object.fromEntries(
      Object.entries(course.titles).map(([tag, title]) => [tag, `${title} (${course.version})`]),
    ),
  )
  const stepSlug = 'step' in event ? event.step : undefined
  const stepIri = stepSlug ? `${courseIri}/steps/${encodeURIComponent(stepSlug)}` : courseIri
  const stepName = input.step?.title ? { [language]: input.step.title } : undefined
  const stepType =
    input.step?.kind === 'webinar'
      ? activityTypes.meeting
      : input.step?.kind === 'survey'
        ? activityTypes.survey
        : activityTypes.module
  const step = activity(stepIri, stepType, stepName)
  const quiz = activity(`${stepIri}/quiz`, activityTypes.assessment, stepName)

  let verb: XapiStatement['verb']
  let object: XapiActivity
  let result: XapiStatement['result']
  switch (event.type) {
    case 'module.read':
      ;[verb, object, result] = [verbs.experienced, step, { completion: true }]
      break
    case 'quiz.submitted': {
      const success = input.passed === true
      verb = success ? verbs.passed : verbs.failed
      object = quiz
      const scaled = Math.min(1, Math.max(0, event.score))
      result = { score: { scaled }, success, completion: true }
      break
    }
    case 'quiz.retried':
      ;[verb, object] = [verbs.attempted, quiz]
      break
    case 'attempt.granted':
      ;[verb, object] = [iris.grantedAttempt, quiz]
      break
    case 'webinar.registered':
      ;[verb, object] = [verbs.registered, step]
      break
    case 'webinar.attended':
      ;[verb, object, result] = [verbs.attended, step, { completion: true }]
      break
    case 'webinar.excused':
      // Excused by an approved good practice: the webinar step is completed by its alternative.
      verb = verbs.completed
      object = step
      result = { completion: true, extensions: { [iris.alternative]: 'good-practice' } }
      break
    case 'survey.submitted':
      ;[verb, object, result] = [verbs.completed, step, { completion: true }]
      break
    case 'certificate.issued':
      // The course is completed and certified: its completion, with success.
      ;[verb, object, result] = [
        verbs.completed,
        courseActivity,
        { completion: true, success: true },
      ]
      break
  }

  const instructor =
    input.actorId && input.actorId !== input.userId ? agent(origin, input.actorId) : undefined
  return {
    id: input.id,
    actor: agent(origin, input.userId),
    verb,
    object,
    ...(result ? { result } : {}),
    context: {
      registration: input.enrolmentId,
      ...(instructor ? { instructor } : {}),
      contextActivities:
        object.id === courseIri
          ? { parent: [versionActivity] }
          : { parent: [versionActivity], grouping: [courseActivity] },
      language,
      platform: 'Agora',
      extensions: { [iris.sequence]: input.sequence },
    },
    timestamp: input.at.toISOString(),
    version: xapiVersion,
  }
}
