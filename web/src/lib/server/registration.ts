import { apiGet } from '$lib/api'

/** Whether learners may create their own account (off by default; off when the API cannot say). */
export async function registrationEnabled(fetch: typeof globalThis.fetch): Promise<boolean> {
  try {
    return (await apiGet<{ enabled: boolean }>(fetch, '/auth/registration')).enabled
  } catch {
    return false
  }
}
