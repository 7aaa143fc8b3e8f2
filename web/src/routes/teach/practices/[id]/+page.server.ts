import { fail, redirect } from '@sveltejs/kit'
import { apiCall, loadJson } from '$lib/server/api'
import { textField } from '$lib/server/forms'
import { requireTrainer } from '$lib/server/guards'
import { practicePath } from '$lib/server/practices'
import { explainFailure } from '$lib/server/problems'
import type { GoodPractice } from '@agora/server/contract'
import { m } from '$lib/paraglide/messages'
import type { Actions, PageServerLoad } from './$types'

// One practice under review: read it, then approve it or return it with a comment.
export const load: PageServerLoad = async (event) => {
  const user = requireTrainer(event)
  const practice = await loadJson<GoodPractice>(event, practicePath(event.params.id))
  return { practice, timeZone: user.timeZone }
}

export const actions: Actions = {
  review: async (event) => {
    requireTrainer(event)
    const path = practicePath(event.params.id)
    const form = await event.request.formData()
    const decision = textField(form, 'decision')
    const comment = textField(form, 'comment')
    if (decision !== 'approve' && decision !== 'return')
      return fail(400, { message: m.problem_bad_request(), errors: {}, comment })
    if (decision === 'return' && !comment)
      return fail(400, {
        message: null,
        errors: { comment: m.practice_comment_required() },
        comment,
      })
    const result = await apiCall<GoodPractice>(event.fetch, 'POST', `${path}/review`, {
      decision,
      comment,
    })
    if (!result.ok) {
      const { message, errors } = explainFailure(
        result,
        { comment: 'comment' },
        { conflict: m.practice_review_conflict, 'stale-version': m.practice_review_conflict },
      )
      return fail(result.status, { message, errors, comment })
    }
    redirect(303, `/teach/practices?reviewed=${decision === 'approve' ? 'approved' : 'returned'}`)
  },
}
