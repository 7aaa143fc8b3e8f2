import type { FastifyInstance } from 'fastify'
import { describe, expect, test } from 'vitest'
import { instantOfLocalTime } from '../calls/service.ts'
import { buildTestApp } from '../testing/app.ts'
import { openCall } from '../testing/applications.ts'
import { bearer, createUser, tokenFor } from '../testing/factories.ts'
import { TestClock } from '../testing/clock.ts'

const clock = new TestClock('2027-03-01T08:00:00Z')
const it = test.extend<{ app: FastifyInstance }>({
  app: [
    async ({}, use) => {
      const app = await buildTestApp({}, { clock })
      await use(app)
      await app.close()
    },
    { scope: 'file' },
  ],
})

function instant(local: string, zone: string): Date {
  const result = instantOfLocalTime(local, zone)
  if (!result.ok) throw new Error(`${local} ${zone}: ${result.reason}`)
  return result.instant
}

const answers = {
  answers: { motivation: 'I coordinate the local action plan for Roma inclusion.' },
  candidates: [{ position: 'officer' }],
}

/**
 * The server's clock against deadlines written in the call's zone on the days the clocks change:
 * Belgrade's spring change (28 March 2027, 02:00 → 03:00) and Stockholm's autumn change
 * (31 October 2027, 03:00 → 02:00, where 02:30 comes twice and names the earlier instant).
 */
describe('the deadline, in the call’s time zone, across a daylight-saving change', () => {
  for (const { zone, local, utc } of [
    { zone: 'Europe/Belgrade', local: '2027-03-28T03:30', utc: '2027-03-28T01:30:00.000Z' },
    { zone: 'Europe/Stockholm', local: '2027-10-31T02:30', utc: '2027-10-31T00:30:00.000Z' },
  ])
    it(`${local} in ${zone} takes applications to the end of that minute and no later`, async ({
      app,
    }) => {
      const deadline = instant(local, zone)
      expect(deadline.toISOString()).toBe(utc)
      clock.set(new Date(deadline.getTime() - 3_600_000))
      const { callId } = await openCall(app, { deadline, timeZone: zone })
      const applicant = await createUser(app, { municipality: { country: 'RS', name: 'Niš' } })
      const headers = bearer(tokenFor(app, applicant))
      const save = () =>
        app.inject({
          method: 'PUT',
          url: `/api/v1/calls/${callId}/application`,
          headers,
          payload: answers,
        })
      clock.set(new Date(deadline.getTime() + 59_999))
      expect((await save()).statusCode).toBe(200)
      clock.set(new Date(deadline.getTime() + 60_000))
      const late = await save()
      expect(late.statusCode).toBe(409)
      expect(late.json()).toMatchObject({
        type: '/problems/deadline-passed',
        closedAt: new Date(deadline.getTime() + 60_000).toISOString(),
      })
      const submitted = await app.inject({
        method: 'POST',
        url: `/api/v1/calls/${callId}/application/submission`,
        headers,
      })
      expect(submitted.json().type).toBe('/problems/deadline-passed')
    })
})
