import { maxModuleLength } from '@agora/server/contract'
import type { Failed } from '$lib/server/api'
import { pointerField, problemMessage } from '$lib/server/problems'
import { m } from '$lib/paraglide/messages'
import { getLocale } from '$lib/paraglide/runtime'

/** The studio's words for Markdown over the length limit (also said by the page before sending). */
export const tooLongMessage = () =>
  m.teach_markdown_too_long({ max: maxModuleLength.toLocaleString(getLocale()) })

/** Why the studio could not preview or save the Markdown, in the trainer's language. */
export function studioProblem(failed: Failed): string {
  const tooLong = (failed.problem.errors ?? []).some(
    (error) => pointerField(error.pointer) === 'markdown' && error.reason === 'too-long',
  )
  return tooLong ? tooLongMessage() : problemMessage(failed)
}
