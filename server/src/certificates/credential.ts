import type { ServiceContext } from '../http/context.ts'
import { Problem } from '../http/problem.ts'
import { findCredentialOf } from './queries.ts'
import { visibleCertificate } from './views.ts'

/** The payload of a compact JWS, decoded (the credential as signed). */
export function payloadOf(jwt: string): Record<string, unknown> {
  const part = jwt.split('.')[1] ?? ''
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>
}

/**
 * The certificate's signed credential, for those who see the certificate; none after the
 * person's erasure (it named them), 404 then as well.
 */
export async function credentialOf(ctx: ServiceContext, input: string) {
  const row = await visibleCertificate(ctx.db, ctx.actor, input)
  const jwt = await findCredentialOf(ctx.db, row.id)
  if (!jwt) throw Problem.notFound('This certificate has no credential any more.')
  return { code: row.code, jwt, credential: payloadOf(jwt) }
}
