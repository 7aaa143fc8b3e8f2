/** Where services read the time: the system's, or in tests one that is set (nothing sleeps). */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }
