import { type Insertable, sql } from 'kysely'
import type { Db } from '../db/create-db.ts'
import type { AssociationTable, CountryTable, MunicipalityTable } from '../db/schema.ts'
import { likePattern } from '../db/like.ts'

export function selectMunicipalities(db: Db) {
  return db
    .selectFrom('municipalities as m')
    .leftJoin('associations as a', 'a.id', 'm.associationId')
    .select([
      'm.id',
      'm.name',
      'm.altNames',
      'm.officialCode',
      'm.countryCode',
      'a.slug',
      'a.acronym',
    ])
}

export type MunicipalityRow = Awaited<
  ReturnType<ReturnType<typeof selectMunicipalities>['executeTakeFirstOrThrow']>
>

/** A window of municipalities by name; each row carries the total (`count(*) over ()`). */
export function listMunicipalities(
  db: Db,
  filter: { country?: string; association?: string; q?: string },
  window: { limit: number; offset: number },
) {
  let select = selectMunicipalities(db)
  if (filter.country) select = select.where('m.countryCode', '=', filter.country)
  if (filter.association) select = select.where('a.slug', '=', filter.association)
  if (filter.q) {
    const pattern = likePattern(filter.q)
    select = select.where((eb) =>
      eb.or([
        eb('m.name', 'ilike', pattern),
        eb(sql`array_to_string(m.alt_names, ' ')`, 'ilike', pattern),
      ]),
    )
  }
  return select
    .select(sql<number>`count(*) over ()`.as('total'))
    .orderBy('m.name')
    .orderBy('m.id')
    .limit(window.limit)
    .offset(window.offset)
    .execute()
}

export async function findMunicipalityAssociation(db: Db, municipalityId: string) {
  return db
    .selectFrom('municipalities')
    .select('associationId')
    .where('id', '=', municipalityId)
    .executeTakeFirst()
}

export async function findAssociationById(db: Db, id: string) {
  return db.selectFrom('associations').select('id').where('id', '=', id).executeTakeFirst()
}

export function listCountries(db: Db) {
  return db.selectFrom('countries').select(['code', 'name']).orderBy('name').execute()
}

export function listAssociations(db: Db) {
  return db
    .selectFrom('associations')
    .select(['id', 'slug', 'acronym', 'name', 'nameLocal', 'countryCode'])
    .orderBy('acronym')
    .execute()
}

export async function findCountry(db: Db, code: string) {
  return db.selectFrom('countries').select('code').where('code', '=', code).executeTakeFirst()
}

export async function findAssociationBySlug(db: Db, slug: string) {
  return db.selectFrom('associations').select('id').where('slug', '=', slug).executeTakeFirst()
}

export async function findAssociationProfile(db: Db, slug: string) {
  return db
    .selectFrom('associations')
    .select(['id', 'slug', 'name'])
    .where('slug', '=', slug)
    .executeTakeFirst()
}

export async function findMunicipality(db: Db, id: string) {
  return selectMunicipalities(db).where('m.id', '=', id).executeTakeFirst()
}

/** Every municipality's country, name and official code: what an import must not repeat. */
export async function listMunicipalityKeys(db: Db) {
  return db.selectFrom('municipalities').select(['countryCode', 'name', 'officialCode']).execute()
}

export async function insertMunicipalities(
  db: Db,
  rows: Insertable<MunicipalityTable>[],
): Promise<string[]> {
  const inserted = await db.insertInto('municipalities').values(rows).returning('id').execute()
  return inserted.map((row) => row.id)
}

/**
 * Pending invitations follow a merged municipality. This writes invitations' table from here on
 * purpose: invitations reads organisations (where a person may be placed), so organisations cannot
 * call invitations without a cycle, and the merge must be one transaction.
 */
export async function moveInvitationsToMunicipality(db: Db, fromId: string, toId: string) {
  await db
    .updateTable('invitations')
    .set({ municipalityId: toId })
    .where('municipalityId', '=', fromId)
    .execute()
}

/** Keeps the merged municipality's names as alternatives of the one it goes into, and deletes it. */
export async function mergeMunicipalityRows(
  db: Db,
  fromId: string,
  intoId: string,
  altNames: string[],
) {
  await db.updateTable('municipalities').set({ altNames }).where('id', '=', intoId).execute()
  await db.deleteFrom('municipalities').where('id', '=', fromId).execute()
}

const inserted = (results: { numInsertedOrUpdatedRows?: bigint }[]) =>
  results.reduce((sum, result) => sum + Number(result.numInsertedOrUpdatedRows ?? 0), 0)

/** Adds the countries that are missing; resolves with how many were added. */
export async function addCountries(db: Db, rows: Insertable<CountryTable>[]): Promise<number> {
  return inserted(
    await db
      .insertInto('countries')
      .values(rows)
      .onConflict((oc) => oc.doNothing())
      .execute(),
  )
}

/** Adds the associations whose slug is missing; resolves with how many were added. */
export async function addAssociations(
  db: Db,
  rows: Insertable<AssociationTable>[],
): Promise<number> {
  return inserted(
    await db
      .insertInto('associations')
      .values(rows)
      .onConflict((oc) => oc.column('slug').doNothing())
      .execute(),
  )
}

/** Adds the municipalities that are missing; resolves with how many were added. */
export async function addMunicipalities(
  db: Db,
  rows: Insertable<MunicipalityTable>[],
): Promise<number> {
  return inserted(
    await db
      .insertInto('municipalities')
      .values(rows)
      .onConflict((oc) => oc.doNothing())
      .execute(),
  )
}
