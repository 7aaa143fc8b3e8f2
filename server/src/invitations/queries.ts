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

/**
 * Revokes the pending invitations of an address (any case) within a scope, and answers their ids:
 * all of them, or those a coordinator of `associationId` could have sent (learners placed in the
 * association directly or through one of its municipalities).
 */
export async function revokePendingInvitations(
  db: Db,
  email: string,
  scope: { associationId: string } | 'everything',
): Promise<string[]> {
  let revoke = db
    .updateTable('invitations')
    .set({ revokedAt: sql`now()` })
    .where(sql`lower(email)`, '=', email.trim().toLowerCase())
    .where('acceptedAt', 'is', null)
    .where('revokedAt', 'is', null)
  if (scope !== 'everything')
    revoke = revoke.where(sql<boolean>`roles <@ array['learner']::text[]`).where('id', 'in', (eb) =>
      eb
        .selectFrom('invitations as i')
        .leftJoin('municipalities as m', 'm.id', 'i.municipalityId')
        .select('i.id')
        .where(sql`coalesce(i.association_id, m.association_id)`, '=', scope.associationId),
    )
  const rows = await revoke.returning('id').execute()
  return rows.map((row) => row.id)
}

export async function insertInvitation(db: Db, invitation: Insertable<InvitationTable>) {
  return db
    .insertInto('invitations')
    .values(invitation)
    .returning(['id', 'email', 'name', 'roles', 'expiresAt', 'acceptedAt'])
    .executeTakeFirstOrThrow()
}

/**
 * Every invitation of the address a link was sent to, locked in one order: two of them accepted at
 * once must not both create an account. Empty when no invitation has this link.
 */
export async function lockInvitationsOfAddress(db: Db, tokenHash: string) {
  return db
    .selectFrom('invitations')
    .selectAll()
    .where(
      sql<boolean>`lower(email) = (select lower(email) from invitations where token_hash = ${tokenHash})`,
    )
    .orderBy('id')
    .forUpdate()
    .execute()
}

export async function markAccepted(db: Db, id: string, userId: string): Promise<void> {
  await db
    .updateTable('invitations')
    .set({ acceptedAt: sql`now()`, userId })
    .where('id', '=', id)
    .execute()
}
