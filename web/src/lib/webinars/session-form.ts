import { m } from '$lib/paraglide/messages'

// The session form (schedule and edit): every control's value is a string, so the page shows
// exactly what was typed after a refusal, with or without JavaScript. The start is a local date
// and time in the chosen zone; the API turns it into the instant.

export interface SessionValues {
  course: string
  step: string
  clusterId: string
  title: string
  agenda: string
  date: string
  time: string
  timeZone: string
  durationMinutes: string
  joinUrl: string
  capacity: string
  language: string
}

interface Choice {
  value: string
  label: string
  lang?: string
}

/** What the session form chooses from. */
export interface SessionChoices {
  courses: Choice[]
  /** Each course's webinar steps as "course/step" pairs, when the API names them. */
  steps: Choice[] | null
  /** Webinar steps the courses' sessions already use, suggested where the step is typed. */
  knownSteps?: string[]
  /** The clusters a session may be for; the empty choice is "every learner of the course". */
  clusters: Choice[]
  timeZones: string[]
  languages: Choice[]
}

export interface SessionBody {
  step?: string
  clusterId?: string | null
  title: string
  agenda: string
  start: string
  timeZone: string
  durationMinutes: number
  joinUrl: string
  capacity: number | null
  language: string
}

const whole = /^\d+$/
const date = /^\d{4}-\d{2}-\d{2}$/
const time = /^\d{2}:\d{2}$/
const slug = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Empty values for a new session: an hour and a half, in the given zone and language. */
export function emptySession(defaults: Partial<SessionValues> = {}): SessionValues {
  return {
    course: '',
    step: '',
    clusterId: '',
    title: '',
    agenda: '',
    date: '',
    time: '',
    timeZone: 'Europe/Belgrade',
    durationMinutes: '90',
    joinUrl: '',
    capacity: '',
    language: 'en',
    ...defaults,
  }
}

/** A stored session as the form's values, its start on the wall clock of its own zone. */
export function sessionValues(session: {
  courseSlug: string
  step: string
  clusterId: string | null
  title: string
  agenda: string
  startsAt: string
  timeZone: string
  durationMinutes: number
  joinUrl: string
  capacity: number | null
  language: string
}): SessionValues {
  const { date, time } = wallClock(session.startsAt, session.timeZone)
  return {
    course: session.courseSlug,
    step: session.step,
    clusterId: session.clusterId ?? '',
    title: session.title,
    agenda: session.agenda,
    date,
    time,
    timeZone: session.timeZone,
    durationMinutes: String(session.durationMinutes),
    joinUrl: session.joinUrl,
    capacity: session.capacity === null ? '' : String(session.capacity),
    language: session.language,
  }
}

/** The date ("2026-03-12") and time ("14:00") an instant shows in a zone. */
export function wallClock(iso: string, timeZone: string): { date: string; time: string } {
  const instant = new Date(iso)
  if (Number.isNaN(instant.getTime())) return { date: '', time: '' }
  let parts: Intl.DateTimeFormatPart[]
  try {
    parts = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(instant)
  } catch {
    return wallClock(iso, 'UTC')
  }
  const part = (type: string) => parts.find((candidate) => candidate.type === type)?.value ?? ''
  return {
    date: `${part('year')}-${part('month')}-${part('day')}`,
    time: `${part('hour')}:${part('minute')}`,
  }
}

/**
 * The form read and checked. `fixed`: the session exists, so its course, step and cluster stay
 * (the API takes neither on a change) and are left out of the body.
 */
export function readSessionForm(
  form: FormData,
  options: { fixed?: boolean } = {},
): { body: SessionBody; values: SessionValues; errors: Record<string, string> } {
  const text = (name: string) => {
    const value = form.get(name)
    return typeof value === 'string' ? value.trim() : ''
  }
  // One select may name the course and its webinar step together ("course/step").
  const [pairCourse, pairStep] = text('courseStep').split('/')
  const values: SessionValues = {
    course: pairCourse || text('course'),
    step: pairStep || text('step'),
    clusterId: text('clusterId'),
    title: text('title'),
    agenda: text('agenda'),
    date: text('date'),
    // A browser's time input may carry seconds; the API takes minutes.
    time: text('time').slice(0, 5),
    timeZone: text('timeZone'),
    durationMinutes: text('durationMinutes'),
    joinUrl: text('joinUrl'),
    capacity: text('capacity'),
    language: text('language'),
  }
  const errors: Record<string, string> = {}
  if (!options.fixed) {
    if (!slug.test(values.course)) errors.course = m.webinar_form_course_required()
    if (!values.step) errors.step = m.webinar_form_step_required()
    else if (!slug.test(values.step)) errors.step = m.webinar_form_step_invalid()
    if (values.clusterId && !uuid.test(values.clusterId))
      errors.clusterId = m.webinar_form_cluster_invalid()
  }
  if (!values.title) errors.title = m.webinar_form_title_required()
  if (!values.date) errors.date = m.webinar_form_date_required()
  else if (!date.test(values.date)) errors.date = m.webinar_form_date_invalid()
  if (!values.time) errors.time = m.webinar_form_time_required()
  else if (!time.test(values.time)) errors.time = m.webinar_form_time_invalid()
  if (!values.timeZone) errors.timeZone = m.webinar_form_time_zone_required()
  const duration = Number(values.durationMinutes)
  if (!whole.test(values.durationMinutes) || duration < 15 || duration > 480)
    errors.durationMinutes = m.webinar_form_duration_invalid()
  if (!values.joinUrl) errors.joinUrl = m.webinar_form_join_required()
  else if (!/^https:\/\/\S+$/i.test(values.joinUrl)) errors.joinUrl = m.webinar_form_join_https()
  const capacity = Number(values.capacity)
  if (values.capacity && (!whole.test(values.capacity) || capacity < 1 || capacity > 100_000))
    errors.capacity = m.webinar_form_capacity_invalid()
  if (!values.language) errors.language = m.webinar_form_language_required()
  const body: SessionBody = {
    ...(options.fixed ? {} : { step: values.step, clusterId: values.clusterId || null }),
    title: values.title,
    agenda: values.agenda,
    start: `${values.date}T${values.time}`,
    timeZone: values.timeZone,
    durationMinutes: duration,
    joinUrl: values.joinUrl,
    capacity: values.capacity ? capacity : null,
    language: values.language,
  }
  return { body, values, errors }
}

/** The form's fields by the API's field names (the start is the date and time together). */
export const sessionFields = {
  step: 'step',
  clusterId: 'clusterId',
  title: 'title',
  agenda: 'agenda',
  start: 'date',
  timeZone: 'timeZone',
  durationMinutes: 'durationMinutes',
  joinUrl: 'joinUrl',
  capacity: 'capacity',
  language: 'language',
} as const
