import { fail, redirect } from '@sveltejs/kit'
import type { CredentialVerification } from '@agora/server/contract'
import { normaliseCode, verificationPath } from '$lib/certificates/code'
import { m } from '$lib/paraglide/messages'
import { checkCredentialFile } from '$lib/server/certificates'
import { problemMessage, serviceProblem } from '$lib/server/problems'
import type { Actions, PageServerLoad } from './$types'

/**
 * The public verification: a code typed into the form (a GET, so the address can be shared) goes
 * on to its page, read as Crockford decodes it; what cannot be a code is said at the field.
 */
export const load: PageServerLoad = ({ url }) => {
  const typed = url.searchParams.get('code')
  if (typed === null) return { code: '', codeError: null }
  const trimmed = typed.trim().slice(0, 40)
  if (!trimmed) return { code: '', codeError: m.verify_code_required() }
  const code = normaliseCode(trimmed)
  if (!code) return { code: trimmed, codeError: m.verify_code_invalid() }
  redirect(303, verificationPath(code))
}

export const actions: Actions = {
  /** An uploaded credential file, checked by the API: signature, issuer, revocation. */
  credential: async (event) => {
    let form: FormData
    try {
      form = await event.request.formData()
    } catch {
      return fail(400, { fileError: m.verify_file_required() })
    }
    const check = await checkCredentialFile(event, form.get('credential'))
    if (check.ok)
      return {
        check: check.verification satisfies CredentialVerification,
        fileName: check.fileName,
      }
    const message = check.failed
      ? (serviceProblem(check.failed) ?? problemMessage(check.failed))
      : check.message
    return fail(check.status, { fileError: message })
  },
}
