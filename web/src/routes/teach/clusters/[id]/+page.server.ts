import { error } from '@sveltejs/kit'
import type { Dashboard } from '@agora/server/contract'
import { loadJson } from '$lib/server/api'
import { requireTrainer } from '$lib/server/guards'
import { m } from '$lib/paraglide/messages'
import { getLocale } from '$lib/paraglide/runtime'
import type { PageServerLoad } from './$types'

// Read-mostly and long: rendered on the server only, so a cheap phone loads no script and
// hydrates no tables (about 56 kB of JavaScript compressed with client rendering).
export const csr = false

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The dashboard of a cluster the trainer is assigned to, read only; any other is not found. */
export const load: PageServerLoad = async (event) => {
  requireTrainer(event)
  if (!uuid.test(event.params.id)) error(404, { message: m.problem_not_found() })
  const dashboard = await loadJson<Dashboard>(
    event,
    `/learning-clusters/${event.params.id}/dashboard?lang=${encodeURIComponent(getLocale())}`,
  )
  return { dashboard }
}
