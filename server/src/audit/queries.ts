import { sql } from 'kysely'
import type { Db } from '../db/create-db.ts'
import { likePattern } from '../db/like.ts'

export async function insertAuditEvent(
  db: Db,
  entry: {
    action: string
    actorId: string | null
    subject: string | null
    ip: string | null
    details: Record<string, unknown>
  },
): Promise<void> {
  await db
    .insertInto('auditEvents')
    .values({ ...entry, details: JSON.stringify(entry.details) })
    .execute()
}

export interface AuditFilter {
  action?: string
  /** Part of the actor's e-mail address. */
  actor?: string
  /** From this instant, inclusive. */
  from?: Date
  /** Up to this instant, exclusive. */
  until?: Date
}

/** A window of the audit log, newest first; each row carries the total (`count(*) over ()`). */
export function listAuditEvents(
  db: Db,
  filter: AuditFilter,
  window: { limit: number; offset: number },
) {
  let select = db
    .selectFrom('auditEvents as e')
    .leftJoin('users as u', 'u.id', 'e.actorId')
    .select([
      'e.id',
      'e.at',
      'e.action',
      'e.subject',
      'e.ip',
      'e.details',
      'u.id as actorId',
      'u.email as actorEmail',
      sql<number>`count(*) over ()`.as('total'),
    ])
  if (filter.action) select = select.where('e.action', '=', filter.action)
  if (filter.actor) select = select.where('u.email', 'ilike', likePattern(filter.actor))
  if (filter.from) select = select.where('e.at', '>=', filter.from)
  if (filter.until) select = select.where('e.at', '<', filter.until)
  return select
    .orderBy('e.at', 'desc')
    .orderBy('e.id')
    .limit(window.limit)
    .offset(window.offset)
    .execute()
}
