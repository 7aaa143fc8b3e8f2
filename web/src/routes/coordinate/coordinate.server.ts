import { error, type RequestEvent } from '@sveltejs/kit'
import type { Cluster, CoursePage } from '@agora/server/contract'
import { loadJson } from '$lib/server/api'
import { m } from '$lib/paraglide/messages'
import { getLocale } from '$lib/paraglide/runtime'

export const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** An API path of a record named by its id; an address that cannot name one is not found. */
function pathOf(base: string, id: string): string {
  if (!uuid.test(id)) error(404, { message: m.problem_not_found() })
  return `${base}/${id}`
}

export const clusterPath = (id: string) => pathOf('/learning-clusters', id)
export const callPath = (id: string) => pathOf('/calls', id)

type Event = Pick<RequestEvent, 'fetch' | 'url'>

/**
 * The courses a cluster may offer, titled in the reader's language: the catalogue, and any course
 * the cluster offers that the catalogue no longer lists.
 */
export async function courseChoices(event: Event, cluster?: Cluster) {
  const catalogue = await loadJson<CoursePage>(
    event,
    `/courses?limit=100&lang=${encodeURIComponent(getLocale())}`,
  )
  const choices: { slug: string; title: string; language?: string; languages: string[] }[] =
    catalogue.items.map(({ slug, title, language, languages }) => ({
      slug,
      title,
      language,
      languages,
    }))
  for (const offer of cluster?.courses ?? []) {
    const known = choices.find((choice) => choice.slug === offer.slug)
    if (!known) choices.push({ slug: offer.slug, title: offer.slug, languages: offer.languages })
    else
      known.languages = [
        ...known.languages,
        ...offer.languages.filter((language) => !known.languages.includes(language)),
      ]
  }
  return choices
}
