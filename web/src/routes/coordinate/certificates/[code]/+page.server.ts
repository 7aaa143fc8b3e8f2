import { fail, redirect } from '@sveltejs/kit'
import type { Certificate } from '@agora/server/contract'
import { apiCall, loadJson } from '$lib/server/api'
import { textField } from '$lib/server/forms'
import { requireStaff } from '$lib/server/guards'
import { explainFailure } from '$lib/server/problems'
import { m } from '$lib/paraglide/messages'
import type { Actions, PageServerLoad } from './$types'
import { certificatePath, conflictMessage, maxReasonLength } from '../certificates'

const maxNameLength = 200

// One certificate for the staff who may change it: its data and links, revocation with a reason,
// and re-issue after the learner's name was corrected. The API checks who may (and audits it).
export const load: PageServerLoad = async (event) => {
  const user = requireStaff(event)
  const certificate = await loadJson<Certificate>(event, certificatePath(event.params.code))
  return {
    certificate,
    verificationUrl: `${event.url.origin}/verify/${encodeURIComponent(certificate.code)}`,
    timeZone: user.timeZone,
  }
}

export const actions: Actions = {
  revoke: async (event) => {
    requireStaff(event)
    const path = certificatePath(event.params.code)
    const form = await event.request.formData()
    const reason = textField(form, 'reason')
    const values = { reason }
    const errors: Record<string, string> = {}
    if (!reason) errors.reason = m.certificate_revoke_reason_required()
    else if (reason.length > maxReasonLength)
      errors.reason = m.certificate_revoke_reason_too_long({ max: maxReasonLength })
    if (form.get('confirm') !== 'yes')
      errors['revoke-confirm'] = m.certificate_revoke_confirm_required()
    if (Object.keys(errors).length > 0)
      return fail(400, { action: 'revoke' as const, values, errors, message: null })
    const result = await apiCall<Certificate>(event.fetch, 'POST', `${path}/revocation`, {
      reason,
    })
    if (!result.ok)
      return fail(result.status, {
        action: 'revoke' as const,
        values,
        ...explainFailure(
          result,
          { reason: 'reason' },
          { conflict: () => conflictMessage(result.problem) },
        ),
      })
    redirect(303, `/coordinate/certificates/${encodeURIComponent(event.params.code)}?revoked`)
  },

  reissue: async (event) => {
    requireStaff(event)
    const path = certificatePath(event.params.code)
    const learnerName = textField(await event.request.formData(), 'learnerName')
    const values = { learnerName }
    const errors: Record<string, string> = {}
    if (!learnerName) errors.learnerName = m.certificate_reissue_name_required()
    else if (learnerName.length > maxNameLength)
      errors.learnerName = m.certificate_reissue_name_too_long({ max: maxNameLength })
    if (Object.keys(errors).length > 0)
      return fail(400, { action: 'reissue' as const, values, errors, message: null })
    const result = await apiCall<Certificate>(event.fetch, 'POST', `${path}/reissue`, {
      learnerName,
    })
    if (!result.ok)
      return fail(result.status, {
        action: 'reissue' as const,
        values,
        ...explainFailure(
          result,
          { learnerName: 'learnerName' },
          { conflict: () => conflictMessage(result.problem) },
        ),
      })
    redirect(303, `/coordinate/certificates/${encodeURIComponent(result.data.code)}?reissued`)
  },
}
