import type { RequestEvent } from '@sveltejs/kit'
import { error } from '@sveltejs/kit'
import type {
  CoursePage,
  CourseSummary,
  User,
  WebinarSession,
  WebinarSessionList,
} from '@agora/server/contract'
import { languageName } from '$lib/i18n'
import { m } from '$lib/paraglide/messages'
import { getLocale } from '$lib/paraglide/runtime'
import { sessionFields, type SessionChoices } from '$lib/webinars/session-form'
import { apiCall, failLoad, loadJson, problemOf, problemType, type Failed } from './api'
import { requireRole } from './guards'
import {
  explainFailure,
  fieldMessage,
  pointerField,
  problemMessage,
  serviceProblem,
  waitFor,
} from './problems'

// What the webinar pages share on the server: ids checked before they reach the API, the
// calendar file passed on with the session, and refusals of registrations and check-ins in words.

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export const isUuid = (value: string): boolean => uuid.test(value)

/** The API path of a session; an address that cannot name one is not found. */
export function webinarPath(id: string): string {
  if (!uuid.test(id)) error(404, { message: m.problem_not_found() })
  return `/webinars/${id}`
}

/**
 * A session's .ics from the API, fetched with the reader's session (the browser has no bearer
 * token) and handed on as a download that no cache keeps.
 */
export async function passOnCalendar(
  event: Pick<RequestEvent, 'fetch' | 'url'>,
  id: string,
): Promise<Response> {
  const response = await event.fetch(`/api/v1${webinarPath(id)}/calendar.ics`, {
    headers: { accept: 'text/calendar' },
  })
  if (!response.ok) {
    const problem = await problemOf(response)
    failLoad(event, { ok: false, status: response.status, problem, retryAfter: null })
  }
  return new Response(response.body, {
    headers: {
      'content-type': response.headers.get('content-type') ?? 'text/calendar; charset=utf-8',
      'content-disposition':
        response.headers.get('content-disposition') ?? `attachment; filename="webinar-${id}.ics"`,
      'cache-control': 'private, no-store',
    },
  })
}

/** Why a registration, move or cancellation was refused, in the learner's words. */
export function registrationProblem(failed: Failed): string {
  const service = serviceProblem(failed)
  if (service) return service
  const type = problemType(failed.problem)
  if (failed.status === 404) return m.webinar_register_gone()
  if (type === 'conflict' || type === 'event-refused' || failed.status === 409)
    return m.webinar_register_conflict()
  if (type === 'step-locked') return m.problem_step_locked()
  return problemMessage(failed)
}

/** The reason of a refused check-in: its field's and window's own words, else by type. */
export function checkInProblem(failed: Failed): { message: string | null; code?: string } {
  const reasons = (failed.problem.errors ?? []).map((fieldError) => fieldError.reason as string)
  const problemReason = typeof failed.problem.reason === 'string' ? failed.problem.reason : null
  if (failed.status === 429)
    return { message: m.webinar_checkin_too_many({ when: waitFor(failed.retryAfter) }) }
  if (reasons.includes('wrong-code') || problemReason === 'wrong-code')
    return { message: null, code: m.webinar_checkin_wrong_code() }
  if (problemReason === 'closed' || reasons.includes('closed'))
    return { message: m.webinar_checkin_closed() }
  const service = serviceProblem(failed)
  if (service) return { message: service }
  if ((failed.problem.errors ?? []).some((fieldError) => fieldError.pointer === '/body/code'))
    return { message: null, code: m.webinar_checkin_code_format() }
  return { message: problemMessage(failed) }
}

type LoadEvent = Pick<RequestEvent, 'fetch' | 'url'>

/**
 * Trainers, admins and coordinators: who may open a session's page and its attendance list (the
 * API then checks the session's scope: its course's or cluster's trainers, the coordinators of
 * the cluster's association). These pages reset the studio's layout, whose guard is trainers only.
 */
export const requireSessionStaff = (event: Pick<RequestEvent, 'locals' | 'url'>) =>
  requireRole(event, ['trainer', 'admin', 'coordinator'])

/** Where a session's staff go back to: the trainer's sessions, or the cluster's for coordinators. */
export function sessionsHome(user: User, clusterId: string | null): string {
  if (user.roles.some((role) => role === 'trainer' || role === 'admin')) return '/teach/webinars'
  return clusterId ? `/coordinate/clusters/${clusterId}/webinars` : '/coordinate/clusters'
}

/** The courses the reader may schedule for: those whose versions answer them (trainers, admins). */
export async function taughtCourses(event: LoadEvent): Promise<CourseSummary[]> {
  const catalogue = await loadJson<CoursePage>(
    event,
    `/courses?limit=100&lang=${encodeURIComponent(getLocale())}`,
  )
  const answers = await Promise.all(
    catalogue.items.map((course) =>
      apiCall<unknown>(event.fetch, 'GET', `/courses/${encodeURIComponent(course.slug)}/versions`),
    ),
  )
  return catalogue.items.filter((_, index) => answers[index]!.ok)
}

/** A webinar step of a course the API names, with its title when the course has one. */
interface CourseWebinarStep {
  course: string
  slug: string
  title: string | null
}

/** Sessions of courses, upcoming first (soonest first), then past ones (latest first). */
export async function sessionsOf(
  event: LoadEvent,
  courses: { slug: string }[],
  query = '',
): Promise<{ sessions: WebinarSession[]; steps: CourseWebinarStep[] | null }> {
  const lang = encodeURIComponent(getLocale())
  const lists = await Promise.all(
    courses.map((course) =>
      apiCall<Partial<WebinarSessionList> & Pick<WebinarSessionList, 'items'>>(
        event.fetch,
        'GET',
        `/courses/${encodeURIComponent(course.slug)}/webinars?include=past&lang=${lang}${query}`,
      ),
    ),
  )
  const sessions: WebinarSession[] = []
  let steps: CourseWebinarStep[] | null = null
  lists.forEach((list, index) => {
    if (!list.ok) {
      // A course the reader may not schedule for is left out; an outage is the page's error.
      if (list.status >= 500 || list.status === 401) failLoad(event, list)
      return
    }
    sessions.push(...list.data.items)
    if (list.data.steps) {
      steps ??= []
      for (const step of list.data.steps)
        steps.push({ course: courses[index]!.slug, slug: step.slug, title: step.title })
    }
  })
  const now = Date.now()
  const upcoming = sessions
    .filter((session) => new Date(session.endsAt).getTime() > now)
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
  const past = sessions
    .filter((session) => new Date(session.endsAt).getTime() <= now)
    .sort((a, b) => b.startsAt.localeCompare(a.startsAt))
  return { sessions: [...upcoming, ...past], steps }
}

/** What the session form offers: courses, their webinar steps when known, clusters, zones, languages. */
export async function sessionChoices(
  event: LoadEvent,
  courses: Pick<CourseSummary, 'slug' | 'title' | 'language' | 'languages'>[],
  clusters: { id: string; name: string }[],
): Promise<SessionChoices> {
  const { sessions, steps } = await sessionsOf(event, courses)
  const titleOf = (slug: string) => courses.find((course) => course.slug === slug)?.title ?? slug
  const languages = [...new Set(courses.flatMap((course) => course.languages))]
  return {
    courses: courses.map((course) => ({
      value: course.slug,
      label: course.title,
      lang: course.language,
    })),
    steps: steps
      ? steps.map((step) => ({
          value: `${step.course}/${step.slug}`,
          label: `${titleOf(step.course)} — ${step.title ?? step.slug}`,
        }))
      : null,
    knownSteps: [...new Set(sessions.map((session) => session.step))].sort(),
    clusters: clusters.map((cluster) => ({ value: cluster.id, label: cluster.name })),
    timeZones: ['UTC', ...Intl.supportedValuesOf('timeZone')],
    languages: languages.map((tag) => ({ value: tag, label: languageName(tag), lang: tag })),
  }
}

/** The course's webinar step when it has exactly one: the form starts with it chosen. */
export function onlyStepOf(choices: SessionChoices, course: string | undefined): string {
  const own = (choices.steps ?? []).filter((step) => step.value.startsWith(`${course}/`))
  return own.length === 1 ? (own[0]!.value.split('/')[1] ?? '') : ''
}

/** A refused session form explained: the start's and zone's own words, else by field. */
export function sessionFailure(failed: Failed) {
  const { message, errors } = explainFailure(failed, sessionFields)
  for (const fieldError of failed.problem.errors ?? []) {
    const field = pointerField(fieldError.pointer)
    if (field === 'start')
      errors.date =
        fieldError.reason === 'invalid'
          ? m.webinar_form_start_skipped()
          : fieldError.reason === 'too-small'
            ? m.webinar_form_start_past()
            : fieldMessage(fieldError)
    if (field === 'timeZone') errors.timeZone = m.webinar_form_time_zone_unknown()
    if (field === 'joinUrl') errors.joinUrl = m.webinar_form_join_https()
    if (field === 'step') errors.step = m.webinar_form_step_unknown()
  }
  return { message, errors }
}
