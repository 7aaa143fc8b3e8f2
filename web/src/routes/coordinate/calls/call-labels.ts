import type { CallStatus } from '@agora/server/contract'
import { m } from '$lib/paraglide/messages'

const statusLabels: Record<CallStatus, () => string> = {
  draft: m.coordinate_call_status_draft,
  open: m.coordinate_call_status_open,
  closed: m.coordinate_call_status_closed,
}
export const callStatusLabel = (status: CallStatus) => statusLabels[status]()
