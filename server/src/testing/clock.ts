import type { Clock } from '../http/clock.ts'

/** A clock a test sets (`buildTestApp({}, { clock })`): time moves only when the test says. */
export class TestClock implements Clock {
  private current: number

  constructor(start: string | Date) {
    this.current = new Date(start).getTime()
  }

  now(): Date {
    return new Date(this.current)
  }

  set(instant: string | Date): void {
    this.current = new Date(instant).getTime()
  }
}
