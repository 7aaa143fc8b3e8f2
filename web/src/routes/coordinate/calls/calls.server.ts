import type { RequestEvent } from '@sveltejs/kit'
import type {
  Association,
  Cluster,
  Country,
  FieldError,
  Municipality,
  Page,
} from '@agora/server/contract'
import { loadJson, type Failed } from '$lib/server/api'
import { explainFailure, fieldMessage, pointerField } from '$lib/server/problems'
import { m } from '$lib/paraglide/messages'
import { callSettingsFields, defaultTimeZone, timeZones } from './call-settings'

type Event = Pick<RequestEvent, 'fetch' | 'url'>

const maxMunicipalities = 500

/** The municipalities of an association, page by page up to a bound. */
async function municipalitiesOf(event: Event, slug: string): Promise<Municipality[]> {
  const all: Municipality[] = []
  for (let offset = 0; offset < maxMunicipalities; offset += 100) {
    const page = await loadJson<Page<Municipality>>(
      event,
      `/municipalities?association=${encodeURIComponent(slug)}&limit=100&offset=${offset}`,
    )
    all.push(...page.items)
    if (all.length >= page.total) break
  }
  return all.toSorted((a, b) => a.name.localeCompare(b.name))
}

/**
 * What the call forms choose from: countries, associations, the municipalities of the cluster's
 * association, the time zones and the association's own zone as the default.
 */
export async function callChoices(event: Event, cluster: Cluster) {
  const [countries, associations] = await Promise.all([
    loadJson<Country[]>(event, '/countries'),
    loadJson<Association[]>(event, '/associations'),
  ])
  const association = associations.find((candidate) => candidate.id === cluster.associationId)
  const municipalities = association ? await municipalitiesOf(event, association.slug) : []
  return {
    association: association
      ? { slug: association.slug, name: association.name, acronym: association.acronym }
      : null,
    countries: countries.map((country) => ({ value: country.code, label: country.name })),
    associations: associations.map((a) => ({ value: a.id, label: `${a.name} (${a.acronym})` })),
    municipalities: municipalities.map((municipality) => ({
      value: municipality.id,
      label: municipality.name,
    })),
    timeZones: timeZones(),
    defaultTimeZone: defaultTimeZone(association?.countryCode),
    languages: [...new Set(cluster.courses.flatMap((course) => course.languages))],
  }
}

/** A refused settings form explained: the deadline's and zone's own words, else by field. */
export function settingsFailure(failed: Failed) {
  const { message, errors } = explainFailure(failed, callSettingsFields, {
    conflict: m.coordinate_call_conflict,
  })
  for (const error of (failed.problem.errors ?? []) as FieldError[]) {
    const field = pointerField(error.pointer)
    if (field === 'deadline')
      errors.deadline =
        error.reason === 'invalid'
          ? m.coordinate_call_deadline_skipped()
          : error.reason === 'too-small'
            ? m.coordinate_call_deadline_past()
            : fieldMessage(error)
    if (field === 'timeZone') errors.timeZone = m.coordinate_call_time_zone_unknown()
  }
  return { message, errors }
}
