import { type Insertable, sql } from 'kysely'
import type { Db } from '../db/create-db.ts'
import type { InvitationTable } from '../db/schema.ts'

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

/** Revokes the pending invitations of an address (a newer one replaces them). */
export async function revokePendingInvitations(db: Db, email: string): Promise<void> {
  await db
    .updateTable('invitations')
    .set({ revokedAt: sql`now()` })
    .where(sql`lower(email)`, '=', email.toLowerCase())
    .where('acceptedAt', 'is', null)
    .where('revokedAt', 'is', null)
    .execute()
}

export async function insertInvitation(db: Db, invitation: Insertable<InvitationTable>) {
  return db
    .insertInto('invitations')
    .values(invitation)
    .returning(['id', 'email', 'name', 'roles', 'expiresAt', 'acceptedAt'])
    .executeTakeFirstOrThrow()
}

/** The invitation of a link, locked: accepting it must happen once. */
export async function findInvitationByTokenHash(db: Db, tokenHash: string) {
  return db
    .selectFrom('invitations')
    .selectAll()
    .where('tokenHash', '=', tokenHash)
    .forUpdate()
    .executeTakeFirst()
}

export async function markAccepted(db: Db, id: string, userId: string): Promise<void> {
  await db
    .updateTable('invitations')
    .set({ acceptedAt: sql`now()`, userId })
    .where('id', '=', id)
    .execute()
}
