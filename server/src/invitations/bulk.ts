import { type SupportedLanguage, supportedLanguages } from '../course-format/languages.ts'
import type { Role } from '../db/schema.ts'
import type { ServiceContext } from '../http/context.ts'
import { hasRole } from '../http/auth.ts'
import { type FieldError, type FieldReason, Problem } from '../http/problem.ts'
import { isRegistered } from '../identity/service.ts'
import { parseCsv } from '../http/csv.ts'
import { isLineText } from '../http/schemas.ts'
import type { BulkReport, CreateInvitationBody } from './schemas.ts'
import {
  insertInvitation,
  type InvitingContext,
  inviterName,
  placementProblems,
  roleNames,
} from './sending.ts'

const bulkColumns = [
  'email',
  'name',
  'roles',
  'municipality_id',
  'association_id',
  'position',
  'language',
]
// EmailSchema's rule (`format: 'email'`, which Fastify's Ajv checks with ajv-formats' full regex,
// and at most 254 characters): a row the API would refuse must not invite someone who then cannot
// sign in. addresses.test.ts holds the two to the same answer.
const emailPattern =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i
const isEmailAddress = (text: string) => text.length <= 254 && emailPattern.test(text)
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Bulk invitations from CSV: a report per row; nothing is stored unless every row is good. */
// The API fields placement checks name, as the columns of the bulk CSV.
const csvColumns: Record<string, string> = {
  '/municipalityId': '/municipality_id',
  '/associationId': '/association_id',
}

export async function inviteMany(
  request: ServiceContext,
  origin: string,
  csv: string,
  dryRun: boolean,
): Promise<BulkReport> {
  const ctx: InvitingContext = { ...request, origin }
  let rows
  try {
    rows = parseCsv(csv, ['email', 'name', 'roles'])
  } catch (error) {
    throw Problem.validation([
      { pointer: '/body/csv', reason: 'format', detail: (error as Error).message },
    ])
  }
  if (rows.length === 0)
    throw Problem.validation([{ pointer: '/body/csv', reason: 'too-short', detail: 'has no rows' }])
  if (rows.length > 1000)
    throw Problem.validation([
      { pointer: '/body/csv', reason: 'too-long', detail: 'has more than 1000 rows' },
    ])
  const unknownColumns = Object.keys(rows[0]!.values).filter(
    (column) => !bulkColumns.includes(column),
  )
  if (unknownColumns.length > 0)
    throw Problem.validation([
      {
        pointer: '/body/csv',
        reason: 'unknown-field',
        detail: `line 1: unknown column(s) ${unknownColumns.join(', ')}`,
      },
    ])

  const seen = new Set<string>()
  const checked: {
    line: number
    email: string
    ok: boolean
    errors: FieldError[]
    input: CreateInvitationBody
    registered: boolean
  }[] = []
  // Admins are told which addresses have an account; coordinators get the same report either way.
  const isAdmin = hasRole(ctx.actor, 'admin')
  for (const { line, values } of rows) {
    const errors: FieldError[] = []
    const refuse = (column: string, reason: FieldReason, detail: string) =>
      errors.push({ pointer: `/${column}`, reason, detail })
    const email = values.email ?? ''
    const roles = (values.roles ?? '')
      .split(/[;|]/)
      .map((role) => role.trim())
      .filter(Boolean) as Role[]
    const wellFormed = isEmailAddress(email)
    const registered = wellFormed && (await isRegistered(ctx.db, email))
    if (!wellFormed) refuse('email', 'format', 'e-mail address is not valid')
    else if (seen.has(email.toLowerCase()))
      refuse('email', 'conflict', 'e-mail address appears twice in the file')
    else if (registered && isAdmin)
      refuse('email', 'conflict', 'someone with this e-mail address has an account already')
    seen.add(email.toLowerCase())
    if (!values.name) refuse('name', 'required', 'name is empty')
    for (const column of ['name', 'position'] as const) {
      if (values[column] && !isLineText(values[column]!))
        refuse(column, 'invalid-text', `${column} has a line break or a bidirectional override`)
    }
    if (roles.length === 0) refuse('roles', 'required', 'no role given')
    const badRoles = roles.filter((role) => !roleNames.includes(role))
    if (badRoles.length > 0)
      refuse('roles', 'unknown-reference', `unknown role(s) ${badRoles.join(', ')}`)
    for (const column of ['municipality_id', 'association_id'] as const) {
      if (values[column] && !uuidPattern.test(values[column]!))
        refuse(column, 'format', `${column} is not an id`)
    }
    const language = values.language || undefined
    const supported = (supportedLanguages as readonly string[]).includes(language ?? 'en')
    if (!supported)
      refuse('language', 'not-allowed', `language ${language} is not one Agora supports`)
    const input: CreateInvitationBody = {
      email,
      name: values.name ?? '',
      roles: badRoles.length > 0 ? [] : [...new Set(roles)],
      ...(values.municipality_id ? { municipalityId: values.municipality_id } : {}),
      ...(values.association_id ? { associationId: values.association_id } : {}),
      ...(values.position ? { position: values.position } : {}),
      ...(language && supported ? { preferredLanguage: language as SupportedLanguage } : {}),
    }
    if (errors.length === 0)
      errors.push(
        ...(await placementProblems(ctx.db, ctx.actor, input, '')).map((error) => ({
          ...error,
          pointer: csvColumns[error.pointer] ?? error.pointer,
        })),
      )
    checked.push({ line, email, ok: errors.length === 0, errors, input, registered })
  }
  const valid = checked.every((row) => row.ok)
  let created = 0
  if (valid && !dryRun) {
    const name = await inviterName(ctx.db, ctx.actor)
    await ctx.db.transaction().execute(async (trx) => {
      for (const row of checked)
        await insertInvitation(trx, ctx, row.input, {
          inviterName: name,
          registered: row.registered,
        })
    })
    created = checked.length
  }
  return {
    dryRun,
    valid,
    created,
    rows: checked.map(({ line, email, ok, errors }) => ({ line, email, ok, errors })),
  }
}
