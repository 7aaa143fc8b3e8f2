import { supportedLanguages } from '@agora/server/contract'
import { isArea } from '$lib/practices/labels'

/** The library's filters, as the search form sends them and the API takes them. */
export interface LibraryFilters {
  q: string
  country: string
  area: string
  language: string
}

/** The filters of an address, each dropped when it is not one the API would accept. */
export function readFilters(params: URLSearchParams): LibraryFilters {
  const country = (params.get('country') ?? '').trim().toUpperCase()
  const area = params.get('area') ?? ''
  const language = params.get('language') ?? ''
  return {
    q: (params.get('q') ?? '').trim().slice(0, 200),
    country: /^[A-Z]{2}$/.test(country) ? country : '',
    area: isArea(area) ? area : '',
    language: (supportedLanguages as readonly string[]).includes(language) ? language : '',
  }
}

/** The filters that are set, as query parameters. */
export function filterQuery(filters: LibraryFilters): URLSearchParams {
  return new URLSearchParams(Object.entries(filters).filter(([, value]) => value !== ''))
}
