import type { ApplicantKind, CallView, CreateCallBody } from '@agora/server/contract'
import { m } from '$lib/paraglide/messages'

// A call's settings form: title, text, who may apply, person or municipality, places and the
// deadline with its time zone. Every control's value is a string (or several, for ticked boxes),
// so the page shows exactly what was typed after a refusal, with or without JavaScript.

/** The zone a call's deadline is set in by default: the association's country's. */
const zoneByCountry: Record<string, string> = {
  AL: 'Europe/Tirane',
  AT: 'Europe/Vienna',
  BA: 'Europe/Sarajevo',
  BG: 'Europe/Sofia',
  DE: 'Europe/Berlin',
  GR: 'Europe/Athens',
  HR: 'Europe/Zagreb',
  HU: 'Europe/Budapest',
  MD: 'Europe/Chisinau',
  ME: 'Europe/Podgorica',
  MK: 'Europe/Skopje',
  RO: 'Europe/Bucharest',
  RS: 'Europe/Belgrade',
  SE: 'Europe/Stockholm',
  SI: 'Europe/Ljubljana',
  TR: 'Europe/Istanbul',
  XK: 'Europe/Belgrade',
}

export function defaultTimeZone(countryCode: string | null | undefined): string {
  return (countryCode && zoneByCountry[countryCode]) || 'Europe/Belgrade'
}

/** Every IANA zone this runtime knows, for the zone select. */
export function timeZones(): string[] {
  return Intl.supportedValuesOf('timeZone')
}

export interface CallSettingsValues {
  title: string
  body: string
  applicantKind: string
  maxNominees: string
  places: string
  deadline: string
  timeZone: string
  countries: string[]
  associationIds: string[]
  municipalityIds: string[]
  positions: string
}

/** A call's settings as the form's values. */
export function callSettingsValues(call: CallView): CallSettingsValues {
  return {
    title: call.title,
    body: call.body,
    applicantKind: call.applicantKind,
    maxNominees: call.maxNominees === null ? '' : String(call.maxNominees),
    places: call.places === null ? '' : String(call.places),
    deadline: call.deadline?.local ?? '',
    timeZone: call.deadline?.timeZone ?? '',
    countries: call.whoMayApply.countries,
    associationIds: call.whoMayApply.associationIds,
    municipalityIds: call.whoMayApply.municipalityIds,
    positions: call.whoMayApply.positions.join('\n'),
  }
}

export type CallSettingsBody = Omit<CreateCallBody, 'form' | 'criteria'>

const whole = /^\d+$/
const localDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/

/**
 * The settings form read and checked. `fixed` names what the call's state no longer lets change
 * (once open: who may apply and the kind of applicant), left out of the body.
 */
export function readCallSettings(
  form: FormData,
  options: { whoMayApplyFixed?: boolean } = {},
): { body: CallSettingsBody; values: CallSettingsValues; errors: Record<string, string> } {
  const text = (name: string) => {
    const value = form.get(name)
    return typeof value === 'string' ? value.trim() : ''
  }
  const all = (name: string) =>
    form.getAll(name).filter((value): value is string => typeof value === 'string' && value !== '')
  const values: CallSettingsValues = {
    title: text('title'),
    body: text('body'),
    applicantKind: text('applicantKind') === 'municipality' ? 'municipality' : 'person',
    maxNominees: text('maxNominees'),
    places: text('places'),
    // A browser's datetime-local may carry seconds; the API takes minutes.
    deadline: text('deadline').slice(0, 16),
    timeZone: text('timeZone'),
    countries: all('countries'),
    associationIds: all('associationIds'),
    municipalityIds: all('municipalityIds'),
    positions: text('positions'),
  }
  const errors: Record<string, string> = {}
  if (!values.title) errors.title = m.coordinate_call_title_required()
  const applicantKind = values.applicantKind as ApplicantKind
  let maxNominees: number | null = null
  if (applicantKind === 'municipality') {
    maxNominees = Number(values.maxNominees)
    if (!whole.test(values.maxNominees) || maxNominees < 1 || maxNominees > 50)
      errors.maxNominees = m.coordinate_call_nominees_invalid()
  }
  const places = Number(values.places)
  if (values.places && (!whole.test(values.places) || places < 1 || places > 10_000))
    errors.places = m.coordinate_call_places_invalid()
  if (values.deadline && !localDateTime.test(values.deadline))
    errors.deadline = m.coordinate_call_deadline_invalid()
  if (values.deadline && !values.timeZone) errors.timeZone = m.coordinate_call_time_zone_required()
  const positions = [
    ...new Set(
      values.positions
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean),
    ),
  ]
  const body: CallSettingsBody = {
    title: values.title,
    body: values.body,
    ...(values.places ? { places } : {}),
    ...(values.deadline ? { deadline: values.deadline, timeZone: values.timeZone } : {}),
    ...(options.whoMayApplyFixed
      ? {}
      : {
          applicantKind,
          maxNominees,
          whoMayApply: {
            countries: values.countries,
            associationIds: values.associationIds,
            municipalityIds: values.municipalityIds,
            positions,
          },
        }),
  }
  return { body, values, errors }
}

/** The settings form's fields by the API's field names. */
export const callSettingsFields = {
  title: 'title',
  body: 'body',
  applicantKind: 'applicantKind',
  maxNominees: 'maxNominees',
  places: 'places',
  deadline: 'deadline',
  timeZone: 'timeZone',
  whoMayApply: 'whoMayApply',
} as const
