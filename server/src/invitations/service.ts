import { recordAudit } from '../audit/service.ts'
import { type SupportedLanguage, supportedLanguages } from '../course-format/languages.ts'
import type { Db } from '../db/create-db.ts'
import type { Role } from '../db/schema.ts'
import { type Actor, hasRole } from '../http/auth.ts'
import type { PublicContext, ServiceContext } from '../http/context.ts'
import { type Page, pageOf } from '../http/pagination.ts'
import { type FieldError, type FieldReason, Problem } from '../http/problem.ts'
import {
  createAccount,
  hashSecret,
  isRegistered,
  nameOf,
  newSecret,
  type Session,
  type SignAccessToken,
  startSessionOf,
} from '../identity/service.ts'
import { composeMail, enqueueMail } from '../mail/service.ts'
import { parseCsv } from '../http/csv.ts'
import { associationExists, municipalityPlace } from '../organisations/service.ts'
import {
  findInvitationByTokenHash,
  insertInvitation as insertInvitationRow,
  listInvitations as listInvitationRows,
  markAccepted,
  revokePendingInvitations,
} from './queries.ts'
import type { BulkReport, CreateInvitationBody, Invitation } from './schemas.ts'

export const invitationValidDays = 7
const roleNames: readonly Role[] = ['learner', 'trainer', 'coordinator', 'admin']

/** An invitation's service context: the request's, and the public origin its links point to. */
type InvitingContext = ServiceContext & { origin: string }

/** Where an invitation may place a person: admins anywhere, coordinators in their association. */
async function placementProblems(
  db: Db,
  actor: Actor,
  input: CreateInvitationBody,
  at: string,
): Promise<FieldError[]> {
  const errors: FieldError[] = []
  if (input.municipalityId && input.associationId) {
    errors.push({
      pointer: `${at}/associationId`,
      reason: 'conflict',
      detail: 'give a municipality or an association, not both',
    })
    return errors
  }
  let associationOfPlace: string | null = null
  if (input.municipalityId) {
    const municipality = await municipalityPlace(db, input.municipalityId)
    if (!municipality)
      errors.push({
        pointer: `${at}/municipalityId`,
        reason: 'unknown-reference',
        detail: 'no such municipality',
      })
    associationOfPlace = municipality?.associationId ?? null
  }
  if (input.associationId) {
    if (!(await associationExists(db, input.associationId)))
      errors.push({
        pointer: `${at}/associationId`,
        reason: 'unknown-reference',
        detail: 'no such association',
      })
    associationOfPlace = input.associationId
  }
  if (!hasRole(actor, 'admin')) {
    if (input.roles.some((role) => role !== 'learner'))
      errors.push({
        pointer: `${at}/roles`,
        reason: 'not-allowed',
        detail: 'coordinators may invite learners only',
      })
    if (!input.municipalityId && !input.associationId) {
      errors.push({
        pointer: `${at}/municipalityId`,
        reason: 'required',
        detail:
          'coordinators must place the person in their association or one of its municipalities',
      })
    } else if (errors.length === 0 && associationOfPlace !== actor.associationId) {
      errors.push({
        pointer: input.municipalityId ? `${at}/municipalityId` : `${at}/associationId`,
        reason: 'not-allowed',
        detail: 'is outside your association',
      })
    }
  }
  return errors
}

async function insertInvitation(
  db: Db,
  ctx: InvitingContext,
  input: CreateInvitationBody,
  inviterName: string,
): Promise<Invitation> {
  const token = newSecret()
  const email = input.email.trim()
  // A newer invitation replaces any pending one for the same address.
  await revokePendingInvitations(db, email)
  const row = await insertInvitationRow(db, {
    email,
    name: input.name.trim(),
    roles: [...new Set(input.roles)].sort(),
    municipalityId: input.municipalityId ?? null,
    associationId: input.associationId ?? null,
    position: input.position?.trim() || null,
    preferredLanguage: input.preferredLanguage ?? 'en',
    invitedBy: ctx.actor.id,
    tokenHash: hashSecret(token),
    expiresAt: new Date(Date.now() + invitationValidDays * 24 * 60 * 60 * 1000),
  })
  const mail = composeMail(
    'invitation',
    input.preferredLanguage ?? 'en',
    input,
    `${ctx.origin}/invitations/${token}`,
    { inviter: inviterName, validFor: '7d' },
  )
  await enqueueMail(db, { to: email, ...mail })
  await recordAudit(db, {
    action: 'invitation.created',
    actorId: ctx.actor.id,
    subject: row.id,
    ip: ctx.ip,
    details: { email, roles: row.roles },
  })
  return toInvitation(row)
}

const toInvitation = (row: {
  id: string
  email: string
  name: string
  roles: Role[]
  expiresAt: Date
  acceptedAt: Date | null
}): Invitation => ({
  id: row.id,
  email: row.email,
  name: row.name,
  roles: row.roles,
  expiresAt: new Date(row.expiresAt).toISOString(),
  acceptedAt: row.acceptedAt ? new Date(row.acceptedAt).toISOString() : null,
})

async function inviterName(db: Db, actor: Actor): Promise<string> {
  return (await nameOf(db, actor.id)) ?? 'Agora'
}

/** Invites one person by e-mail; the link is valid for 7 days and works once. */
export async function invite(
  request: ServiceContext,
  origin: string,
  input: CreateInvitationBody,
): Promise<Invitation> {
  const ctx: InvitingContext = { ...request, origin }
  const errors = await placementProblems(ctx.db, ctx.actor, input, '/body')
  if (
    errors.some(
      (error) =>
        error.detail.includes('outside your association') ||
        error.detail.startsWith('coordinators'),
    )
  ) {
    throw new Problem(
      403,
      'forbidden',
      'Forbidden',
      errors.map((error) => error.detail).join('; '),
      { errors },
    )
  }
  if (errors.length > 0) throw Problem.validation(errors)
  if (await isRegistered(ctx.db, input.email)) {
    throw new Problem(
      409,
      'conflict',
      'Already a user',
      'Someone with this e-mail address has an account already.',
    )
  }
  const name = await inviterName(ctx.db, ctx.actor)
  return ctx.db.transaction().execute((trx) => insertInvitation(trx, ctx, input, name))
}

const bulkColumns = [
  'email',
  'name',
  'roles',
  'municipality_id',
  'association_id',
  'position',
  'language',
]
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
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
  }[] = []
  for (const { line, values } of rows) {
    const errors: FieldError[] = []
    const refuse = (column: string, reason: FieldReason, detail: string) =>
      errors.push({ pointer: `/${column}`, reason, detail })
    const email = values.email ?? ''
    const roles = (values.roles ?? '')
      .split(/[;|]/)
      .map((role) => role.trim())
      .filter(Boolean) as Role[]
    if (!emailPattern.test(email)) refuse('email', 'format', 'e-mail address is not valid')
    else if (seen.has(email.toLowerCase()))
      refuse('email', 'conflict', 'e-mail address appears twice in the file')
    else if (await isRegistered(ctx.db, email))
      refuse('email', 'conflict', 'someone with this e-mail address has an account already')
    seen.add(email.toLowerCase())
    if (!values.name) refuse('name', 'required', 'name is empty')
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
    checked.push({ line, email, ok: errors.length === 0, errors, input })
  }
  const valid = checked.every((row) => row.ok)
  let created = 0
  if (valid && !dryRun) {
    const name = await inviterName(ctx.db, ctx.actor)
    await ctx.db.transaction().execute(async (trx) => {
      for (const row of checked) await insertInvitation(trx, ctx, row.input, name)
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

async function findByToken(db: Db, token: string) {
  const invitation = await findInvitationByTokenHash(db, hashSecret(token))
  if (!invitation || invitation.revokedAt)
    throw Problem.notFound('This invitation link is not valid.')
  if (invitation.acceptedAt)
    throw new Problem(
      410,
      'token-used',
      'Invitation already accepted',
      'This invitation has been used already; sign in instead.',
    )
  if (new Date(invitation.expiresAt) <= new Date())
    throw new Problem(
      410,
      'token-expired',
      'Invitation expired',
      'This invitation has expired; ask for a new one.',
    )
  return invitation
}

export async function describeInvitation(db: Db, token: string) {
  const invitation = await findByToken(db, token)
  return {
    email: invitation.email,
    name: invitation.name,
    expiresAt: new Date(invitation.expiresAt).toISOString(),
  }
}

/** Accepting creates the account with the invited roles and place, and signs the person in. */
export async function acceptInvitation(
  ctx: PublicContext,
  sign: SignAccessToken,
  token: string,
  password: string,
): Promise<Session> {
  return ctx.db.transaction().execute(async (trx) => {
    const invitation = await findByToken(trx, token)
    const id = await createAccount(
      trx,
      {
        email: invitation.email,
        name: invitation.name,
        roles: invitation.roles,
        preferredLanguage: invitation.preferredLanguage,
        municipalityId: invitation.municipalityId,
        associationId: invitation.associationId,
        position: invitation.position,
      },
      password,
    )
    await markAccepted(trx, invitation.id, id)
    await recordAudit(trx, {
      action: 'invitation.accepted',
      actorId: id,
      subject: invitation.id,
      ip: ctx.ip,
    })
    return startSessionOf(trx, sign, id)
  })
}

/** Invitations sent: all for admins, those into their association for coordinators. */
export async function listInvitations(
  { db, actor }: ServiceContext,
  page: { limit: number; offset: number },
): Promise<Page<Invitation>> {
  let associationId: string | null = null
  if (!hasRole(actor, 'admin')) {
    associationId = actor.associationId
    if (!associationId) throw Problem.forbidden('Your account is not attached to an association.')
  }
  return pageOf(page, (window) => listInvitationRows(db, { associationId }, window), toInvitation)
}
