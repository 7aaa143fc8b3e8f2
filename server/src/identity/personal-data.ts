import { sql } from 'kysely'
import { recordAudit } from '../audit/service.ts'
import type { ServiceContext } from '../http/context.ts'
import { Problem } from '../http/problem.ts'
import { emailKey } from './lockout.ts'
import { findUserById } from './queries.ts'
import { revokeAllSessions } from './sessions.ts'
import { toUser } from './user-view.ts'

/** Everything Agora stores about the person, for "download my data" (GDPR art. 15 and 20). */
export async function exportPersonalData({ db, actor, ip }: ServiceContext) {
  const user = await findUserById(db, actor.id)
  if (!user) throw Problem.notFound()
  const [sessions, invitations, auditTrail] = await Promise.all([
    db
      .selectFrom('refreshTokens')
      .select(['createdAt', 'expiresAt', 'usedAt', 'revokedAt'])
      .where('userId', '=', user.id)
      .orderBy('createdAt')
      .execute(),
    db
      .selectFrom('invitations')
      .select(['email', 'name', 'roles', 'createdAt', 'expiresAt', 'acceptedAt'])
      .where(sql`lower(email)`, '=', emailKey(user.email))
      .execute(),
    db
      .selectFrom('auditEvents')
      .select(['at', 'action', 'ip', 'details'])
      .where((eb) => eb.or([eb('actorId', '=', user.id), eb('subject', '=', user.id)]))
      .orderBy('at')
      .execute(),
  ])
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
    const email = user.email.toLowerCase()
    await trx
      .updateTable('users')
      .set({
        email: `erased-${user.id}@invalid`,
        name: 'Erased user',
        position: null,
        passwordHash: null,
        municipalityId: null,
        associationId: null,
        erasedAt: sql`now()`,
        updatedAt: sql`now()`,
      })
      .where('id', '=', user.id)
      .execute()
    await trx.deleteFrom('userRoles').where('userId', '=', user.id).execute()
    await revokeAllSessions(trx, user.id)
    await trx.deleteFrom('refreshTokens').where('userId', '=', user.id).execute()
    await trx.deleteFrom('userTokens').where('userId', '=', user.id).execute()
    await trx
      .deleteFrom('invitations')
      .where(sql`lower(email)`, '=', email)
      .execute()
    await trx.deleteFrom('loginThrottles').where('emailKey', '=', email).execute()
    await trx
      .deleteFrom('outboxMessages')
      .where(sql`lower(recipient)`, '=', email)
      .execute()
    await trx
      .updateTable('auditEvents')
      .set({ details: sql`details - 'email' - 'name' - 'before' - 'after'` })
      .where((eb) =>
        eb.or([
          eb('actorId', '=', user.id),
          eb('subject', '=', user.id),
          eb(sql`lower(details->>'email')`, '=', email),
        ]),
      )
      .execute()
    await recordAudit(trx, { action: 'user.erased', actorId: actor.id, subject: user.id, ip })
  })
}
