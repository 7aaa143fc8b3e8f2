import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import type { Role } from '../db/schema.ts'
import { hashPassword } from '../identity/passwords.ts'
import { replaceRoles } from '../identity/queries.ts'

export interface TestUser {
  id: string
  email: string
  name: string
  password: string
  roles: Role[]
  associationId: string | null
}

let counter = 0

/** A signed-up user, placed in an association (by slug) or a municipality (by country and name). */
export async function createUser(
  app: FastifyInstance,
  options: {
    roles?: Role[]
    association?: string
    municipality?: { country: string; name: string }
    email?: string
    name?: string
    verified?: boolean
  } = {},
): Promise<TestUser> {
  counter++
  const email = options.email ?? `user${counter}-${randomUUID().slice(0, 8)}@example.org`
  const name = options.name ?? `Tester Number${counter}`
  const password = 'correct horse battery staple'
  const association = options.association
    ? await app.db
        .selectFrom('associations')
        .select('id')
        .where('slug', '=', options.association)
        .executeTakeFirstOrThrow()
    : undefined
  const municipality = options.municipality
    ? await app.db
        .selectFrom('municipalities')
        .select(['id', 'associationId'])
        .where('countryCode', '=', options.municipality.country)
        .where('name', '=', options.municipality.name)
        .executeTakeFirstOrThrow()
    : undefined
  const { id } = await app.db
    .insertInto('users')
    .values({
      email,
      name,
      associationId: association?.id ?? null,
      municipalityId: municipality?.id ?? null,
      passwordHash: await hashPassword(password),
      emailVerifiedAt: options.verified === false ? null : new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const roles = options.roles ?? ['learner']
  await replaceRoles(app.db, id, roles)
  return {
    id,
    email,
    name,
    password,
    roles,
    associationId: association?.id ?? municipality?.associationId ?? null,
  }
}

/** An access token for the user, as login would issue it. */
export function tokenFor(app: FastifyInstance, user: TestUser): string {
  return app.jwt.sign({ sub: user.id, roles: user.roles, assoc: user.associationId })
}

/** An access token in the user's current session epoch (after they signed out everywhere, say). */
export async function currentTokenFor(app: FastifyInstance, user: TestUser): Promise<string> {
  const { sessionEpoch } = await app.db
    .selectFrom('users')
    .select('sessionEpoch')
    .where('id', '=', user.id)
    .executeTakeFirstOrThrow()
  return app.jwt.sign({
    sub: user.id,
    roles: user.roles,
    assoc: user.associationId,
    sep: sessionEpoch,
  })
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

export async function associationId(app: FastifyInstance, slug: string): Promise<string> {
  return (
    await app.db
      .selectFrom('associations')
      .select('id')
      .where('slug', '=', slug)
      .executeTakeFirstOrThrow()
  ).id
}

export async function municipalityId(
  app: FastifyInstance,
  country: string,
  name: string,
): Promise<string> {
  return (
    await app.db
      .selectFrom('municipalities')
      .select('id')
      .where('countryCode', '=', country)
      .where('name', '=', name)
      .executeTakeFirstOrThrow()
  ).id
}

/** The refresh cookie a response set, as a Cookie header value. */
export function refreshCookie(response: { cookies: { name: string; value: string }[] }): string {
  const cookie = response.cookies.find((c) => c.name === 'agora_refresh')
  if (!cookie) throw new Error('no agora_refresh cookie in the response')
  return `agora_refresh=${cookie.value}`
}
