import { error, type RequestEvent } from '@sveltejs/kit'
import {
  supportedLanguages,
  type Country,
  type Enrolment,
  type GoodPractice,
  type GoodPracticePage,
  type Municipality,
  type Page,
  type User,
} from '@agora/server/contract'
import { countryName } from '$lib/components/staff/format'
import { isArea } from '$lib/practices/labels'
import { m } from '$lib/paraglide/messages'
import { getLocale } from '$lib/paraglide/runtime'
import { apiCall, loadJson } from './api'
import { stepPattern, textField } from './forms'
import { explainFailure, type FormField } from './problems'
import type { Failed } from './api'

type Event = Pick<RequestEvent, 'fetch' | 'url'>

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export const isUuid = (value: string) => uuid.test(value)

/** The API path of a practice; an address that cannot name one is not found. */
export function practicePath(id: string): string {
  if (!uuid.test(id)) error(404, { message: m.problem_not_found() })
  return `/good-practices/${id}`
}

/** What POST and PUT /good-practices take (PUT adds the revision it changes). */
export interface PracticeBody {
  title: string
  countryCode: string
  /** null: a place typed by name, not one of the list. */
  municipalityId: string | null
  municipalityName: string
  area: string
  problem: string
  actions: string
  results: string
  contactRole: string
  body: string
  language: string
  public: boolean
  enrolmentId?: string
  step?: string
}

/** The form's values as typed, by field name. */
export type PracticeValues = Record<string, string> & { countryCode: string }

/** The form's fields by the API's field names (an error's pointer names the API's field). */
export const practiceFields: Record<string, FormField> = {
  title: 'title',
  countryCode: 'countryCode',
  municipalityId: 'municipalityId',
  municipalityName: 'municipalityName',
  area: 'area',
  problem: 'problem',
  actions: 'actions',
  results: 'results',
  contactRole: 'contactRole',
  body: 'body',
  language: 'language',
  public: 'public',
}

const isLanguage = (value: string) => (supportedLanguages as readonly string[]).includes(value)

/** What a place looks like in the form: a country and the municipalities to choose from. */
export interface Choice {
  value: string
  label: string
}

/**
 * The practice form read and checked. A municipality is chosen from the country's list or, when
 * it is not there, typed; a chosen one is sent with its name as the list gives it.
 */
export function readPracticeForm(
  form: FormData,
  municipalities: Choice[],
): {
  body: PracticeBody
  values: PracticeValues
  errors: Record<string, string>
} {
  const text = (name: string) => textField(form, name)
  // Markdown keeps its leading spaces (an indented code block, a nested list).
  const markdown = form.get('body')
  const values = {
    title: text('title'),
    countryCode: text('countryCode'),
    municipalityId: text('municipalityId'),
    municipalityName: text('municipalityName'),
    area: text('area'),
    problem: text('problem'),
    actions: text('actions'),
    results: text('results'),
    contactRole: text('contactRole'),
    body: typeof markdown === 'string' ? markdown.replace(/\r\n?/g, '\n').trimEnd() : '',
    language: text('language'),
    public: form.get('public') === 'on' ? 'on' : '',
  }

  const errors: Record<string, string> = {}
  if (!values.title) errors.title = m.practice_title_required()
  if (!/^[A-Z]{2}$/.test(values.countryCode)) errors.countryCode = m.practice_country_required()
  const chosen = municipalities.find((choice) => choice.value === values.municipalityId)
  if (values.municipalityId && !chosen) errors.municipalityId = m.practice_municipality_unknown()
  else if (!values.municipalityId && !values.municipalityName)
    errors.municipalityId = m.practice_municipality_required()
  if (!isArea(values.area)) errors.area = m.practice_area_required()
  if (!values.problem) errors.problem = m.practice_problem_required()
  if (!values.actions) errors.actions = m.practice_actions_required()
  if (!values.results) errors.results = m.practice_results_required()
  if (!values.contactRole) errors.contactRole = m.practice_contact_required()
  if (!isLanguage(values.language)) errors.language = m.practice_language_required()

  return {
    body: {
      title: values.title,
      countryCode: values.countryCode,
      municipalityId: chosen ? chosen.value : null,
      municipalityName: chosen ? chosen.label : values.municipalityName,
      area: values.area,
      problem: values.problem,
      actions: values.actions,
      results: values.results,
      contactRole: values.contactRole,
      body: values.body,
      language: values.language,
      public: values.public === 'on',
    },
    values,
    errors,
  }
}

/** A new practice's form, filled with the author's place and the reader's language. */
export function newPracticeValues(user: User, language: string = getLocale()): PracticeValues {
  return {
    title: '',
    countryCode: user.municipality?.countryCode ?? '',
    municipalityId: user.municipality?.id ?? '',
    municipalityName: '',
    area: '',
    problem: '',
    actions: '',
    results: '',
    contactRole: '',
    body: '',
    language: isLanguage(language) ? language : '',
    public: '',
  }
}

/** A stored practice as the edit form's values. */
export function practiceValues(practice: GoodPractice): PracticeValues {
  return {
    title: practice.title,
    countryCode: practice.countryCode,
    municipalityId: practice.municipalityId ?? '',
    municipalityName: practice.municipalityId ? '' : practice.municipalityName,
    area: practice.area,
    problem: practice.problem,
    actions: practice.actions,
    results: practice.results,
    contactRole: practice.contactRole,
    body: practice.body,
    language: practice.language,
    public: practice.public ? 'on' : '',
  }
}

const municipalityPages = 20

/** The countries, named by the API, and the municipalities of `countryCode` (none without one). */
export async function placeChoices(
  event: Event,
  countryCode: string,
): Promise<{ countries: Choice[]; municipalities: Choice[] }> {
  const countries = await loadJson<Country[]>(event, '/countries')
  const municipalities: Choice[] = []
  if (countries.some((country) => country.code === countryCode)) {
    for (let page = 0; page < municipalityPages; page++) {
      const query = new URLSearchParams({
        country: countryCode,
        limit: '100',
        offset: String(page * 100),
      })
      const result = await apiCall<Page<Municipality>>(
        event.fetch,
        'GET',
        `/municipalities?${query}`,
      )
      if (!result.ok) break
      municipalities.push(
        ...result.data.items.map((item) => ({ value: item.id, label: item.name })),
      )
      if ((page + 1) * 100 >= result.data.total) break
    }
  }
  const collator = new Intl.Collator(getLocale())
  return {
    countries: countries
      .map((country) => ({ value: country.code, label: countryName(country.code) }))
      .toSorted((a, b) => collator.compare(a.label, b.label)),
    municipalities: municipalities.toSorted((a, b) => collator.compare(a.label, b.label)),
  }
}

/** The course step a practice replaces: the learner's own enrolment at a webinar with the alternative. */
export interface PracticeFor {
  enrolmentId: string
  step: string
  courseTitle: string
  courseSlug: string
  language: string
}

/**
 * The webinar a new practice is the alternative of, from the address (?enrolment=&step=); null
 * for a practice outside a course. An enrolment or step that is not the learner's, or not a
 * webinar with the written alternative, is not found.
 */
export async function practiceFor(event: Event): Promise<PracticeFor | null> {
  const enrolmentId = event.url.searchParams.get('enrolment') ?? ''
  const step = event.url.searchParams.get('step') ?? ''
  if (!enrolmentId && !step) return null
  if (!uuid.test(enrolmentId) || !stepPattern.test(step))
    error(404, { message: m.problem_not_found() })
  const enrolment = await loadJson<Enrolment>(event, `/enrolments/${enrolmentId}`)
  const found = enrolment.progress.steps.find((candidate) => candidate.slug === step)
  if (!found || found.kind !== 'webinar' || found.alternative !== 'good-practice')
    error(404, { message: m.problem_not_found() })
  return {
    enrolmentId,
    step,
    courseTitle: enrolment.course.title,
    courseSlug: enrolment.course.slug,
    language: enrolment.language,
  }
}

/**
 * A refused practice explained field by field. A contact given as an e-mail address or phone
 * number gets its own words (the shared ones speak of passwords).
 */
export function practiceFailure(
  failed: Failed,
  messages: Parameters<typeof explainFailure>[2] = {},
) {
  const explained = explainFailure(failed, practiceFields, messages)
  const personal = (failed.problem.errors ?? []).some(
    (item) => item.pointer === '/body/contactRole' && item.reason === 'personal-information',
  )
  if (personal) explained.errors.contactRole = m.practice_contact_personal()
  return explained
}

/**
 * The learner's practice that already stands for a webinar step (one per step), so the page
 * offers to change it rather than a form the API would refuse.
 */
export async function practiceOfStep(
  event: Event,
  step: Pick<PracticeFor, 'enrolmentId' | 'step'>,
): Promise<GoodPractice | null> {
  for (let offset = 0; offset < 1000; offset += 100) {
    const page = await loadJson<GoodPracticePage>(
      event,
      `/me/good-practices?limit=100&offset=${offset}`,
    )
    const found = page.items.find(
      (item) => item.enrolmentId === step.enrolmentId && item.step === step.step,
    )
    if (found) return found
    if (offset + 100 >= page.total) break
  }
  return null
}
