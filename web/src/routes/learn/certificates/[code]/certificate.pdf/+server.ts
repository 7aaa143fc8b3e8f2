import { passOnCertificateFile } from '$lib/server/certificates'
import { requireUser } from '$lib/server/guards'
import type { RequestHandler } from './$types'

/** A certificate as PDF, for its holder (and the staff who may read it), from the API. */
export const GET: RequestHandler = (event) => {
  requireUser(event)
  return passOnCertificateFile(event, event.params.code, 'pdf')
}
