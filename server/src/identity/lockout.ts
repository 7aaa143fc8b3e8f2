import type { Db } from '../db/create-db.ts'
import { Problem } from '../http/problem.ts'
import {
  countFailure,
  deleteStaleThrottles,
  deleteThrottle,
  findLockSeconds,
  lockFor,
} from './queries.ts'

/** Failures allowed before the first lock-out; each further failure doubles it, up to an hour. */
export const failuresBeforeLock = 5
const firstLockSeconds = 60
const longestLockSeconds = 60 * 60

export function lockSeconds(failures: number): number {
  if (failures < failuresBeforeLock) return 0
  return Math.min(firstLockSeconds * 2 ** (failures - failuresBeforeLock), longestLockSeconds)
}

export function emailKey(email: string): string {
  return email.trim().toLowerCase()
}

export function lockedProblem(secondsLeft: number): Problem {
  const retryAfter = Math.max(1, Math.ceil(secondsLeft))
  return new Problem(
    429,
    'locked',
    'Too many failed sign-ins',
    `This account is locked for ${retryAfter} more seconds after repeated failed sign-ins.`,
    {
      retryAfter,
    },
  )
}

/** Seconds the address is still locked for, or 0. */
export async function secondsLocked(db: Db, email: string): Promise<number> {
  return findLockSeconds(db, emailKey(email))
}

/** Counts a failure; resolves with the lock it earned in seconds (0 while under the threshold). */
export async function recordFailure(db: Db, email: string): Promise<number> {
  const failures = await countFailure(db, emailKey(email))
  const seconds = lockSeconds(failures)
  if (seconds > 0) await lockFor(db, emailKey(email), seconds)
  return seconds
}

export async function clearFailures(db: Db, email: string): Promise<void> {
  await deleteThrottle(db, emailKey(email))
}

/** A throttle untouched for a day holds nothing a sign-in still needs. */
const throttleRetentionHours = 24

/** Deletes up to `batch` stale throttle rows; resolves with how many went. */
export const purgeLoginThrottles = (db: Db, batch: number) =>
  deleteStaleThrottles(db, throttleRetentionHours, batch)
