import { createHmac } from 'node:crypto'

/** An HS256 access token as the server issues it, signed here so the bench needs no logins. */
export function accessToken(
  secret: string,
  userId: string,
  claims: { roles: string[]; assoc: string | null } = { roles: ['learner'], assoc: null },
): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const now = Math.floor(Date.now() / 1000)
  const body = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ sub: userId, ...claims, iat: now, exp: now + 3600 })}`
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`
}
