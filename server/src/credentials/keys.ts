// Rotation and the published keys. A rotation retires the active key and creates the next one in
// one transaction (audited); retired keys stay published, so what they signed still verifies.
import { recordAudit } from '../audit/service.ts'
import type { Db } from '../db/create-db.ts'
import type { ServiceContext } from '../http/context.ts'
import { generateKeyPair, type PublicJwk } from './crypto.ts'
import { insertActiveKey, listKeys, lockSigningKeys, retireActiveKey } from './queries.ts'
import type { CredentialSettings } from './service.ts'

export interface SigningKeyView {
  kid: string
  algorithm: string
  createdAt: string
  activatedAt: string
  retiredAt: string | null
  active: boolean
}

/** Every key for admins: kid, algorithm, dates (never private material), newest first. */
export async function listSigningKeys(db: Db): Promise<SigningKeyView[]> {
  const rows = await listKeys(db)
  return rows.reverse().map((row) => ({
    kid: row.kid,
    algorithm: row.algorithm,
    createdAt: row.createdAt.toISOString(),
    activatedAt: row.activatedAt.toISOString(),
    retiredAt: row.retiredAt?.toISOString() ?? null,
    active: row.retiredAt === null,
  }))
}

/** The public JWKs of every key, active and retired, oldest first. */
export async function publishedKeys(db: Db): Promise<PublicJwk[]> {
  return (await listKeys(db)).map((row) => row.publicJwk)
}

/**
 * Retires the active key and activates a new one (audited, with who asked: an admin through the
 * API, or nobody for `npm run keys:rotate`); resolves with both kids.
 */
export async function rotateSigningKey(
  ctx: Pick<ServiceContext, 'db'> & { actorId: string | null; ip: string | null },
  settings: CredentialSettings,
  now: Date,
): Promise<{ retired: string | null; active: string }> {
  return ctx.db.transaction().execute(async (trx) => {
    await lockSigningKeys(trx)
    const retired = (await retireActiveKey(trx, now)) ?? null
    const pair = generateKeyPair(settings.encryptionKey, now)
    const stored = await insertActiveKey(trx, {
      kid: pair.kid,
      publicJwk: pair.publicJwk,
      privateKey: pair.sealedPrivateKey,
      now,
    })
    if (!stored) throw new Error('another signing key became active during the rotation')
    await recordAudit(trx, {
      action: 'signing-key.rotated',
      actorId: ctx.actorId,
      ip: ctx.ip,
      details: { retired, active: pair.kid },
    })
    return { retired, active: pair.kid }
  })
}
