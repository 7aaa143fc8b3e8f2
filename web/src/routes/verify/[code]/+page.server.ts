import { error, redirect } from '@sveltejs/kit'
import type { CertificateVerification } from '@agora/server/contract'
import { normaliseCode, verificationPath } from '$lib/certificates/code'
import { m } from '$lib/paraglide/messages'
import { apiCall, failLoad, problemType } from '$lib/server/api'
import { problemMessage } from '$lib/server/problems'
import type { PageServerLoad } from './$types'

/**
 * A certificate's public verification page. The address names the code as shown (a code typed
 * otherwise, e.g. in lower case, goes on to it); an unknown code is a 404 with the form again.
 */
export const load: PageServerLoad = async (event) => {
  const typed = event.params.code
  const code = normaliseCode(typed)
  if (!code) error(404, { message: m.verify_unknown_text({ code: typed.slice(0, 40) }) })
  if (code !== typed) redirect(308, verificationPath(code))
  const result = await apiCall<CertificateVerification>(
    event.fetch,
    'GET',
    `/certificates/${encodeURIComponent(code)}/verification`,
  )
  if (result.ok) return { verification: result.data }
  if (result.status === 404) error(404, { message: m.verify_unknown_text({ code }) })
  if (problemType(result.problem) === 'rate-limited')
    error(429, { message: problemMessage(result) })
  failLoad(event, result)
}
