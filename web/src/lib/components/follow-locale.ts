import type { SubmitFunction } from '@sveltejs/kit'
import { getLocale } from '$lib/paraglide/runtime'

/**
 * `use:enhance` for forms whose answer may switch the UI language (signing in, saving the
 * profile): texts are not reactive to the locale, so the next page then loads in full.
 */
export const followLocale: SubmitFunction = () => {
  // Read before the request: its answer may set the locale cookie that getLocale() reads.
  const shownIn = getLocale()
  return async ({ result, update }) => {
    if (result.type === 'redirect' && getLocale() !== shownIn) {
      window.location.assign(result.location)
      return
    }
    await update()
  }
}
