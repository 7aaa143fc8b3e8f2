import { recordAudit } from '../audit/service.ts'
import type { Db } from '../db/create-db.ts'
import type { ServiceContext } from '../http/context.ts'
import { moveMembers } from '../identity/service.ts'
import { type Page, pageOf } from '../http/pagination.ts'
import { type FieldError, type FieldReason, Problem } from '../http/problem.ts'
import { parseCsv } from '../http/csv.ts'
import { isLineText } from '../http/schemas.ts'
import {
  findAssociationById,
  findAssociationBySlug,
  findAssociationProfile,
  findCountry,
  findMunicipality,
  findMunicipalityAssociation,
  insertMunicipalities,
  listAssociations,
  listCountries,
  listMunicipalities as listMunicipalityRows,
  listMunicipalityKeys,
  mergeMunicipalityRows,
  moveInvitationsToMunicipality,
  type MunicipalityRow,
} from './queries.ts'
import { splitNames } from './reference.ts'
import type {
  CreateMunicipalityBody,
  ImportReport,
  ListMunicipalitiesQuery,
  Municipality,
} from './schemas.ts'

export { listAssociations, listCountries } from './queries.ts'

const toMunicipality = (row: MunicipalityRow): Municipality => ({
  id: row.id,
  name: row.name,
  altNames: row.altNames,
  officialCode: row.officialCode,
  countryCode: row.countryCode.trim(),
  association: row.slug ? { slug: row.slug, acronym: row.acronym! } : null,
})

export function listMunicipalities(
  db: Db,
  query: ListMunicipalitiesQuery,
): Promise<Page<Municipality>> {
  return pageOf(query, (window) => listMunicipalityRows(db, query, window), toMunicipality)
}

async function associationIdOf(db: Db, slug: string | undefined): Promise<string | null> {
  if (!slug) return null
  const row = await findAssociationBySlug(db, slug)
  if (!row)
    throw Problem.validation([
      {
        pointer: '/body/associationSlug',
        reason: 'unknown-reference',
        detail: `no association "${slug}"`,
      },
    ])
  return row.id
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === '23505'
}

export async function createMunicipality(
  ctx: ServiceContext,
  input: CreateMunicipalityBody,
): Promise<Municipality> {
  const { db, actor, ip } = ctx
  if (!(await findCountry(db, input.countryCode)))
    throw Problem.validation([
      {
        pointer: '/body/countryCode',
        reason: 'unknown-reference',
        detail: `no country ${input.countryCode}`,
      },
    ])
  const associationId = await associationIdOf(db, input.associationSlug)
  try {
    return await db.transaction().execute(async (trx) => {
      const [id] = await insertMunicipalities(trx, [
        {
          countryCode: input.countryCode,
          name: input.name.trim(),
          altNames: input.altNames ?? [],
          officialCode: input.officialCode ?? null,
          associationId,
        },
      ])
      await recordAudit(trx, {
        action: 'municipality.created',
        actorId: actor.id,
        subject: id,
        ip,
        details: { name: input.name.trim(), country: input.countryCode },
      })
      return toMunicipality((await findMunicipality(trx, id!))!)
    })
  } catch (error) {
    if (isUniqueViolation(error))
      throw new Problem(
        409,
        'conflict',
        'Municipality exists',
        'A municipality with this name or code exists in this country.',
      )
    throw error
  }
}

/** Merges a duplicate into another municipality: its people and invitations move, then it goes. */
export async function mergeMunicipality(
  ctx: ServiceContext,
  sourceId: string,
  intoId: string,
): Promise<Municipality> {
  const { db, actor, ip } = ctx
  if (sourceId === intoId)
    throw Problem.validation([
      {
        pointer: '/body/intoId',
        reason: 'conflict',
        detail: 'must differ from the municipality being merged',
      },
    ])
  return db.transaction().execute(async (trx) => {
    const [source, target] = await Promise.all([
      findMunicipality(trx, sourceId),
      findMunicipality(trx, intoId),
    ])
    if (!source) throw Problem.notFound('No such municipality.')
    if (!target)
      throw Problem.validation([
        { pointer: '/body/intoId', reason: 'unknown-reference', detail: 'no such municipality' },
      ])
    const usersMoved = await moveMembers(trx, sourceId, intoId)
    await moveInvitationsToMunicipality(trx, sourceId, intoId)
    const altNames = [...new Set([...target.altNames, source.name, ...source.altNames])].filter(
      (name) => name !== target.name,
    )
    await mergeMunicipalityRows(trx, sourceId, intoId, altNames)
    await recordAudit(trx, {
      action: 'municipality.merged',
      actorId: actor.id,
      subject: intoId,
      ip,
      details: { merged: source.name, into: target.name, usersMoved },
    })
    return toMunicipality((await findMunicipality(trx, intoId))!)
  })
}

const csvColumns = ['country', 'association', 'code', 'name', 'alt_names']

/** CSV import: every row is checked first; nothing is stored unless every row is good. */
export async function importMunicipalities(
  ctx: ServiceContext,
  csv: string,
  dryRun: boolean,
): Promise<ImportReport> {
  const { db, actor, ip } = ctx
  let rows
  try {
    rows = parseCsv(csv, csvColumns)
  } catch (error) {
    throw Problem.validation([
      { pointer: '/body/csv', reason: 'format', detail: (error as Error).message },
    ])
  }
  if (rows.length === 0)
    throw Problem.validation([{ pointer: '/body/csv', reason: 'too-short', detail: 'has no rows' }])
  if (rows.length > 5000)
    throw Problem.validation([
      { pointer: '/body/csv', reason: 'too-long', detail: 'has more than 5000 rows' },
    ])

  const countries = new Set((await listCountries(db)).map((country) => country.code))
  const associations = new Map((await listAssociations(db)).map((a) => [a.slug, a.id]))
  const existing = await listMunicipalityKeys(db)
  const takenNames = new Set(existing.map((m) => `${m.countryCode}|${m.name.toLowerCase()}`))
  const takenCodes = new Set(
    existing.filter((m) => m.officialCode).map((m) => `${m.countryCode}|${m.officialCode}`),
  )

  const report = rows.map(({ line, values }) => {
    const errors: FieldError[] = []
    const refuse = (column: string, reason: FieldReason, detail: string) =>
      errors.push({ pointer: `/${column}`, reason, detail })
    const country = (values.country ?? '').toUpperCase()
    const name = values.name ?? ''
    if (!countries.has(country))
      refuse('country', 'unknown-reference', `unknown country "${values.country}"`)
    if (!name) refuse('name', 'required', 'name is empty')
    for (const column of ['name', 'alt_names', 'code'] as const) {
      if (values[column] && !isLineText(values[column]!))
        refuse(column, 'invalid-text', `${column} has a line break or a bidirectional override`)
    }
    if (values.association && !associations.has(values.association))
      refuse('association', 'unknown-reference', `unknown association "${values.association}"`)
    const nameKey = `${country}|${name.toLowerCase()}`
    if (name && takenNames.has(nameKey))
      refuse('name', 'conflict', `"${name}" exists already in ${country}`)
    const codeKey = `${country}|${values.code}`
    if (values.code && takenCodes.has(codeKey))
      refuse('code', 'conflict', `code ${values.code} exists already in ${country}`)
    takenNames.add(nameKey)
    if (values.code) takenCodes.add(codeKey)
    return { line, name, ok: errors.length === 0, errors, country, values }
  })
  const valid = report.every((row) => row.ok)
  let created = 0
  if (valid && !dryRun) {
    await db.transaction().execute(async (trx) => {
      await insertMunicipalities(
        trx,
        report.map((row) => ({
          countryCode: row.country,
          name: row.name,
          altNames: splitNames(row.values.alt_names),
          officialCode: row.values.code || null,
          associationId: row.values.association ? associations.get(row.values.association)! : null,
        })),
      )
      await recordAudit(trx, {
        action: 'municipalities.imported',
        actorId: actor.id,
        ip,
        details: { rows: report.length },
      })
    })
    created = report.length
  }
  return {
    dryRun,
    valid,
    created,
    rows: report.map(({ line, name, ok, errors }) => ({ line, name, ok, errors })),
  }
}

/** Where a municipality belongs: found (with its association, if any) or not. */
export async function municipalityPlace(
  db: Db,
  municipalityId: string,
): Promise<{ associationId: string | null } | undefined> {
  return findMunicipalityAssociation(db, municipalityId)
}

export async function associationExists(db: Db, id: string): Promise<boolean> {
  return (await findAssociationById(db, id)) !== undefined
}

/** An association's public identity by its slug (the credentials' did:web issuers), if it exists. */
export async function associationBySlug(
  db: Db,
  slug: string,
): Promise<{ id: string; slug: string; name: string } | undefined> {
  return findAssociationProfile(db, slug)
}
