import type { AuditEvent, Page } from '@agora/server/contract'
import { loadJson } from '$lib/server/api'
import { requireRole } from '$lib/server/guards'
import { pageSize, offsetParam } from '$lib/server/forms'
import { isAuditAction } from '$lib/components/staff/labels'
import { m } from '$lib/paraglide/messages'
import type { PageServerLoad } from './$types'

const isoDate = /^\d{4}-\d{2}-\d{2}$/

export const load: PageServerLoad = async (event) => {
  const user = requireRole(event, ['admin'])
  const params = event.url.searchParams
  const action = isAuditAction(params.get('action')) ? params.get('action')! : ''
  const actor = (params.get('actor') ?? '').trim().slice(0, 254)
  const from = params.get('from') ?? ''
  const to = params.get('to') ?? ''
  const errors: Record<string, string> = {}
  if (from && !isoDate.test(from)) errors['audit-from'] = m.admin_audit_date_invalid()
  if (to && !isoDate.test(to)) errors['audit-to'] = m.admin_audit_date_invalid()
  if (!errors['audit-from'] && !errors['audit-to'] && from && to && from > to)
    errors['audit-to'] = m.admin_audit_range_invalid()

  const query = new URLSearchParams({
    limit: String(pageSize),
    offset: String(offsetParam(event.url)),
  })
  if (action) query.set('action', action)
  if (actor) query.set('actor', actor)
  if (from && !errors['audit-from']) query.set('from', from)
  if (to && !errors['audit-to'] && !(from > to)) query.set('to', to)
  const events =
    Object.keys(errors).length > 0
      ? ({ items: [], total: 0, limit: pageSize, offset: 0 } satisfies Page<AuditEvent>)
      : await loadJson<Page<AuditEvent>>(event, `/audit-events?${query}`)
  return {
    isAdmin: true,
    timeZone: user.timeZone,
    events,
    filters: { action, actor, from, to },
    errors,
  }
}
