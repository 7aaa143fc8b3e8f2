import { error, type RequestEvent } from '@sveltejs/kit'
import type { Call, Municipality, Page, PublicCall } from '@agora/server/contract'
import { m } from '$lib/paraglide/messages'
import { apiCall, loadJson } from './api'

type Event = Pick<RequestEvent, 'fetch' | 'url'>

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The API path of a call; an address that cannot name one is not found. */
export function callPath(callId: string): string {
  if (!uuid.test(callId)) error(404, { message: m.problem_not_found() })
  return `/calls/${callId}`
}

/**
 * A call as the reader may see it: published calls to anyone; a draft, and the criteria, only to
 * those who manage its cluster (who get the call without the public page's names).
 */
export function loadCall(event: Event, callId: string): Promise<Call | PublicCall> {
  return loadJson<Call | PublicCall>(event, callPath(callId))
}

/** A call with its criteria; to anyone who does not manage its cluster it is not found. */
export async function loadCallForStaff(event: Event, callId: string): Promise<Call> {
  const call = await loadCall(event, callId)
  if (!('criteria' in call)) error(404, { message: m.problem_not_found() })
  return call
}

const municipalityPages = 10

/**
 * The municipalities an applicant may choose: the call's own list when it names one, else those of
 * its countries (all when it names none), read a page of 100 at a time.
 */
export async function municipalityChoices(
  event: Event,
  call: Pick<PublicCall, 'whoMayApply'>,
): Promise<{ value: string; label: string }[]> {
  const wanted = new Set(call.whoMayApply.municipalityIds)
  const countries = call.whoMayApply.countries.length > 0 ? call.whoMayApply.countries : [null]
  const found: Municipality[] = []
  for (const country of countries) {
    for (let page = 0; page < municipalityPages; page++) {
      const query = new URLSearchParams({ limit: '100', offset: String(page * 100) })
      if (country) query.set('country', country)
      const result = await apiCall<Page<Municipality>>(
        event.fetch,
        'GET',
        `/municipalities?${query}`,
      )
      if (!result.ok) break
      found.push(...result.data.items)
      if ((page + 1) * 100 >= result.data.total) break
    }
  }
  return found
    .filter((municipality) => wanted.size === 0 || wanted.has(municipality.id))
    .toSorted((a, b) => a.name.localeCompare(b.name))
    .map((municipality) => ({ value: municipality.id, label: municipality.name }))
}
