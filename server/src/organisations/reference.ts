import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Db } from '../db/create-db.ts'
import { parseCsv } from '../http/csv.ts'
import { addAssociations, addCountries, addMunicipalities, listAssociations } from './queries.ts'

const referenceFolder = fileURLToPath(new URL('./reference/', import.meta.url))

function read(file: string, columns: string[]) {
  return parseCsv(readFileSync(join(referenceFolder, file), 'utf8'), columns).map(
    (row) => row.values,
  )
}

export const splitNames = (names: string | undefined) =>
  names
    ? names
        .split('|')
        .map((name) => name.trim())
        .filter(Boolean)
    : []

/**
 * Loads the shipped countries, associations and municipalities. Idempotent: rows that exist are
 * left alone (admins may have renamed or merged them), missing ones are added.
 */
export async function loadReferenceOrganisations(db: Db): Promise<{ added: number }> {
  const countries = read('countries.csv', ['code', 'name'])
  const associations = read('associations.csv', [
    'slug',
    'acronym',
    'country',
    'name',
    'name_local',
  ])
  const municipalityFiles = readdirSync(referenceFolder)
    .filter((file) => /^municipalities-[a-z]{2}\.csv$/.test(file))
    .sort()

  return db.transaction().execute(async (trx) => {
    let added = await addCountries(
      trx,
      countries.map((c) => ({ code: c.code!, name: c.name! })),
    )
    added += await addAssociations(
      trx,
      associations.map((a) => ({
        slug: a.slug!,
        acronym: a.acronym!,
        countryCode: a.country || null,
        name: a.name!,
        nameLocal: a.name_local || null,
      })),
    )
    const associationIds = new Map((await listAssociations(trx)).map((a) => [a.slug, a.id]))
    for (const file of municipalityFiles) {
      const rows = read(file, ['country', 'association', 'code', 'name', 'alt_names'])
      if (rows.length === 0) continue
      added += await addMunicipalities(
        trx,
        rows.map((m) => ({
          countryCode: m.country!,
          associationId: (m.association && associationIds.get(m.association)) || null,
          name: m.name!,
          altNames: splitNames(m.alt_names),
          officialCode: m.code || null,
        })),
      )
    }
    return { added }
  })
}
