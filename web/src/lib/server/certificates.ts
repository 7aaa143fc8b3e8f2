import { error, type RequestEvent } from '@sveltejs/kit'
import type { CredentialVerification } from '@agora/server/contract'
import { normaliseCode } from '$lib/certificates/code'
import { m } from '$lib/paraglide/messages'
import { apiCall, failLoad, type Failed, problemOf } from './api'

type Event = Pick<RequestEvent, 'fetch' | 'url'>

const files = {
  pdf: { path: 'certificate.pdf', name: (code: string) => `agora-certificate-${code}.pdf` },
  credential: { path: 'credential', name: (code: string) => `agora-credential-${code}.json` },
} as const

/**
 * A learner's certificate file (the PDF, or the Open Badges credential as JSON) passed on from the
 * API, which the browser cannot call with the session itself. The file keeps the API's type and
 * name (a name is given where the API sends none), and no cache keeps it. A code that cannot be
 * one is not found without asking; refusals are the usual error pages (sign-in, not found).
 */
export async function passOnCertificateFile(
  event: Event,
  typedCode: string,
  kind: keyof typeof files,
): Promise<Response> {
  const code = normaliseCode(typedCode)
  if (!code) error(404, { message: m.problem_not_found() })
  const file = files[kind]
  const response = await event.fetch(
    `/api/v1/certificates/${encodeURIComponent(code)}/${file.path}`,
    { headers: { accept: kind === 'pdf' ? 'application/pdf' : 'application/json' } },
  )
  if (!response.ok) {
    const problem = await problemOf(response)
    failLoad(event, { ok: false, status: response.status, problem, retryAfter: null })
  }
  const headers = new Headers({
    'cache-control': 'private, no-store',
    'content-disposition': `attachment; filename="${file.name(code)}"`,
    'x-content-type-options': 'nosniff',
  })
  for (const name of ['content-type', 'content-disposition', 'content-length']) {
    const value = response.headers.get(name)
    if (value) headers.set(name, value)
  }
  return new Response(response.body, { headers })
}

/** The largest file taken: the API's own limit on a credential (64 kB). */
export const maxCredentialFileBytes = 65_536

export type CredentialCheck =
  | { ok: true; verification: CredentialVerification; fileName: string }
  | { ok: false; status: number; message: string; failed?: Failed }

/**
 * An uploaded credential file checked by the API: its text is posted as it is (a VC-JWT, or the
 * JSON file the learner downloaded), and the API checks the signature, issuer and status.
 */
export async function checkCredentialFile(
  event: Pick<RequestEvent, 'fetch'>,
  file: FormDataEntryValue | null,
): Promise<CredentialCheck> {
  if (!(file instanceof File) || file.size === 0)
    return { ok: false, status: 400, message: m.verify_file_required() }
  if (file.size > maxCredentialFileBytes)
    return { ok: false, status: 413, message: m.verify_file_too_large() }
  const text = (await file.text()).trim()
  if (!text) return { ok: false, status: 400, message: m.verify_file_required() }
  const result = await apiCall<CredentialVerification>(
    event.fetch,
    'POST',
    '/credential-verifications',
    { credential: text },
  )
  if (result.ok) return { ok: true, verification: result.data, fileName: file.name }
  // What the API cannot read as a credential at all (not text it accepts) is simply not valid.
  if (result.status === 400 || result.status === 422)
    return {
      ok: true,
      fileName: file.name,
      verification: {
        result: 'invalid',
        checks: { signature: false, issuer: false, status: false, expiry: true },
      },
    }
  return { ok: false, status: result.status, message: '', failed: result }
}
