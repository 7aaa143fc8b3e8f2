import { sql, type Transaction } from 'kysely'
import type { Db } from '../db/create-db.ts'
import type { ApplicationStatus, CandidateDecision, Database } from '../db/schema.ts'
import type { PageQuery } from '../http/pagination.ts'

const json = (value: unknown) => JSON.stringify(value)

/** The applicant's account with their municipality (users and municipalities read by join). */
export async function findPerson(db: Db, userId: string) {
  return db
    .selectFrom('users as u')
    .select([
      'u.id',
      'u.name',
      'u.email',
      'u.position',
      'u.municipalityId',
      'u.preferredLanguage',
      'u.erasedAt',
    ])
    .where('u.id', '=', userId)
    .executeTakeFirst()
}

export async function findMunicipality(db: Db, id: string) {
  return db
    .selectFrom('municipalities')
    .select(['id', 'name', 'countryCode', 'associationId'])
    .where('id', '=', id)
    .executeTakeFirst()
}

const applicationColumns = [
  'a.id',
  'a.callId',
  'a.applicantId',
  'a.municipalityId',
  'a.answers',
  'a.status',
  'a.submittedAt',
  'a.withdrawnAt',
  'a.createdAt',
  'a.updatedAt',
] as const

export async function findApplication(db: Db, callId: string, applicantId: string) {
  return db
    .selectFrom('applications as a')
    .select(applicationColumns)
    .where('a.callId', '=', callId)
    .where('a.applicantId', '=', applicantId)
    .executeTakeFirst()
}
export type ApplicationRow = NonNullable<Awaited<ReturnType<typeof findApplication>>>

/** Every change to an application holds its row. */
export async function lockApplication(
  trx: Transaction<Database>,
  callId: string,
  applicantId: string,
) {
  return trx
    .selectFrom('applications as a')
    .select(applicationColumns)
    .where('a.callId', '=', callId)
    .where('a.applicantId', '=', applicantId)
    .forUpdate()
    .executeTakeFirst()
}

/** Makes the application row if there is none (two first saves at once make one). */
export async function ensureApplication(
  trx: Transaction<Database>,
  callId: string,
  applicantId: string,
) {
  await trx
    .insertInto('applications')
    .values({ callId, applicantId })
    .onConflict((oc) => oc.columns(['callId', 'applicantId']).doNothing())
    .execute()
}

export async function updateApplication(
  trx: Transaction<Database>,
  id: string,
  values: {
    municipalityId?: string | null
    answers?: Record<string, unknown>
    status?: ApplicationStatus
    submittedAt?: Date
    withdrawnAt?: Date
  },
) {
  const { answers, ...rest } = values
  await trx
    .updateTable('applications')
    .set({ ...rest, ...(answers ? { answers: json(answers) } : {}), updatedAt: new Date() })
    .where('id', '=', id)
    .execute()
}

const candidateColumns = [
  'ac.id',
  'ac.applicationId',
  'ac.userId',
  'ac.fullName',
  'ac.email',
  'ac.position',
  'ac.languages',
  'ac.answers',
  'ac.declared',
  'ac.decision',
  'ac.decisionReason',
  'ac.decidedAt',
  'ac.createdAt',
] as const

export async function listCandidates(db: Db, applicationIds: readonly string[]) {
  if (applicationIds.length === 0) return []
  return db
    .selectFrom('applicationCandidates as ac')
    .select(candidateColumns)
    .where('ac.applicationId', 'in', applicationIds)
    .orderBy('ac.createdAt')
    .orderBy('ac.id')
    .execute()
}
export type CandidateRow = Awaited<ReturnType<typeof listCandidates>>[number]

export interface NewCandidate {
  userId: string | null
  fullName: string
  email: string
  position: string | null
  languages: string[]
  answers: Record<string, unknown>
  declared: Record<string, string>
}

/** A draft's candidates are replaced as a whole (only while nothing about them is decided). */
export async function replaceCandidates(
  trx: Transaction<Database>,
  applicationId: string,
  candidates: readonly NewCandidate[],
) {
  await trx.deleteFrom('applicationCandidates').where('applicationId', '=', applicationId).execute()
  if (candidates.length === 0) return
  await trx
    .insertInto('applicationCandidates')
    .values(
      candidates.map((c, index) => ({
        applicationId,
        userId: c.userId,
        fullName: c.fullName,
        email: c.email,
        position: c.position,
        languages: sql<string[]>`${sql.val(c.languages)}::text[]`,
        answers: json(c.answers),
        declared: json(c.declared),
        // Kept in the order given: the same instant would leave the order to chance.
        createdAt: sql<Date>`now() + make_interval(secs => ${index / 1000})`,
      })),
    )
    .execute()
}

/** The candidates of a call's submitted applications, with their place (municipalities by join). */
function submittedCandidates(db: Db, callId: string) {
  return db
    .selectFrom('applicationCandidates as ac')
    .innerJoin('applications as a', 'a.id', 'ac.applicationId')
    .leftJoin('municipalities as m', 'm.id', 'a.municipalityId')
    .select(candidateColumns)
    .select([
      'a.submittedAt',
      'a.applicantId',
      'a.answers as applicationAnswers',
      'm.id as municipalityId',
      'm.name as municipalityName',
      'm.countryCode',
      'm.associationId as municipalityAssociationId',
    ])
    .where('a.callId', '=', callId)
    .where('a.status', '=', 'submitted')
}

export async function listSubmittedCandidates(db: Db, callId: string) {
  return submittedCandidates(db, callId).orderBy('ac.id').execute()
}
export type SubmittedCandidateRow = Awaited<ReturnType<typeof listSubmittedCandidates>>[number]

/** Decisions on a call hold all its candidates' rows, so places are counted under one lock. */
export async function lockSubmittedCandidates(trx: Transaction<Database>, callId: string) {
  return submittedCandidates(trx, callId).orderBy('ac.id').forUpdate('ac').execute()
}

export async function setDecision(
  trx: Transaction<Database>,
  candidateId: string,
  values: {
    decision: CandidateDecision
    reason: string | null
    decidedBy: string | null
    userId?: string
  },
) {
  const { userId, reason, ...rest } = values
  await trx
    .updateTable('applicationCandidates')
    .set({
      ...rest,
      decisionReason: reason,
      decidedAt: new Date(),
      ...(userId ? { userId } : {}),
    })
    .where('id', '=', candidateId)
    .execute()
}

/** A candidate with the call it is for; `lock` holds the rows of the call's candidates. */
export async function findCandidate(db: Db, id: string) {
  return db
    .selectFrom('applicationCandidates as ac')
    .innerJoin('applications as a', 'a.id', 'ac.applicationId')
    .select(['ac.id', 'ac.userId', 'ac.decision', 'a.callId', 'a.status'])
    .where('ac.id', '=', id)
    .executeTakeFirst()
}

/** Accounts by address, compared without case (users read by join). */
export async function findAccountsByEmail(db: Db, emails: readonly string[]) {
  if (emails.length === 0) return []
  return db
    .selectFrom('users')
    .select(['id', sql<string>`lower(email)`.as('email'), 'preferredLanguage'])
    .where(
      sql`lower(email)`,
      'in',
      emails.map((e) => e.toLowerCase()),
    )
    .where('erasedAt', 'is', null)
    .execute()
}

/** The languages people read their mail in (users read by join). */
export async function findLanguages(db: Db, userIds: readonly string[]) {
  if (userIds.length === 0) return []
  return db
    .selectFrom('users')
    .select(['id', 'preferredLanguage'])
    .where('id', 'in', userIds)
    .execute()
}

/** A person's applications and candidacies, newest first, each row with the total. */
export async function listApplicationsOfPerson(db: Db, userId: string, window: PageQuery) {
  return db
    .selectFrom('applications as a')
    .innerJoin('calls as c', 'c.id', 'a.callId')
    .select([
      'a.id',
      'a.callId',
      'c.title as callTitle',
      'c.deadline',
      'a.applicantId',
      'a.status',
      'a.submittedAt',
      'a.createdAt',
    ])
    .select(sql<number>`count(*) over ()`.as('total'))
    .where((eb) =>
      eb.or([
        eb('a.applicantId', '=', userId),
        eb.exists(
          eb
            .selectFrom('applicationCandidates as ac')
            .select('ac.id')
            .whereRef('ac.applicationId', '=', 'a.id')
            .where('ac.userId', '=', userId),
        ),
      ]),
    )
    .orderBy('a.createdAt', 'desc')
    .orderBy('a.id')
    .limit(window.limit)
    .offset(window.offset)
    .execute()
}

/** Everything about a person for their data export: as applicant and as candidate. */
export async function collectPersonalApplications(db: Db, userId: string) {
  const applications = await db
    .selectFrom('applications as a')
    .innerJoin('calls as c', 'c.id', 'a.callId')
    .select([
      'a.id',
      'c.title as call',
      'a.status',
      'a.answers',
      'a.submittedAt',
      'a.withdrawnAt',
      'a.createdAt',
    ])
    .where('a.applicantId', '=', userId)
    .orderBy('a.createdAt')
    .execute()
  const candidacies = await db
    .selectFrom('applicationCandidates as ac')
    .innerJoin('applications as a', 'a.id', 'ac.applicationId')
    .innerJoin('calls as c', 'c.id', 'a.callId')
    .select('c.title as call')
    .select(candidateColumns)
    .where('ac.userId', '=', userId)
    .orderBy('ac.createdAt')
    .execute()
  return { applications, candidacies }
}

/**
 * Erasure: the person's declared answers go, and as a candidate their name and address too (the
 * row stays, so the call's counts hold). Their own candidate rows are found by account.
 */
export async function eraseCandidateData(db: Db, userId: string): Promise<void> {
  await db
    .updateTable('applicationCandidates')
    .set({
      declared: '{}',
      fullName: 'Erased user',
      email: sql<string>`'erased-' || id || '@invalid'`,
    })
    .where('userId', '=', userId)
    .execute()
}
