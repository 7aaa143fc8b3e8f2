import { passOnCertificateFile } from '$lib/server/certificates'
import { requireStaff } from '$lib/server/guards'
import type { RequestHandler } from './$types'

/** The certificate's PDF for the staff page, fetched with the session (the API checks who may). */
export const GET: RequestHandler = (event) => {
  requireStaff(event)
  return passOnCertificateFile(event, event.params.code, 'pdf')
}
