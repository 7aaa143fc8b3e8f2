import { sql } from 'kysely'
import { recordAudit } from '../audit/service.ts'
import type { Db } from '../db/create-db.ts'
import type { Role } from '../db/schema.ts'
import { type Actor, hasRole } from '../http/auth.ts'
import type { Page } from '../http/pagination.ts'
import { Problem } from '../http/problem.ts'
import { findUserById, inAssociation, replaceRoles, selectUsers } from './queries.ts'
import type { User } from './schemas.ts'
import { toUser } from './user-view.ts'

/** Admins see everyone; a coordinator sees the people of their own association only. */
function scopeOf(actor: Actor): string | null {
  if (hasRole(actor, 'admin')) return null
  if (!actor.associationId)
    throw Problem.forbidden('Your account is not attached to an association.')
  return actor.associationId
}

export async function listUsers(
  db: Db,
  actor: Actor,
  query: { q?: string; role?: Role; limit: number; offset: number },
): Promise<Page<User>> {
  const association = scopeOf(actor)
  let select = selectUsers(db).where('u.erasedAt', 'is', null)
  if (association) select = select.where(inAssociation(association))
  if (query.q) {
    const pattern = `%${query.q.replace(/[\\%_]/g, (char) => `\\${char}`)}%`
    select = select.where((eb) =>
      eb.or([eb('u.name', 'ilike', pattern), eb('u.email', 'ilike', pattern)]),
    )
  }
  if (query.role) {
    const role = query.role
    select = select.where((eb) =>
      eb.exists(
        eb
          .selectFrom('userRoles as r')
          .select('r.userId')
          .whereRef('r.userId', '=', 'u.id')
          .where('r.role', '=', role),
      ),
    )
  }
  const rows = await select
    .select(sql<number>`count(*) over ()`.as('total'))
    .orderBy('u.name')
    .orderBy('u.id')
    .limit(query.limit)
    .offset(query.offset)
    .execute()
  const total = rows[0] ? Number(rows[0].total) : 0
  return { items: rows.map(toUser), total, limit: query.limit, offset: query.offset }
}

/** One user, if the actor may see them: 404 when there is none, 403 when outside the scope. */
export async function getUser(db: Db, actor: Actor, id: string): Promise<User> {
  const user = await findUserById(db, id)
  if (!user || user.erasedAt) throw Problem.notFound('No such user.')
  const association = scopeOf(actor)
  if (association && user.associationId !== association)
    throw Problem.forbidden('This user belongs to another association.')
  return toUser(user)
}

/** Replaces a user's roles (admins only); takes effect at their next token refresh. */
export async function setRoles(
  db: Db,
  actor: Actor,
  id: string,
  roles: Role[],
  ip: string,
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
