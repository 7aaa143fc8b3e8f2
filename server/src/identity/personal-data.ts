import { recordAudit } from '../audit/service.ts'
import type { ServiceContext } from '../http/context.ts'
import { Problem } from '../http/problem.ts'
import { eraseTraces, findPersonalRecords, findUserById } from './queries.ts'
import { revokeAllSessions } from './sessions.ts'
import { toUser } from './user-view.ts'

/** Everything Agora stores about the person, for "download my data" (GDPR art. 15 and 20). */
export async function exportPersonalData({ db, actor, ip }: ServiceContext) {
  const user = await findUserById(db, actor.id)
  if (!user) throw Problem.notFound()
  const { sessions, invitations, auditTrail } = await findPersonalRecords(db, user)
  await recordAudit(db, { action: 'user.data-exported', actorId: user.id, subject: user.id, ip })
  return {
    exportedAt: new Date().toISOString(),
    profile: { ...toUser(user), emailVerifiedAt: user.emailVerifiedAt },
    sessions,
    invitations,
    activity: auditTrail,
  }
}

/**
 * Erasure on request (GDPR art. 17): the person's name, e-mail and every trace of them in tokens,
 * invitations, throttles, queued mail and audit details are removed or anonymised. The user row
 * stays, anonymised, so aggregate records and issued certificates keep pointing at something.
 */
export async function erasePersonalData(
  { db, actor, ip }: ServiceContext,
  userId: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const user = await findUserById(trx, userId)
    if (!user) throw Problem.notFound('No such user.')
    if (user.erasedAt) return
    await revokeAllSessions(trx, user.id)
    await eraseTraces(trx, user.id, user.email.toLowerCase())
    await recordAudit(trx, { action: 'user.erased', actorId: actor.id, subject: user.id, ip })
  })
}
