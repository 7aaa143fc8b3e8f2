import { error, fail } from '@sveltejs/kit'
import type { DecisionsResult, ProposalView, Ranking } from '@agora/server/contract'
import { apiCall, loadJson } from '$lib/server/api'
import { offsetParam, textField } from '$lib/server/forms'
import { requireStaff } from '$lib/server/guards'
import { explainFailure } from '$lib/server/problems'
import { m } from '$lib/paraglide/messages'
import { callPath, loadCallForStaff } from '$lib/server/calls'
import type { Actions, PageServerLoad } from './$types'

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const rankingPageSize = 100
const decisions = ['accepted', 'rejected', 'wait-listed'] as const
type Decision = (typeof decisions)[number]
const isDecision = (value: string): value is Decision =>
  (decisions as readonly string[]).includes(value)

export const load: PageServerLoad = async (event) => {
  requireStaff(event)
  const path = callPath(event.params.callId)
  const offset = offsetParam(event.url)
  // The call first: another association's call is not found before anything else is asked.
  const call = await loadCallForStaff(event, event.params.callId)
  const [ranking, proposal] = await Promise.all([
    loadJson<Ranking>(event, `${path}/applications?limit=${rankingPageSize}&offset=${offset}`),
    apiCall<ProposalView>(event.fetch, 'GET', `${path}/proposal`),
  ])
  return {
    call,
    ranking,
    // The proposal may be refused (no places left, a call still in draft): the ranking still shows.
    proposal: proposal.ok ? proposal.data : null,
    // ?choose=proposal ticks the proposed candidates, so "take the proposal" works without JavaScript.
    chooseProposal: event.url.searchParams.get('choose') === 'proposal',
  }
}

interface DecisionInput {
  candidateId: string
  decision: Decision
  reason?: string
}

/** Reject and wait-list need a reason (it is e-mailed to the candidate); acceptance may have one. */
function needsReason(decision: Decision): boolean {
  return decision !== 'accepted'
}

async function send(
  event: Parameters<Actions[string]>[0],
  action: string,
  list: DecisionInput[],
  values: Record<string, string>,
) {
  const result = await apiCall<DecisionsResult>(
    event.fetch,
    'POST',
    `${callPath(event.params.callId)}/decisions`,
    { decisions: list },
  )
  if (result.ok) return { action, result: result.data }
  const { message, errors } = explainFailure(
    result,
    {},
    {
      conflict: m.selection_conflict,
      'not-found': m.problem_not_found,
    },
  )
  return fail(result.status, {
    action,
    message: message ?? Object.values(errors)[0] ?? m.form_failed(),
    errors: {} as Record<string, string>,
    values,
  })
}

export const actions: Actions = {
  /** Ticked candidates, one decision and one reason for all of them. */
  bulk: async (event) => {
    requireStaff(event)
    const form = await event.request.formData()
    const ids = form
      .getAll('candidates')
      .filter((value): value is string => typeof value === 'string' && uuid.test(value))
    const decision = textField(form, 'decision')
    const reason = textField(form, 'reason')
    const values = { decision, reason }
    const errors: Record<string, string> = {}
    if (ids.length === 0) errors['bulk-candidates'] = m.selection_choose_candidates()
    if (!isDecision(decision)) errors['bulk-decision'] = m.selection_choose_decision()
    else if (needsReason(decision) && !reason) errors['bulk-reason'] = m.selection_reason_required()
    if (Object.keys(errors).length > 0 || !isDecision(decision))
      return fail(400, { action: 'bulk', message: null, errors, values, chosen: ids })
    return send(
      event,
      'bulk',
      ids.map((candidateId) => ({ candidateId, decision, ...(reason ? { reason } : {}) })),
      values,
    )
  },

  /** One candidate, from the row's own form. */
  one: async (event) => {
    requireStaff(event)
    const form = await event.request.formData()
    const candidateId = textField(form, 'candidateId')
    const decision = textField(form, 'decision')
    const reason = textField(form, 'reason')
    if (!uuid.test(candidateId)) error(400, { message: m.problem_bad_request() })
    const values = { candidateId, decision, reason }
    const errors: Record<string, string> = {}
    if (!isDecision(decision)) errors[`decision-${candidateId}`] = m.selection_choose_decision()
    else if (needsReason(decision) && !reason)
      errors[`reason-${candidateId}`] = m.selection_reason_required()
    if (Object.keys(errors).length > 0 || !isDecision(decision))
      return fail(400, { action: 'one', message: null, errors, values, candidateId })
    return send(event, 'one', [{ candidateId, decision, ...(reason ? { reason } : {}) }], values)
  },
}
