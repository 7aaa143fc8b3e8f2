import { sql } from 'kysely'
import type { Db } from '../db/create-db.ts'
import { hotQuery } from '../db/hot-query.ts'
import type { Role } from '../db/schema.ts'
import { likePattern } from '../db/like.ts'

/** Users joined to their organisation, with roles and the association that scopes them. */
export function selectUsers(db: Db) {
  return db
    .selectFrom('users as u')
    .leftJoin('municipalities as m', 'm.id', 'u.municipalityId')
    .leftJoin('associations as a', (join) =>
      join.on(sql<boolean>`a.id = coalesce(u.association_id, m.association_id)`),
    )
    .select([
      'u.id',
      'u.email',
      'u.name',
      'u.preferredLanguage',
      'u.timeZone',
      'u.position',
      'u.passwordHash',
      'u.emailVerifiedAt',
      'u.erasedAt',
      'u.sessionEpoch',
      'u.createdAt',
      'm.id as municipalityId',
      'm.name as municipalityName',
      'm.countryCode as municipalityCountry',
      'a.id as associationId',
      'a.slug as associationSlug',
      'a.acronym as associationAcronym',
      'a.name as associationName',
      sql<
        Role[]
      >`coalesce((select array_agg(r.role order by r.role) from user_roles r where r.user_id = u.id), '{}')`.as(
        'roles',
      ),
    ])
}

export type UserRecord = Awaited<
  ReturnType<ReturnType<typeof selectUsers>['executeTakeFirstOrThrow']>
>

/** A window of the users a list shows, by name; each row carries the total (`count(*) over ()`). */
export function listUsers(
  db: Db,
  filter: { associationId: string | null; q?: string; role?: Role },
  window: { limit: number; offset: number },
) {
  let select = selectUsers(db).where('u.erasedAt', 'is', null)
  const association = filter.associationId
  // Members of the association directly or through one of its municipalities.
  if (association)
    select = select.where((eb) =>
      eb.or([eb('u.associationId', '=', association), eb('m.associationId', '=', association)]),
    )
  if (filter.q) {
    const pattern = likePattern(filter.q)
    select = select.where((eb) =>
      eb.or([eb('u.name', 'ilike', pattern), eb('u.email', 'ilike', pattern)]),
    )
  }
  const role = filter.role
  if (role) {
    select = select.where((eb) =>
      eb.exists(
        eb
          .selectFrom('userRoles as r')
          .select('r.userId')
          .whereRef('r.userId', '=', 'u.id')
          .where('r.role', '=', role),
      ),
    )
  }
  return select
    .select(sql<number>`count(*) over ()`.as('total'))
    .orderBy('u.name')
    .orderBy('u.id')
    .limit(window.limit)
    .offset(window.offset)
    .execute()
}

export function findUserById(db: Db, id: string) {
  return selectUsers(db).where('u.id', '=', id).executeTakeFirst()
}

export function findUserByEmail(db: Db, email: string) {
  return selectUsers(db)
    .where(sql`lower(u.email)`, '=', email.trim().toLowerCase())
    .where('u.erasedAt', 'is', null)
    .executeTakeFirst()
}

export async function replaceRoles(db: Db, userId: string, roles: Role[]): Promise<void> {
  await db.deleteFrom('userRoles').where('userId', '=', userId).execute()
  if (roles.length > 0)
    await db
      .insertInto('userRoles')
      .values(roles.map((role) => ({ userId, role })))
      .execute()
}

export async function adminExists(db: Db): Promise<boolean> {
  const row = await db
    .selectFrom('userRoles')
    .innerJoin('users', 'users.id', 'userRoles.userId')
    .select('userRoles.userId')
    .where('userRoles.role', '=', 'admin')
    .where('users.erasedAt', 'is', null)
    .executeTakeFirst()
  return row !== undefined
}

export async function findPreferredLanguage(db: Db, userId: string) {
  return (
    await db
      .selectFrom('users')
      .select('preferredLanguage')
      .where('id', '=', userId)
      .executeTakeFirst()
  )?.preferredLanguage
}

export async function insertUser(
  db: Db,
  user: {
    email: string
    name: string
    passwordHash: string
    preferredLanguage?: string
    municipalityId?: string | null
    associationId?: string | null
    position?: string | null
    emailVerifiedAt?: Date | null
  },
): Promise<string> {
  const { id } = await db.insertInto('users').values(user).returning('id').executeTakeFirstOrThrow()
  return id
}

export async function hasStoredRole(db: Db, userId: string, role: Role): Promise<boolean> {
  const row = await db
    .selectFrom('userRoles')
    .select('userId')
    .where('userId', '=', userId)
    .where('role', '=', role)
    .executeTakeFirst()
  return row !== undefined
}

/** Moves people to another municipality; their epoch moves on, as their association may change. */
export async function moveUsersToMunicipality(
  db: Db,
  fromId: string,
  toId: string,
): Promise<string[]> {
  const moved = await db
    .updateTable('users')
    .set({ municipalityId: toId, sessionEpoch: sql`session_epoch + 1` })
    .where('municipalityId', '=', fromId)
    .returning('id')
    .execute()
  return moved.map((row) => row.id)
}

type TokenPurpose = 'password-reset' | 'email-verification' | 'setup'

export async function insertUserToken(
  db: Db,
  token: { purpose: TokenPurpose; userId: string | null; tokenHash: string; expiresAt: Date },
): Promise<void> {
  await db.insertInto('userTokens').values(token).execute()
}

/** A one-time token, locked: claiming it must happen once. */
export async function lockUserToken(db: Db, purpose: TokenPurpose, tokenHash: string) {
  return db
    .selectFrom('userTokens')
    .selectAll()
    .where('tokenHash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .forUpdate()
    .executeTakeFirst()
}

export async function findUserToken(db: Db, purpose: TokenPurpose, tokenHash: string) {
  return db
    .selectFrom('userTokens')
    .select(['usedAt', 'expiresAt'])
    .where('tokenHash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .executeTakeFirst()
}

export async function markUserTokenUsed(db: Db, id: string): Promise<void> {
  await db
    .updateTable('userTokens')
    .set({ usedAt: sql`now()` })
    .where('id', '=', id)
    .execute()
}

/** Marks every unused token of a purpose used (a new setup link replaces the old ones). */
export async function retireUserTokens(db: Db, purpose: TokenPurpose): Promise<void> {
  await db
    .updateTable('userTokens')
    .set({ usedAt: sql`now()` })
    .where('purpose', '=', purpose)
    .where('usedAt', 'is', null)
    .execute()
}

/** Marks every unused reset link of a person used: a new password makes them all stale. */
export async function retireResetLinks(db: Db, userId: string): Promise<void> {
  await db
    .updateTable('userTokens')
    .set({ usedAt: sql`now()` })
    .where('userId', '=', userId)
    .where('purpose', '=', 'password-reset')
    .where('usedAt', 'is', null)
    .execute()
}

/** How many reset links the person was sent in the last `hours`. */
export async function countRecentResetLinks(db: Db, userId: string, hours: number) {
  const { count } = await db
    .selectFrom('userTokens')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('userId', '=', userId)
    .where('purpose', '=', 'password-reset')
    .where('createdAt', '>', sql<Date>`now() - make_interval(hours => ${hours})`)
    .executeTakeFirstOrThrow()
  return Number(count)
}

/** Stores a reset asked for by address: the one statement its request makes, known or not. */
export async function insertPasswordResetRequest(
  db: Db,
  request: { email: string; ip: string },
): Promise<void> {
  await db.insertInto('passwordResetRequests').values(request).execute()
}

/** Takes up to `limit` stored reset requests, oldest first; replicas never take the same one. */
export async function claimPasswordResetRequests(db: Db, limit: number) {
  return db
    .deleteFrom('passwordResetRequests')
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('passwordResetRequests')
        .select('id')
        .orderBy('requestedAt')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returning(['email', 'ip'])
    .execute()
}

export async function updatePasswordHash(db: Db, userId: string, passwordHash: string) {
  await db
    .updateTable('users')
    .set({ passwordHash, updatedAt: sql`now()` })
    .where('id', '=', userId)
    .execute()
}

export async function markEmailVerified(db: Db, userId: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ emailVerifiedAt: sql`now()` })
    .where('id', '=', userId)
    .execute()
}

/** Changes a live account's profile; false when there is none (gone or erased): nothing written. */
export async function updateProfile(
  db: Db,
  userId: string,
  changes: {
    name?: string
    preferredLanguage?: string
    timeZone?: string
    position?: string | null
  },
): Promise<boolean> {
  const updated = await db
    .updateTable('users')
    .set({ ...changes, updatedAt: sql`now()` })
    .where('id', '=', userId)
    .where('erasedAt', 'is', null)
    .executeTakeFirst()
  return updated.numUpdatedRows > 0n
}

const sessionEpochRows = hotQuery((db: Db, userIds: readonly string[]) =>
  db
    .selectFrom('users')
    .select(['id', 'sessionEpoch', 'erasedAt'])
    .where('id', '=', sql<string>`any(${userIds}::uuid[])`),
)

/**
 * The session epochs of these people, read together on the guard's cache misses; a person who
 * is gone is missing from the answer, an erased one is null.
 */
export async function findSessionEpochs(
  db: Db,
  userIds: readonly string[],
): Promise<Map<string, number | null>> {
  const { rows } = await sessionEpochRows(db, userIds)
  return new Map(rows.map((row) => [row.id, row.erasedAt ? null : row.sessionEpoch]))
}

/** Moves the person's session epoch on: every access token issued before is refused from now. */
export async function bumpSessionEpoch(db: Db, userId: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ sessionEpoch: sql`session_epoch + 1` })
    .where('id', '=', userId)
    .execute()
}

/** Revokes the person's live refresh tokens, except one family (the session that asks). */
export async function revokeOtherSessions(
  db: Db,
  userId: string,
  keepFamily: string | null,
): Promise<void> {
  let others = db
    .updateTable('refreshTokens')
    .set({ revokedAt: sql`now()` })
    .where('userId', '=', userId)
    .where('revokedAt', 'is', null)
  if (keepFamily) others = others.where('familyId', '!=', keepFamily)
  await others.execute()
}

export async function insertRefreshToken(
  db: Db,
  token: { userId: string; familyId: string; tokenHash: string; expiresAt: Date },
): Promise<void> {
  await db.insertInto('refreshTokens').values(token).execute()
}

/** A refresh token, locked: trading it in must happen once. */
export async function lockRefreshToken(db: Db, tokenHash: string) {
  return db
    .selectFrom('refreshTokens')
    .selectAll()
    .where('tokenHash', '=', tokenHash)
    .forUpdate()
    .executeTakeFirst()
}

export async function findRefreshToken(db: Db, tokenHash: string) {
  return db
    .selectFrom('refreshTokens')
    .select(['familyId', 'userId'])
    .where('tokenHash', '=', tokenHash)
    .executeTakeFirst()
}

/** The owner of a refresh token that still opens a session: not traded in, revoked or expired. */
export async function findLiveRefreshTokenUser(db: Db, tokenHash: string) {
  const row = await db
    .selectFrom('refreshTokens')
    .select('userId')
    .where('tokenHash', '=', tokenHash)
    .where('usedAt', 'is', null)
    .where('revokedAt', 'is', null)
    .where('expiresAt', '>', sql<Date>`now()`)
    .executeTakeFirst()
  return row?.userId
}

export async function markRefreshTokenUsed(db: Db, id: string): Promise<void> {
  await db
    .updateTable('refreshTokens')
    .set({ usedAt: sql`now()` })
    .where('id', '=', id)
    .execute()
}

export async function revokeFamily(db: Db, familyId: string): Promise<void> {
  await db
    .updateTable('refreshTokens')
    .set({ revokedAt: sql`now()` })
    .where('familyId', '=', familyId)
    .where('revokedAt', 'is', null)
    .execute()
}

/** Revokes every refresh token of the person (sessions.ts's revokeAllSessions also ends access). */
export async function revokeRefreshTokens(db: Db, userId: string): Promise<void> {
  await db
    .updateTable('refreshTokens')
    .set({ revokedAt: sql`now()` })
    .where('userId', '=', userId)
    .where('revokedAt', 'is', null)
    .execute()
}

/**
 * The longest wait still due for an address from a client: its own row and the address's row
 * across all clients (`client` ''). Undefined when neither holds a wait.
 */
export async function findThrottleWait(db: Db, emailKey: string, client: string) {
  return db
    .selectFrom('loginThrottles')
    .select(['client', sql<number>`extract(epoch from (retry_at - now()))`.as('seconds')])
    .where('emailKey', '=', emailKey)
    .where('client', 'in', [client, ''])
    .where('retryAt', '>', sql<Date>`now()`)
    .orderBy('retryAt', 'desc')
    .limit(1)
    .executeTakeFirst()
}

/**
 * Counts one more failed sign-in of an address from a client (or from all, with client ''); a
 * count whose last failure is older than `windowSeconds` starts again. Resolves with the count.
 */
export async function countThrottledFailure(
  db: Db,
  throttle: { emailKey: string; client: string; windowSeconds: number },
) {
  return db
    .insertInto('loginThrottles')
    .values({ emailKey: throttle.emailKey, client: throttle.client, failures: 1 })
    .onConflict((oc) =>
      oc.columns(['emailKey', 'client']).doUpdateSet({
        failures: sql`case when login_throttles.updated_at < now() - make_interval(secs => ${throttle.windowSeconds}) then 1 else login_throttles.failures + 1 end`,
        updatedAt: sql`now()`,
      }),
    )
    .returning(['failures', 'notifiedAt'])
    .executeTakeFirstOrThrow()
}

export async function delayThrottle(
  db: Db,
  throttle: { emailKey: string; client: string; seconds: number },
): Promise<void> {
  await db
    .updateTable('loginThrottles')
    .set({ retryAt: sql`now() + make_interval(secs => ${throttle.seconds})` })
    .where('emailKey', '=', throttle.emailKey)
    .where('client', '=', throttle.client)
    .execute()
}

/**
 * Marks the address's holder told of failed sign-ins, unless they were within `hours`; resolves
 * with whether this call marked it (so two replicas never both send the mail).
 */
export async function markThrottleNotified(db: Db, emailKey: string, hours: number) {
  const marked = await db
    .updateTable('loginThrottles')
    .set({ notifiedAt: sql`now()` })
    .where('emailKey', '=', emailKey)
    .where('client', '=', '')
    .where((eb) =>
      eb.or([
        eb('notifiedAt', 'is', null),
        eb('notifiedAt', '<', sql<Date>`now() - make_interval(hours => ${hours})`),
      ]),
    )
    .executeTakeFirst()
  return Number(marked.numUpdatedRows) > 0
}

/** Forgets the failures of an address from one client, or from every client when none is named. */
export async function deleteThrottles(db: Db, emailKey: string, client?: string): Promise<void> {
  let rows = db.deleteFrom('loginThrottles').where('emailKey', '=', emailKey)
  if (client !== undefined) rows = rows.where('client', '=', client)
  await rows.execute()
}

/** Deletes up to `batch` throttle rows untouched for `hours`; resolves with how many went. */
export async function deleteStaleThrottles(db: Db, hours: number, batch: number) {
  const stale = db
    .selectFrom('loginThrottles')
    .select(sql`ctid`.as('ctid'))
    .where('updatedAt', '<', sql<Date>`now() - make_interval(hours => ${hours})`)
    .limit(batch)
  const result = await db
    .deleteFrom('loginThrottles')
    .where(sql<boolean>`ctid = any(array(${stale}))`)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

// Personal data (GDPR art. 15, 17 and 20) is the one place identity reads and writes other
// features' rows on purpose: a person's data is wherever their id or e-mail address is, and an
// erasure must remove all of it in one transaction (ARCHITECTURE.md, "Tables and their owners").

/** What Agora stores about a person besides their account: sessions, invitations, activity. */
export async function findPersonalRecords(db: Db, user: { id: string; email: string }) {
  const email = user.email.trim().toLowerCase()
  const [sessions, emailLinks, passwordResetRequests, invitations, auditTrail] = await Promise.all([
    db
      .selectFrom('refreshTokens')
      .select(['createdAt', 'expiresAt', 'usedAt', 'revokedAt'])
      .where('userId', '=', user.id)
      .orderBy('createdAt')
      .execute(),
    // The links e-mailed to the person (address confirmation, password reset), without the secret.
    db
      .selectFrom('userTokens')
      .select(['purpose', 'createdAt', 'expiresAt', 'usedAt'])
      .where('userId', '=', user.id)
      .orderBy('createdAt')
      .execute(),
    db
      .selectFrom('passwordResetRequests')
      .select(['requestedAt', 'ip'])
      .where(sql`lower(email)`, '=', email)
      .orderBy('requestedAt')
      .execute(),
    db
      .selectFrom('invitations')
      .select(['email', 'name', 'roles', 'createdAt', 'expiresAt', 'acceptedAt'])
      .where(sql`lower(email)`, '=', email)
      .execute(),
    db
      .selectFrom('auditEvents')
      .select(['at', 'action', 'ip', 'details'])
      .where((eb) => eb.or([eb('actorId', '=', user.id), eb('subject', '=', user.id)]))
      .orderBy('at')
      .execute(),
  ])
  return { sessions, emailLinks, passwordResetRequests, invitations, auditTrail }
}

/**
 * Anonymises the account and removes every trace of the person: roles, tokens, invitations,
 * throttles, queued mail, and names, addresses and reasons in audit details. `email` is
 * lower-case.
 */
export async function eraseTraces(db: Db, userId: string, email: string): Promise<void> {
  await db
    .updateTable('users')
    .set({
      email: `erased-${userId}@invalid`,
      name: 'Erased user',
      position: null,
      passwordHash: null,
      municipalityId: null,
      associationId: null,
      erasedAt: sql`now()`,
      updatedAt: sql`now()`,
    })
    .where('id', '=', userId)
    .execute()
  await db.deleteFrom('userRoles').where('userId', '=', userId).execute()
  await revokeRefreshTokens(db, userId)
  await db.deleteFrom('refreshTokens').where('userId', '=', userId).execute()
  await db.deleteFrom('userTokens').where('userId', '=', userId).execute()
  await db
    .deleteFrom('invitations')
    .where(sql`lower(email)`, '=', email)
    .execute()
  await db.deleteFrom('loginThrottles').where('emailKey', '=', email).execute()
  await db
    .deleteFrom('passwordResetRequests')
    .where(sql`lower(email)`, '=', email)
    .execute()
  await db
    .deleteFrom('outboxMessages')
    .where(sql`lower(recipient)`, '=', email)
    .execute()
  await db
    .updateTable('auditEvents')
    .set({ details: sql`details - 'email' - 'name' - 'before' - 'after' - 'reason'` })
    .where((eb) =>
      eb.or([
        eb('actorId', '=', userId),
        eb('subject', '=', userId),
        eb(sql`lower(details->>'email')`, '=', email),
      ]),
    )
    .execute()
}
