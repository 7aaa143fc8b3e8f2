import { sql } from 'kysely'
import type { Db } from '../db/create-db.ts'
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
