import { sql, type Transaction } from 'kysely'
import type { Db } from '../db/create-db.ts'
import type { CallApplicantKind, CallStatus, Database } from '../db/schema.ts'
import type { PageQuery } from '../http/pagination.ts'

// A call with what every view of it needs: its cluster's association and name, and the
// association's slug and name for public pages (clusters and associations are read here, by join).
const callColumns = [
  'k.id',
  'k.clusterId',
  'k.title',
  'k.body',
  'k.eligibleCountries',
  'k.eligibleAssociationIds',
  'k.eligibleMunicipalityIds',
  'k.eligiblePositions',
  'k.applicantKind',
  'k.maxNominees',
  'k.places',
  'k.deadline',
  'k.timeZone',
  'k.form',
  'k.criteria',
  'k.status',
  'k.publishedAt',
  'k.createdAt',
  'k.updatedAt',
  'c.associationId',
  'c.name as clusterName',
  'a.slug as associationSlug',
  'a.name as associationName',
] as const

function selectCalls(db: Db) {
  return db
    .selectFrom('calls as k')
    .innerJoin('clusters as c', 'c.id', 'k.clusterId')
    .innerJoin('associations as a', 'a.id', 'c.associationId')
    .select(callColumns)
}

export async function findCall(db: Db, id: string) {
  return selectCalls(db).where('k.id', '=', id).executeTakeFirst()
}
export type CallRow = NonNullable<Awaited<ReturnType<typeof findCall>>>

/** Locks the call row for a change, then reads it whole. */
export async function lockCall(trx: Transaction<Database>, id: string) {
  const locked = await trx
    .selectFrom('calls')
    .select('id')
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
  return locked ? findCall(trx, id) : undefined
}

export interface CallValues {
  title: string
  body: string
  eligibleCountries: string[]
  eligibleAssociationIds: string[]
  eligibleMunicipalityIds: string[]
  eligiblePositions: string[]
  applicantKind: CallApplicantKind
  maxNominees: number | null
  places: number | null
  deadline: Date | null
  timeZone: string | null
  /** JSON of the form and of the criteria. */
  form: string
  criteria: string
}

export async function insertCall(
  trx: Transaction<Database>,
  values: CallValues & { clusterId: string; createdBy: string },
): Promise<string> {
  const { id } = await trx
    .insertInto('calls')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
}

export async function updateCall(
  trx: Transaction<Database>,
  id: string,
  values: Partial<CallValues & { status: CallStatus; publishedAt: Date }>,
) {
  await trx
    .updateTable('calls')
    .set({ ...values, updatedAt: new Date() })
    .where('id', '=', id)
    .execute()
}

export async function deleteCall(trx: Transaction<Database>, id: string) {
  await trx.deleteFrom('calls').where('id', '=', id).execute()
}

export async function listCallsOfCluster(
  db: Db,
  clusterId: string,
  filter: { status?: CallStatus },
  window: PageQuery,
) {
  let query = selectCalls(db)
    .select(sql<number>`count(*) over ()`.as('total'))
    .where('k.clusterId', '=', clusterId)
  if (filter.status) query = query.where('k.status', '=', filter.status)
  return query
    .orderBy('k.createdAt', 'desc')
    .orderBy('k.id')
    .limit(window.limit)
    .offset(window.offset)
    .execute()
}

/**
 * Open calls still taking applications at `now` (the deadline's minute not yet over), soonest
 * deadline first; by association slug or country (the association's) when asked.
 */
export async function listOpenCalls(
  db: Db,
  now: Date,
  filter: { associationSlug?: string; countryCode?: string },
  window: PageQuery,
) {
  let query = selectCalls(db)
    .select(sql<number>`count(*) over ()`.as('total'))
    .where('k.status', '=', 'open')
    .where('k.deadline', '>', new Date(now.getTime() - 60_000))
  if (filter.associationSlug) query = query.where('a.slug', '=', filter.associationSlug)
  if (filter.countryCode) query = query.where('a.countryCode', '=', filter.countryCode)
  return query
    .orderBy('k.deadline')
    .orderBy('k.id')
    .limit(window.limit)
    .offset(window.offset)
    .execute()
}

/** How many other calls of the cluster are open (closing the last one moves the cluster on). */
export async function countOtherOpenCalls(
  trx: Transaction<Database>,
  clusterId: string,
  exceptId: string,
): Promise<number> {
  const row = await trx
    .selectFrom('calls')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('clusterId', '=', clusterId)
    .where('status', '=', 'open')
    .where('id', '<>', exceptId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Which of these references exist: countries by code, associations and municipalities by id. */
export async function findExistingPlaces(
  db: Db,
  refs: { countries: string[]; associationIds: string[]; municipalityIds: string[] },
) {
  const [countries, associations, municipalities] = await Promise.all([
    refs.countries.length === 0
      ? []
      : db.selectFrom('countries').select('code').where('code', 'in', refs.countries).execute(),
    refs.associationIds.length === 0
      ? []
      : db.selectFrom('associations').select('id').where('id', 'in', refs.associationIds).execute(),
    refs.municipalityIds.length === 0
      ? []
      : db
          .selectFrom('municipalities')
          .select('id')
          .where('id', 'in', refs.municipalityIds)
          .execute(),
  ])
  return {
    countries: new Set(countries.map((row) => row.code)),
    associationIds: new Set(associations.map((row) => row.id)),
    municipalityIds: new Set(municipalities.map((row) => row.id)),
  }
}
