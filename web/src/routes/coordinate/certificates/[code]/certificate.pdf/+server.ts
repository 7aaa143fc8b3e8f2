import { passOnDownload } from '$lib/server/downloads'
import { requireStaff } from '$lib/server/guards'
import type { RequestHandler } from './$types'
import { certificatePath } from '../../certificates'

/** The certificate's PDF, fetched with the session (the browser holds no API token). */
export const GET: RequestHandler = (event) => {
  requireStaff(event)
  return passOnDownload(event, `${certificatePath(event.params.code)}/certificate.pdf`)
}
