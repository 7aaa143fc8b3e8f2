import type { CertificatePage } from '@agora/server/contract'
import { normaliseCode } from '$lib/certificates/code'
import { loadJson } from '$lib/server/api'
import { offsetParam, pageSize } from '$lib/server/forms'
import { isAdmin, requireStaff } from '$lib/server/guards'
import type { PageServerLoad } from './$types'

// The certificates a coordinator's association issued (an admin's: all), searched by code or name.
export const load: PageServerLoad = async (event) => {
  const user = requireStaff(event)
  const q = event.url.searchParams.get('q')?.trim().slice(0, 200) ?? ''
  const search = (text: string) => {
    const query = new URLSearchParams({
      limit: String(pageSize),
      offset: String(offsetParam(event.url)),
    })
    if (text) query.set('q', text)
    return loadJson<CertificatePage>(event, `/certificates?${query}`)
  }
  // A code is matched as printed (XXXX-XXXX-XXXX), so one typed from paper (any case, without
  // hyphens, O for 0) is asked for as printed first; a name that happens to read as a code is
  // still found as typed.
  const code = normaliseCode(q)
  let certificates = await search(code ?? q)
  if (code && code !== q && certificates.total === 0) certificates = await search(q)
  return { certificates, q, isAdmin: isAdmin(user) }
}
