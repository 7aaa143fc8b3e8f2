import { loadJson } from '$lib/server/api'
import { offsetParam, pageSize } from '$lib/server/forms'
import { isAdmin, requireStaff } from '$lib/server/guards'
import type { PageServerLoad } from './$types'
import type { CertificatePage } from './certificates'

// The certificates a coordinator's association issued (an admin's: all), searched by code or name.
export const load: PageServerLoad = async (event) => {
  const user = requireStaff(event)
  const q = event.url.searchParams.get('q')?.trim().slice(0, 200) ?? ''
  const query = new URLSearchParams({
    limit: String(pageSize),
    offset: String(offsetParam(event.url)),
  })
  if (q) query.set('q', q)
  const certificates = await loadJson<CertificatePage>(event, `/certificates?${query}`)
  return { certificates, q, isAdmin: isAdmin(user) }
}
