import type { PublicCallPage } from '@agora/server/contract'
import { apiCall } from '$lib/server/api'
import { offsetParam, pageSize } from '$lib/server/forms'
import type { PageServerLoad } from './$types'

// Open calls, readable without an account.
export const load: PageServerLoad = async (event) => {
  const offset = offsetParam(event.url)
  const result = await apiCall<PublicCallPage>(
    event.fetch,
    'GET',
    `/calls?limit=${pageSize}&offset=${offset}`,
  )
  return { calls: result.ok ? result.data : null }
}
