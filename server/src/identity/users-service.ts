import { recordAudit } from '../audit/service.ts'
import type { Role } from '../db/schema.ts'
import { type Actor, hasRole } from '../http/auth.ts'
import type { ServiceContext } from '../http/context.ts'
import { type Page, pageOf } from '../http/pagination.ts'
import { Problem } from '../http/problem.ts'
import { findUserById, listUsers as listUserRows, replaceRoles } from './queries.ts'
import type { User } from './schemas.ts'
import { endAccessTokens } from './sessions.ts'
import { toUser } from './user-view.ts'

/** Admins see everyone; a coordinator sees the people of their own association only. */
function scopeOf(actor: Actor): string | null {
  if (hasRole(actor, 'admin')) return null
  if (!actor.associationId)
    throw Problem.forbidden('Your account is not attached to an association.')
  return actor.associationId
}

export async function listUsers(
  { db, actor }: ServiceContext,
  query: { q?: string; role?: Role; limit: number; offset: number },
): Promise<Page<User>> {
  const filter = { associationId: scopeOf(actor), q: query.q, role: query.role }
  return pageOf(query, (window) => listUserRows(db, filter, window), toUser)
}

/** One user, if the actor may see them: 404 when there is none, 403 when outside the scope. */
export async function getUser({ db, actor }: ServiceContext, id: string): Promise<User> {
  const user = await findUserById(db, id)
  if (!user || user.erasedAt) throw Problem.notFound('No such user.')
  const association = scopeOf(actor)
  if (association && user.associationId !== association)
    throw Problem.forbidden('This user belongs to another association.')
  return toUser(user)
}

/**
 * Replaces a user's roles (admins only). Their access token is refused from their next request;
 * their session goes on, and its next refresh carries the new roles.
 */
export async function setRoles(
  { db, actor, ip }: ServiceContext,
  id: string,
  roles: Role[],
): Promise<User> {
  return db.transaction().execute(async (trx) => {
    const user = await findUserById(trx, id)
    if (!user || user.erasedAt) throw Problem.notFound('No such user.')
    const next = [...new Set(roles)].sort()
    if (user.id === actor.id && user.roles.includes('admin') && !next.includes('admin')) {
      throw new Problem(
        409,
        'conflict',
        'Cannot remove your own admin role',
        'Ask another administrator to do it.',
      )
    }
    await replaceRoles(trx, id, next)
    await endAccessTokens(trx, id)
    await recordAudit(trx, {
      action: 'user.roles-changed',
      actorId: actor.id,
      subject: id,
      ip,
      details: { before: user.roles, after: next },
    })
    return toUser((await findUserById(trx, id))!)
  })
}
