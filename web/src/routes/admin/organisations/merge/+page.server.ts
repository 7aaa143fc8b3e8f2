import { fail, redirect } from '@sveltejs/kit'
import type { Municipality, Page } from '@agora/server/contract'
import { apiCall, loadJson } from '$lib/server/api'
import { requireRole } from '$lib/server/guards'
import { textField } from '$lib/server/forms'
import { problemMessage } from '$lib/server/problems'
import { m } from '$lib/paraglide/messages'
import type { Actions, PageServerLoad } from './$types'

type Event = Parameters<PageServerLoad>[0]

async function search(event: Event, q: string): Promise<Municipality[]> {
  const query = new URLSearchParams({ limit: '100' })
  if (q) query.set('q', q)
  return (await loadJson<Page<Municipality>>(event, `/municipalities?${query}`)).items
}

/** Step 1 (GET): find and pick both municipalities. Step 2 (POST): confirm, then merge. */
export const load: PageServerLoad = async (event) => {
  requireRole(event, ['admin'])
  const params = event.url.searchParams
  const sq = (params.get('sq') ?? '').trim().slice(0, 100)
  const tq = (params.get('tq') ?? '').trim().slice(0, 100)
  const [sources, targets] = await Promise.all([search(event, sq), search(event, tq)])
  const sourceId = params.get('source') ?? ''
  const targetId = params.get('target') ?? ''
  const source = sources.find((candidate) => candidate.id === sourceId) ?? null
  const target = targets.find((candidate) => candidate.id === targetId) ?? null
  const errors: Record<string, string> = {}
  if (params.get('step') === 'review') {
    if (!source) errors['merge-source'] = m.admin_merge_source_required()
    if (!target) errors['merge-target'] = m.admin_merge_target_required()
    else if (source && source.id === target.id) errors['merge-target'] = m.admin_merge_same()
  }
  const review =
    params.get('step') === 'review' && Object.keys(errors).length === 0
      ? { source: source!, target: target! }
      : null
  const done =
    params.get('done') === '1'
      ? { from: params.get('from') ?? '', into: params.get('into') ?? '' }
      : null
  return { isAdmin: true, sq, tq, sources, targets, sourceId, targetId, errors, review, done }
}

export const actions: Actions = {
  default: async (event) => {
    requireRole(event, ['admin'])
    const form = await event.request.formData()
    const source = textField(form, 'source')
    const target = textField(form, 'target')
    if (form.get('confirm') !== 'yes')
      return fail(400, { errors: { 'merge-confirm': m.admin_merge_confirm_required() } })
    if (!source || !target || source === target)
      return fail(400, { errors: { form: m.admin_merge_same() } })
    const result = await apiCall<Municipality>(
      event.fetch,
      'POST',
      `/municipalities/${encodeURIComponent(source)}/merge`,
      {
        intoId: target,
      },
    )
    if (!result.ok) return fail(result.status, { errors: { form: problemMessage(result) } })
    redirect(
      303,
      `/admin/organisations/merge?${new URLSearchParams({ done: '1', from: textField(form, 'sourceName'), into: result.data.name })}`,
    )
  },
}
