import type { Transaction } from 'kysely'
import { recordAudit } from '../audit/service.ts'
import type { Db } from '../db/create-db.ts'
import type { Database, Role } from '../db/schema.ts'
import type { Actor } from '../http/auth.ts'
import type { ServiceContext } from '../http/context.ts'
import { Problem } from '../http/problem.ts'
import { sessionEpochs } from '../http/session-epochs.ts'
import { assertPassword, hashPassword, verifyPassword } from './passwords.ts'
import {
  findPreferredLanguage,
  findUserByEmail,
  findUserById,
  hasStoredRole,
  insertUser,
  moveUsersToMunicipality,
  replaceRoles,
  retireResetLinks,
  revokeOtherSessions,
  updatePasswordHash,
  updateProfile,
} from './queries.ts'
import type { User } from './schemas.ts'
import { endAccessTokens } from './sessions.ts'
import { toUser } from './user-view.ts'

const accountGone = () =>
  new Problem(401, 'unauthorized', 'Authentication required', 'This account no longer exists.')

export async function getMe(db: Db, actor: Actor): Promise<User> {
  const user = await findUserById(db, actor.id)
  if (!user || user.erasedAt) throw accountGone()
  return toUser(user)
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

export async function updateMe(
  db: Db,
  actor: Actor,
  changes: {
    name?: string
    preferredLanguage?: string
    timeZone?: string
    position?: string | null
  },
): Promise<User> {
  if (changes.timeZone !== undefined && !isTimeZone(changes.timeZone)) {
    throw Problem.validation([
      {
        pointer: '/body/timeZone',
        reason: 'not-allowed',
        detail: 'is not a known time zone (use an IANA name such as Europe/Belgrade)',
      },
    ])
  }
  // One transaction: an account that is gone or erased is refused with nothing written, and
  // the answer is the row as this change left it.
  return db.transaction().execute(async (trx) => {
    const updated = await updateProfile(trx, actor.id, {
      ...(changes.name !== undefined ? { name: changes.name.trim() } : {}),
      ...(changes.preferredLanguage !== undefined
        ? { preferredLanguage: changes.preferredLanguage }
        : {}),
      ...(changes.timeZone !== undefined ? { timeZone: changes.timeZone } : {}),
      ...(changes.position !== undefined ? { position: changes.position?.trim() || null } : {}),
    })
    if (!updated) throw accountGone()
    return getMe(trx, actor)
  })
}

/**
 * Changes the password after checking the current one; other sessions and reset links end. Every
 * access token ends too, this session's included: it goes on after its next refresh.
 */
export async function changePassword(
  ctx: ServiceContext,
  current: string,
  next: string,
  keepFamily: string | null,
): Promise<void> {
  const user = await findUserById(ctx.db, ctx.actor.id)
  if (!user || !(await verifyPassword(user.passwordHash, current))) {
    throw new Problem(
      401,
      'invalid-credentials',
      'Wrong password',
      'The current password is not right.',
    )
  }
  assertPassword(next, user, '/body/newPassword')
  await ctx.db.transaction().execute(async (trx) => {
    await updatePasswordHash(trx, user.id, await hashPassword(next))
    await retireResetLinks(trx, user.id)
    await revokeOtherSessions(trx, user.id, keepFamily)
    await endAccessTokens(trx, user.id)
    await recordAudit(trx, {
      action: 'password.changed',
      actorId: user.id,
      subject: user.id,
      ip: ctx.ip,
    })
  })
}

/** The language a person reads in, as they chose it; undefined for an unknown id. */
export async function preferredLanguageOf(db: Db, userId: string): Promise<string | undefined> {
  return findPreferredLanguage(db, userId)
}

/** Whether a live account uses this e-mail address. */
export async function isRegistered(db: Db, email: string): Promise<boolean> {
  return (await findUserByEmail(db, email)) !== undefined
}

/** A person's name, for mail that names them ("… invited you"). */
export async function nameOf(db: Db, userId: string): Promise<string | undefined> {
  return (await findUserById(db, userId))?.name
}

/**
 * Creates a confirmed account with its roles and place (an accepted invitation), in the caller's
 * transaction: the password must meet the rule and the address must be free.
 */
export async function createAccount(
  trx: Transaction<Database>,
  person: {
    email: string
    name: string
    roles: Role[]
    preferredLanguage: string
    municipalityId: string | null
    associationId: string | null
    position: string | null
  },
  password: string,
): Promise<string> {
  assertPassword(password, person)
  if (await findUserByEmail(trx, person.email)) {
    throw new Problem(
      409,
      'conflict',
      'Already a user',
      'Someone with this e-mail address has an account already; sign in instead.',
    )
  }
  const { roles, ...fields } = person
  const id = await insertUser(trx, {
    ...fields,
    passwordHash: await hashPassword(password),
    emailVerifiedAt: new Date(),
  })
  await replaceRoles(trx, id, roles)
  return id
}

/** Whether the person holds the trainer role (course assignments need it). */
export async function isTrainer(db: Db, userId: string): Promise<boolean> {
  return hasStoredRole(db, userId, 'trainer')
}

/**
 * The people of a municipality move to another (a merge of duplicates); returns how many. Their
 * association may change with it, so their access tokens end (the next refresh says where they are).
 */
export async function moveMembers(db: Db, fromId: string, toId: string): Promise<number> {
  const moved = await moveUsersToMunicipality(db, fromId, toId)
  for (const id of moved) sessionEpochs.changed(id)
  return moved.length
}
