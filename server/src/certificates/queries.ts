import { sql, type Transaction } from 'kysely'
import type { Db } from '../db/create-db.ts'
import { likePattern } from '../db/like.ts'
import type { Database } from '../db/schema.ts'

const certificateColumns = [
  'c.id',
  'c.code',
  'c.enrolmentId',
  'c.issueNumber',
  'c.userId',
  'c.learnerName',
  'c.language',
  'c.courseId',
  'c.courseVersionId',
  'c.courseVersionNumber',
  'c.courseTitle',
  'c.minutes',
  'c.completedAt',
  'c.issuedAt',
  'c.associationId',
  'c.issuerName',
  'c.clusterId',
  'c.trainers',
  'c.statusIndex',
  'c.revokedAt',
  'c.revokedReason',
  'c.replacedById',
] as const

// A certificate with its course's slug and the code of the certificate that replaced it.
function selectCertificates(db: Db) {
  return db
    .selectFrom('certificates as c')
    .innerJoin('courses as co', 'co.id', 'c.courseId')
    .leftJoin('certificates as r', 'r.id', 'c.replacedById')
    .select(certificateColumns)
    .select(['co.slug as courseSlug', 'r.code as replacedByCode'])
}

export type CertificateRow = NonNullable<Awaited<ReturnType<typeof findCertificateByCode>>>

export async function findCertificateByCode(db: Db, code: string) {
  return selectCertificates(db).where('c.code', '=', code).executeTakeFirst()
}

/** The certificate's stored credential (the signed VC-JWT), null after erasure. */
export async function findCredentialOf(db: Db, id: string): Promise<string | null> {
  const row = await db
    .selectFrom('certificates')
    .select('credential')
    .where('id', '=', id)
    .executeTakeFirst()
  return row?.credential ?? null
}

export async function findCertificateByStatusIndex(db: Db, statusIndex: number) {
  return selectCertificates(db).where('c.statusIndex', '=', statusIndex).executeTakeFirst()
}

/** Locks a certificate for revocation or re-issue; every change to one certificate takes it. */
export async function lockCertificate(trx: Transaction<Database>, code: string) {
  return trx
    .selectFrom('certificates')
    .select(['id', 'enrolmentId', 'issueNumber', 'associationId', 'revokedAt', 'replacedById'])
    .where('code', '=', code)
    .forUpdate()
    .executeTakeFirst()
}

export async function hasFirstCertificate(db: Db, enrolmentId: string): Promise<boolean> {
  const row = await db
    .selectFrom('certificates')
    .select('id')
    .where('enrolmentId', '=', enrolmentId)
    .where('issueNumber', '=', 1)
    .executeTakeFirst()
  return row !== undefined
}

export async function nextStatusIndex(db: Db): Promise<number> {
  const { rows } = await sql<{
    index: number
  }>`select nextval('certificate_status_index')::integer as index`.execute(db)
  return rows[0]!.index
}

export type NewCertificate = Omit<
  Database['certificates'],
  | 'id'
  | 'issueNumber'
  | 'statusIndex'
  | 'trainers'
  | 'revokedAt'
  | 'revokedReason'
  | 'revokedBy'
  | 'replacedById'
> & {
  issueNumber: number
  statusIndex: number
  trainers: string[]
}

/**
 * Inserts a certificate unless its (enrolment, issue number) exists: of two issuers at once one
 * gets the id back, the other undefined.
 */
export async function insertCertificate(db: Db, values: NewCertificate & { id?: string }) {
  return db
    .insertInto('certificates')
    .values({ ...values, trainers: JSON.stringify(values.trainers) })
    .onConflict((oc) => oc.columns(['enrolmentId', 'issueNumber']).doNothing())
    .returning(['id', 'code'])
    .executeTakeFirst()
}

export async function updateRevoked(
  trx: Transaction<Database>,
  id: string,
  revocation: { at: Date; reason: string; by: string | null; replacedById?: string },
): Promise<void> {
  await trx
    .updateTable('certificates')
    .set({
      revokedAt: revocation.at,
      revokedReason: revocation.reason,
      revokedBy: revocation.by,
      ...(revocation.replacedById ? { replacedById: revocation.replacedById } : {}),
    })
    .where('id', '=', id)
    .execute()
}

// ── Reads across owners (ARCHITECTURE: certificates also reads) ─────────────────────────────────

/** What a certificate copies from the learner and the issuing association at issue. */
export async function findIssueFacts(db: Db, userId: string, clusterId: string | null) {
  const learner = await db
    .selectFrom('users')
    .select(['name', 'erasedAt'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow()
  const cluster = clusterId
    ? await db
        .selectFrom('clusters as cl')
        .innerJoin('associations as a', 'a.id', 'cl.associationId')
        .select(['a.id', 'a.slug', 'a.name'])
        .where('cl.id', '=', clusterId)
        .executeTakeFirst()
    : undefined
  return { learner, cluster }
}

/** The association of the course's first trainer (by name) who belongs to one. */
export async function findCourseTrainerAssociation(db: Db, courseId: string) {
  return db
    .selectFrom('courseTrainers as ct')
    .innerJoin('users as u', 'u.id', 'ct.userId')
    .innerJoin('associations as a', 'a.id', 'u.associationId')
    .select(['a.id', 'a.slug', 'a.name'])
    .where('ct.courseId', '=', courseId)
    .orderBy('u.name')
    .orderBy('u.id')
    .executeTakeFirst()
}

/** Names of a cluster's trainers, else of the course's, as they stand (erased people left out). */
export async function listTrainerNames(
  db: Db,
  clusterId: string | null,
  courseId: string,
): Promise<string[]> {
  if (clusterId) {
    const rows = await db
      .selectFrom('clusterTrainers as t')
      .innerJoin('users as u', 'u.id', 't.userId')
      .select('u.name')
      .where('t.clusterId', '=', clusterId)
      .where('u.erasedAt', 'is', null)
      .orderBy('u.name')
      .execute()
    if (rows.length > 0) return rows.map((row) => row.name)
  }
  const rows = await db
    .selectFrom('courseTrainers as t')
    .innerJoin('users as u', 'u.id', 't.userId')
    .select('u.name')
    .where('t.courseId', '=', courseId)
    .where('u.erasedAt', 'is', null)
    .orderBy('u.name')
    .execute()
  return rows.map((row) => row.name)
}

export async function findAssociationSlug(db: Db, id: string): Promise<string | null> {
  const row = await db
    .selectFrom('associations')
    .select('slug')
    .where('id', '=', id)
    .executeTakeFirst()
  return row?.slug ?? null
}

/**
 * Completed enrolments whose machine still stands at `completed` (no certificate issued yet),
 * oldest completion first: the sweep's work (`enrolments_awaiting_certificate_idx`).
 */
export async function listAwaitingEnrolments(db: Db, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('enrolments')
    .select('id')
    .where('status', '=', 'completed')
    .where(sql<boolean>`progress->>'value' = 'completed'`)
    .orderBy('completedAt')
    .limit(limit)
    .execute()
  return rows.map((row) => row.id)
}

// ── Lists ───────────────────────────────────────────────────────────────────────────────────────

export async function listCertificatesOfUser(db: Db, userId: string) {
  return selectCertificates(db)
    .where('c.userId', '=', userId)
    .orderBy('c.issuedAt', 'desc')
    .orderBy('c.issueNumber', 'desc')
    .execute()
}

/** A page of certificates for staff, each row carrying the total; `q` matches code or name. */
export async function listCertificates(
  db: Db,
  filter: { q?: string; associationId?: string; limit: number; offset: number },
) {
  let select = selectCertificates(db).select(sql<number>`count(*) over ()`.as('total'))
  if (filter.associationId) select = select.where('c.associationId', '=', filter.associationId)
  if (filter.q) {
    const pattern = likePattern(filter.q)
    select = select.where((eb) =>
      eb.or([eb('c.code', 'ilike', pattern), eb('c.learnerName', 'ilike', pattern)]),
    )
  }
  return select
    .orderBy('c.issuedAt', 'desc')
    .orderBy('c.id')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute()
}

/** The newest certificate of each enrolment given, with its code and whether it is revoked. */
export async function listLatestOfEnrolments(db: Db, enrolmentIds: readonly string[]) {
  if (enrolmentIds.length === 0) return []
  return db
    .selectFrom('certificates')
    .select(['enrolmentId', 'code', 'revokedAt', 'replacedById'])
    .distinctOn('enrolmentId')
    .where('enrolmentId', 'in', enrolmentIds)
    .orderBy('enrolmentId')
    .orderBy('issueNumber', 'desc')
    .execute()
}

/** Status indexes of revoked certificates in [from, to). */
export async function listRevokedIndexes(db: Db, from: number, to: number): Promise<number[]> {
  const rows = await db
    .selectFrom('certificates')
    .select('statusIndex')
    .where('revokedAt', 'is not', null)
    .where('statusIndex', '>=', from)
    .where('statusIndex', '<', to)
    .execute()
  return rows.map((row) => row.statusIndex)
}

export async function maxStatusIndex(db: Db): Promise<number | null> {
  const row = await db
    .selectFrom('certificates')
    .select((eb) => eb.fn.max('statusIndex').as('max'))
    .executeTakeFirst()
  return row?.max ?? null
}

// ── Personal data ───────────────────────────────────────────────────────────────────────────────

export async function listPersonalCertificates(db: Db, userId: string) {
  return db
    .selectFrom('certificates as c')
    .innerJoin('courses as co', 'co.id', 'c.courseId')
    .select([...certificateColumns, 'co.slug as courseSlug', 'c.credential', 'c.revokedBy'])
    .where('c.userId', '=', userId)
    .orderBy('c.issuedAt')
    .orderBy('c.issueNumber')
    .execute()
}

/** Erasure: the name and the signed credential (which names the person) go; the rest stays. */
export async function eraseCertificateNames(db: Db, userId: string): Promise<void> {
  await db
    .updateTable('certificates')
    .set({ learnerName: null, credential: null })
    .where('userId', '=', userId)
    .execute()
}
