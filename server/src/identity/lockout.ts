import type { Db } from '../db/create-db.ts'
import { Problem } from '../http/problem.ts'
import {
  countThrottledFailure,
  delayThrottle,
  deleteStaleThrottles,
  deleteThrottles,
  findThrottleWait,
  markThrottleNotified,
} from './queries.ts'

// Failed sign-ins slow down, they never lock (OWASP, "Account lockout": a lock-out anyone can
// trigger is a denial of service). One client guessing at one address waits longer and longer;
// every client together only meet a far higher brake; the owner with a live session or a fresh
// reset link is never held back, and hears about repeated failures by e-mail.

/** Failures one client may make at one address before it has to wait. */
export const freeFailures = 5
const longestClientDelaySeconds = 60
const clientWindowSeconds = 60 * 60

/** Failures of all clients together at one address before each further attempt has to wait. */
export const addressFreeFailures = 100
const longestAddressDelaySeconds = 5 * 60
const addressWindowSeconds = 24 * 60 * 60

/** The address's holder is told by e-mail at this many failures, at most once a day. */
export const notifyAfterFailures = 10
const notifyAtMostEveryHours = 24

/** The client row of a throttle is the address across all clients when '' (see schema.ts). */
const everyClient = ''

function delaySeconds(failures: number, free: number, longest: number): number {
  if (failures < free) return 0
  return Math.min(2 ** (failures - free + 1), longest)
}

/** Seconds one client waits after its nth failure at an address: 2, 4, 8 … up to a minute. */
export const clientDelaySeconds = (failures: number) =>
  delaySeconds(failures, freeFailures, longestClientDelaySeconds)

/** Seconds every client waits after the nth failure at an address from all of them. */
export const addressDelaySeconds = (failures: number) =>
  delaySeconds(failures, addressFreeFailures, longestAddressDelaySeconds)

export function emailKey(email: string): string {
  return email.trim().toLowerCase()
}

/** Whose failures hold a sign-in back: this client's, or the address's across all clients. */
export type ThrottleScope = 'client' | 'address'

export interface Wait {
  seconds: number
  scope: ThrottleScope
}

export function throttledProblem(wait: Wait): Problem {
  const retryAfter = Math.max(1, Math.ceil(wait.seconds))
  return new Problem(
    429,
    'login-throttled',
    'Too many failed sign-ins',
    wait.scope === 'client'
      ? `Too many failed sign-ins for this address from this client; try again in ${retryAfter} seconds.`
      : `Too many failed sign-ins for this address; try again in ${retryAfter} seconds, or reset the password.`,
    { retryAfter, scope: wait.scope },
  )
}

/** The wait still due before this client may try the address again, if any. */
export async function waitBeforeSignIn(
  db: Db,
  email: string,
  client: string,
): Promise<Wait | undefined> {
  const row = await findThrottleWait(db, emailKey(email), client)
  if (!row) return undefined
  return { seconds: Number(row.seconds), scope: row.client === everyClient ? 'address' : 'client' }
}

/**
 * Counts a failure for the client and for the address; resolves with the wait it earned (if any)
 * and whether the address's holder is due an e-mail about it (marked as told already).
 */
export async function recordFailure(
  db: Db,
  email: string,
  client: string,
): Promise<{ wait: Wait | undefined; notify: boolean }> {
  const key = emailKey(email)
  const fromClient = await countThrottledFailure(db, {
    emailKey: key,
    client,
    windowSeconds: clientWindowSeconds,
  })
  const fromAll = await countThrottledFailure(db, {
    emailKey: key,
    client: everyClient,
    windowSeconds: addressWindowSeconds,
  })
  const clientWait = clientDelaySeconds(fromClient.failures)
  const addressWait = addressDelaySeconds(fromAll.failures)
  if (clientWait > 0) await delayThrottle(db, { emailKey: key, client, seconds: clientWait })
  if (addressWait > 0)
    await delayThrottle(db, { emailKey: key, client: everyClient, seconds: addressWait })
  const notify =
    fromAll.failures >= notifyAfterFailures &&
    (await markThrottleNotified(db, key, notifyAtMostEveryHours))
  const wait: Wait | undefined =
    addressWait > clientWait
      ? { seconds: addressWait, scope: 'address' }
      : clientWait > 0
        ? { seconds: clientWait, scope: 'client' }
        : undefined
  return { wait, notify }
}

/** A sign-in from this client worked: its failures are forgotten (the address's brake decays). */
export async function clearClientFailures(db: Db, email: string, client: string): Promise<void> {
  await deleteThrottles(db, emailKey(email), client)
}

/** A new password from a reset link: every failure at the address is forgotten. */
export async function clearFailures(db: Db, email: string): Promise<void> {
  await deleteThrottles(db, emailKey(email))
}

/** A throttle untouched for a day holds nothing a sign-in still needs. */
const throttleRetentionHours = 24

/** Deletes up to `batch` stale throttle rows; resolves with how many went. */
export const purgeLoginThrottles = (db: Db, batch: number) =>
  deleteStaleThrottles(db, throttleRetentionHours, batch)
