import { passOnCertificateFile } from '$lib/server/certificates'
import { requireUser } from '$lib/server/guards'
import type { RequestHandler } from './$types'

/**
 * A certificate's Open Badges credential as the JSON file the API gives ({ jwt, credential }),
 * for its holder: what they hand to a badge wallet or to someone who checks it at /verify.
 */
export const GET: RequestHandler = (event) => {
  requireUser(event)
  return passOnCertificateFile(event, event.params.code, 'credential')
}
