import { recordAudit } from '../audit/service.ts'
import type { Db } from '../db/create-db.ts'
import type { ServiceContext } from '../http/context.ts'
import { Problem } from '../http/problem.ts'
import { eraseTraces, findPersonalRecords, findUserById } from './queries.ts'
import { revokeAllSessions } from './sessions.ts'
import { toUser } from './user-view.ts'

/**
 * A feature that keeps data about a person: its part of "download my data", and how an erasure
 * removes what identifies them. Features hand theirs to identity at start (app.ts), so identity
 * reaches their tables without importing them (they import identity).
 */
export interface PersonalDataHolder {
  /** The key of its part in the export. */
  part: string
  collect(db: Db, userId: string): Promise<unknown>
  /** Runs inside the erasure's transaction. */
  erase(db: Db, userId: string): Promise<void>
}

/** Everything Agora stores about the person, for "download my data" (GDPR art. 15 and 20). */
export async function exportPersonalData(
  { db, actor, ip }: ServiceContext,
  holders: readonly PersonalDataHolder[],
) {
  const user = await findUserById(db, actor.id)
  if (!user) throw Problem.notFound()
  const { sessions, emailLinks, passwordResetRequests, invitations, auditTrail } =
    await findPersonalRecords(db, user)
  const parts: Record<string, unknown> = {}
  for (const holder of holders) parts[holder.part] = await holder.collect(db, user.id)
  await recordAudit(db, { action: 'user.data-exported', actorId: user.id, subject: user.id, ip })
  return {
    exportedAt: new Date().toISOString(),
    profile: { ...toUser(user), emailVerifiedAt: user.emailVerifiedAt },
    sessions,
    emailLinks,
    passwordResetRequests,
    invitations,
    ...parts,
    activity: auditTrail,
  }
}

/**
 * Erasure on request (GDPR art. 17): the person's name, e-mail and every trace of them in tokens,
 * invitations, throttles, queued mail, audit details and what each holder keeps (reasons written
 * when they left a cluster or a course) are removed or anonymised. The user row
 * stays, anonymised, so aggregate records and issued certificates keep pointing at something.
 */
export async function erasePersonalData(
  { db, actor, ip }: ServiceContext,
  userId: string,
  holders: readonly PersonalDataHolder[],
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const user = await findUserById(trx, userId)
    if (!user) throw Problem.notFound('No such user.')
    if (user.erasedAt) return
    await revokeAllSessions(trx, user.id)
    await eraseTraces(trx, user.id, user.email.toLowerCase())
    for (const holder of holders) await holder.erase(trx, user.id)
    await recordAudit(trx, { action: 'user.erased', actorId: actor.id, subject: user.id, ip })
  })
}
