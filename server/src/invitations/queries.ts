import { sql } from 'kysely'
import type { Db } from '../db/create-db.ts'

/**
 * A window of pending and accepted invitations, newest first, all or those into one association;
 * each row carries the total (`count(*) over ()`).
 */
export function listInvitations(
  db: Db,
  filter: { associationId: string | null },
  window: { limit: number; offset: number },
) {
  let select = db
    .selectFrom('invitations as i')
    .leftJoin('municipalities as m', 'm.id', 'i.municipalityId')
    .select([
      'i.id',
      'i.email',
      'i.name',
      'i.roles',
      'i.expiresAt',
      'i.acceptedAt',
      sql<number>`count(*) over ()`.as('total'),
    ])
    .where('i.revokedAt', 'is', null)
  const association = filter.associationId
  if (association)
    select = select.where((eb) =>
      eb.or([eb('i.associationId', '=', association), eb('m.associationId', '=', association)]),
    )
  return select
    .orderBy('i.createdAt', 'desc')
    .orderBy('i.id')
    .limit(window.limit)
    .offset(window.offset)
    .execute()
}
