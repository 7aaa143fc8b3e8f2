import type { FastifyInstance } from 'fastify'
import ICAL from 'ical.js'
import type { ParsedMail } from 'mailparser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp } from '../testing/app.ts'
import { learnerAtGate, passModule } from '../testing/attendance.ts'
import { TestClock } from '../testing/clock.ts'
import { bearer, createUser, type TestUser, tokenFor } from '../testing/factories.ts'
import { enrolledLearner, importCivicBasics, type Learner } from '../testing/learning.ts'
import { type Mailbox, startMailbox } from '../testing/mail.ts'
import { courseTrainer, registerForSession, scheduleSession } from '../testing/webinars.ts'
import { sendWebinarReminders } from './service.ts'

let app: FastifyInstance
let mailbox: Mailbox
const clock = new TestClock('2027-03-01T08:00:00Z')
let trainer: { headers: { authorization: string } }

beforeAll(async () => {
  mailbox = await startMailbox()
  app = await buildTestApp(
    { SMTP_URL: mailbox.url, ORIGIN: 'https://agora.example.org' },
    { clock },
  )
  await importCivicBasics(app)
  trainer = await courseTrainer(app)
})
afterAll(async () => {
  await app.close()
  await mailbox.close()
})

/** The text/calendar part of a message, parsed by ical.js (independent of the writer). */
function calendarOf(mail: ParsedMail | undefined) {
  const part = mail?.attachments.find((a) => a.contentType.startsWith('text/calendar'))
  if (!part) throw new Error(`no calendar part in ${mail ? `"${mail.subject}"` : 'the mailbox'}`)
  return parseCalendar(part.content.toString('utf8'))
}

function parseCalendar(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text))
  for (const zone of calendar.getAllSubcomponents('vtimezone'))
    ICAL.TimezoneService.register(new ICAL.Timezone(zone))
  const events = calendar.getAllSubcomponents('vevent').map((vevent) => new ICAL.Event(vevent))
  return {
    calendar,
    method: calendar.getFirstPropertyValue('method'),
    zones: calendar.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid')),
    events,
    event: events[0]!,
  }
}

async function mailsTo(address: string) {
  await app.outbox.flush()
  return mailbox.to(address)
}

async function setTimeZone(userId: string, timeZone: string) {
  await app.db.updateTable('users').set({ timeZone }).where('id', '=', userId).execute()
}

describe('scheduling sessions', () => {
  it('a course trainer schedules one; the start in its zone becomes the instant, the agenda renders safely', async () => {
    const session = await scheduleSession(app, trainer.headers, 'civic-basics', {
      start: '2027-03-29T10:00',
      timeZone: 'Europe/Belgrade',
      agenda: 'Read **this** <script>alert(1)</script> [x](javascript:alert(1))',
      capacity: 20,
    })
    expect(session).toMatchObject({
      courseSlug: 'civic-basics',
      step: 'peer-exchange',
      startsAt: '2027-03-29T08:00:00.000Z',
      endsAt: '2027-03-29T09:00:00.000Z',
      timeZone: 'Europe/Belgrade',
      status: 'scheduled',
      sequence: 0,
      registered: 0,
      seatsLeft: 20,
    })
    expect(session.checkInCode).toMatch(/^[A-HJ-NP-Z2-9]{6}$/)
    expect(session.agendaHtml).toContain('<strong>this</strong>')
    expect(session.agendaHtml).not.toContain('<script')
    expect(session.agendaHtml).not.toContain('javascript:')
  })

  it("the course's list names its webinar steps (only those) beside the sessions, for the schedule form", async () => {
    const list = async (query = '') => {
      const response = await app.inject({
        url: `/api/v1/courses/civic-basics/webinars${query}`,
        headers: trainer.headers,
      })
      expect(response.statusCode).toBe(200)
      return response.json()
    }
    // Webinar steps have no text of their own in the course, so no title in any language.
    const steps = [{ slug: 'peer-exchange', title: null, alternative: 'good-practice' }]
    expect((await list()).steps).toEqual(steps)
    expect((await list('?lang=sr-Latn&include=past')).steps).toEqual(steps)
    expect((await list('?lang=sv')).steps).toEqual(steps)
    expect(
      (
        await app.inject({
          url: '/api/v1/courses/civic-basics/webinars?lang=xx',
          headers: trainer.headers,
        })
      ).statusCode,
    ).toBe(400)
  })

  it('refuses a step that is no webinar, a time the clocks skip, a past start and a plain-http link', async () => {
    const post = (payload: Record<string, unknown>) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/courses/civic-basics/webinars',
        headers: trainer.headers,
        payload: {
          step: 'peer-exchange',
          clusterId: null,
          title: 'T',
          agenda: '',
          start: '2027-04-01T10:00',
          timeZone: 'Europe/Belgrade',
          durationMinutes: 60,
          joinUrl: 'https://meet.example.org/x',
          capacity: null,
          language: 'en',
          ...payload,
        },
      })
    const notWebinar = await post({ step: '01-rights' })
    expect(notWebinar.statusCode).toBe(400)
    expect(notWebinar.json().errors[0]).toMatchObject({ pointer: '/body/step' })
    const gap = await post({ start: '2027-03-28T02:30' })
    expect(gap.statusCode).toBe(400)
    expect(gap.json().errors[0]).toMatchObject({ pointer: '/body/start', reason: 'invalid' })
    const past = await post({ start: '2027-02-01T10:00' })
    expect(past.json().errors[0]).toMatchObject({ pointer: '/body/start', reason: 'too-small' })
    const zone = await post({ timeZone: 'Mars/Olympus' })
    expect(zone.json().errors[0]).toMatchObject({ pointer: '/body/timeZone' })
    expect((await post({ joinUrl: 'http://meet.example.org/x' })).statusCode).toBe(400)
    expect((await post({ durationMinutes: 10 })).statusCode).toBe(400)
    const nul = await post({ title: 'Bad\u0000title', agenda: 'x\u0000' })
    expect(nul.statusCode).toBe(400)
    expect(nul.json().errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ pointer: '/body/title', reason: 'invalid-text' }),
      ]),
    )
    expect((await post({ capacity: 0 })).statusCode).toBe(400)
    expect((await post({ extra: true })).statusCode).toBe(400)
    // Nothing of any refused request was stored.
    const stored = await app.db
      .selectFrom('webinarSessions')
      .select('id')
      .where((eb) => eb.or([eb('title', '=', 'T'), eb('title', 'like', 'Bad%')]))
      .execute()
    expect(stored).toEqual([])
  })

  it('learners, trainers of other courses and coordinators without the cluster may not', async () => {
    const learner = await enrolledLearner(app)
    const other = bearer(tokenFor(app, await createUser(app, { roles: ['trainer'] })))
    const coordinator = bearer(
      tokenFor(app, await createUser(app, { roles: ['coordinator'], association: 'skgo' })),
    )
    const body = {
      step: 'peer-exchange',
      clusterId: null,
      title: 'T',
      agenda: '',
      start: '2027-04-01T10:00',
      timeZone: 'Europe/Belgrade',
      durationMinutes: 60,
      joinUrl: 'https://meet.example.org/x',
      capacity: null,
      language: 'en',
    }
    const url = '/api/v1/courses/civic-basics/webinars'
    expect(
      (await app.inject({ method: 'POST', url, headers: learner.headers, payload: body }))
        .statusCode,
    ).toBe(403)
    expect(
      (await app.inject({ method: 'POST', url, headers: other, payload: body })).statusCode,
    ).toBe(403)
    expect(
      (await app.inject({ method: 'POST', url, headers: coordinator, payload: body })).statusCode,
    ).toBe(403)
    const session = await scheduleSession(app, trainer.headers)
    const read = await app.inject({
      url: `/api/v1/webinars/${session.id}/registrations`,
      headers: other,
    })
    expect(read.statusCode).toBe(403)
    const asLearner = await app.inject({
      url: `/api/v1/webinars/${session.id}/registrations`,
      headers: learner.headers,
    })
    expect(asLearner.statusCode).toBe(403)
  })
})

describe('registering before the webinar step', () => {
  it('a learner who registered early finds the session as theirs at the gate, whose state stays open', async () => {
    const learner = await enrolledLearner(app)
    const session = await scheduleSession(app, trainer.headers, 'civic-basics', {
      title: 'Registered early',
      start: '2027-04-20T10:00',
    })
    await registerForSession(app, learner, session.id)
    const log = async () =>
      (
        await app.db
          .selectFrom('progressionEvents')
          .select('type')
          .where('enrolmentId', '=', learner.enrolmentId)
          .execute()
      ).map((row) => row.type)
    expect(await log()).not.toContain('webinar.registered')
    await passModule(app, learner, '01-rights')
    await passModule(app, learner, '02-services')
    // The step page reads the registration from this list, not from the gate's state.
    const list = (
      await app.inject({
        url: `/api/v1/enrolments/${learner.enrolmentId}/webinars?step=peer-exchange`,
        headers: learner.headers,
      })
    ).json()
    expect(list.state).toBe('open')
    expect(list.items.filter((s: { mine: boolean }) => s.mine)).toEqual([
      expect.objectContaining({
        id: session.id,
        mine: true,
        joinUrl: 'https://meet.example.org/agora-peer-exchange',
      }),
    ])
  })
})

describe('registering, invitations and their calendar part', () => {
  let learner: Learner
  let first: { id: string }
  let second: { id: string }

  it('a learner at the gate sees the sessions and registers: webinar.registered, an invitation with a VTIMEZONE', async () => {
    learner = await learnerAtGate(app)
    await setTimeZone(learner.user.id, 'Europe/Stockholm')
    first = await scheduleSession(app, trainer.headers, 'civic-basics', {
      title: 'Before the change',
      start: '2027-03-27T10:00',
      timeZone: 'Europe/Belgrade',
    })
    second = await scheduleSession(app, trainer.headers, 'civic-basics', {
      title: 'After the change',
      start: '2027-03-29T10:00',
      timeZone: 'Europe/Stockholm',
      language: 'sr-Latn',
    })
    const offered = await app.inject({
      url: `/api/v1/enrolments/${learner.enrolmentId}/webinars?step=peer-exchange`,
      headers: learner.headers,
    })
    expect(offered.statusCode).toBe(200)
    const list = offered.json()
    expect(list.state).toBe('open')
    expect(list.items.map((s: { id: string }) => s.id)).toEqual(
      expect.arrayContaining([first.id, second.id]),
    )
    expect(list.items.every((s: { joinUrl: string | null }) => s.joinUrl === null)).toBe(true)
    // English sessions first for an English learner.
    const languages = list.items.map((s: { language: string }) => s.language)
    expect(languages.indexOf('sr-Latn')).toBeGreaterThan(languages.lastIndexOf('en'))

    const answer = await registerForSession(app, learner, first.id)
    expect(answer.session).toMatchObject({ id: first.id, mine: true, registered: 1 })
    expect(answer.session.joinUrl).toBe('https://meet.example.org/agora-peer-exchange')
    const enrolment = await app.inject({
      url: `/api/v1/enrolments/${learner.enrolmentId}`,
      headers: learner.headers,
    })
    expect(
      enrolment.json().progress.steps.find((s: { slug: string }) => s.slug === 'peer-exchange')
        .phase,
    ).toBe('registered')

    const [invitation] = await mailsTo(learner.user.email)
    expect(invitation?.subject).toBe('Registered: Before the change')
    // The reader's time (Stockholm) and the session's (Belgrade) are both in the text.
    expect(invitation?.text).toContain('Europe/Stockholm')
    expect(invitation?.text).toContain('Europe/Belgrade')
    expect(invitation?.text).toContain('10:00')
    const ics = calendarOf(invitation)
    expect(ics.method).toBe('REQUEST')
    expect(ics.zones).toEqual(['Europe/Belgrade'])
    expect(ics.event.uid).toBe(`${first.id}@agora.example.org`)
    expect(ics.event.sequence).toBe(0)
    // 27 March 2027 is still winter time: 10:00 in Belgrade is 09:00 UTC.
    expect(ics.event.startDate.zone.tzid).toBe('Europe/Belgrade')
    expect(ics.event.startDate.hour).toBe(10)
    expect(ics.event.startDate.toJSDate().toISOString()).toBe('2027-03-27T09:00:00.000Z')
    expect(ics.event.endDate.toJSDate().toISOString()).toBe('2027-03-27T10:00:00.000Z')
    expect(ics.event.organizer).toMatch(/^mailto:/i)
    expect(ics.event.component.getFirstPropertyValue('status')).toBe('CONFIRMED')
  })

  it('a change raises SEQUENCE under the same UID; the learner gets the update', async () => {
    const changed = await app.inject({
      method: 'PATCH',
      url: `/api/v1/webinars/${first.id}`,
      headers: trainer.headers,
      payload: { title: 'Before the change (moved)', start: '2027-03-27T11:30' },
    })
    expect(changed.statusCode).toBe(200)
    expect(changed.json()).toMatchObject({ sequence: 1, startsAt: '2027-03-27T10:30:00.000Z' })
    const update = (await mailsTo(learner.user.email)).at(-1)
    expect(update?.subject).toBe('Changed: Before the change (moved)')
    const ics = calendarOf(update)
    expect(ics.method).toBe('REQUEST')
    expect(ics.event.uid).toBe(`${first.id}@agora.example.org`)
    expect(ics.event.sequence).toBe(1)
    expect(ics.event.startDate.toJSDate().toISOString()).toBe('2027-03-27T10:30:00.000Z')
  })

  it('moving to another session cancels the first (higher SEQUENCE) and invites to the second, in Stockholm summer time', async () => {
    const before = (await mailsTo(learner.user.email)).length
    const moved = await registerForSession(app, learner, second.id)
    expect(moved.session.id).toBe(second.id)
    const mails = (await mailsTo(learner.user.email)).slice(before)
    const subjects = mails.map((m) => m.subject)
    expect(subjects.sort()).toEqual([
      'No longer registered: Before the change (moved)',
      'Registered: After the change',
    ])
    const cancel = calendarOf(mails.find((m) => m.subject?.startsWith('No longer')))
    expect(cancel.method).toBe('CANCEL')
    expect(cancel.event.uid).toBe(`${first.id}@agora.example.org`)
    expect(cancel.event.sequence).toBe(2)
    const invitation = mails.find((m) => m.subject?.startsWith('Registered'))
    const invite = calendarOf(invitation)
    expect(invite.zones).toEqual(['Europe/Stockholm'])
    // 29 March 2027 is summer time: 10:00 in Stockholm is 08:00 UTC.
    expect(invite.event.startDate.zone.tzid).toBe('Europe/Stockholm')
    expect(invite.event.startDate.hour).toBe(10)
    expect(invite.event.startDate.toJSDate().toISOString()).toBe('2027-03-29T08:00:00.000Z')
    // Their own zone is the session's: one time in the text.
    expect(invitation?.text).not.toContain('Europe/Belgrade')
    // The first session, read in Stockholm's zone (from the second's VTIMEZONE): 10:30 there too.
    const stockholm = ICAL.TimezoneService.get('Europe/Stockholm')!
    expect(cancel.event.startDate.convertToZone(stockholm).hour).toBe(11)
    expect(cancel.event.startDate.convertToZone(stockholm).minute).toBe(30)
    const registrations = await app.inject({
      url: `/api/v1/webinars/${first.id}/registrations`,
      headers: trainer.headers,
    })
    expect(registrations.json().items).toEqual([
      expect.objectContaining({ userId: learner.user.id, status: 'cancelled' }),
    ])
  })

  it('the Idempotency-Key replays the answer; the .ics download is their invitation', async () => {
    const put = () =>
      app.inject({
        method: 'PUT',
        url: `/api/v1/enrolments/${learner.enrolmentId}/webinar-registration`,
        headers: { ...learner.headers, 'idempotency-key': 'move-1' },
        payload: { step: 'peer-exchange', sessionId: second.id },
      })
    const a = await put()
    const b = await put()
    expect(a.statusCode).toBe(200)
    expect(b.statusCode).toBe(200)
    expect(b.headers['idempotent-replayed']).toBe('true')
    const ics = await app.inject({
      url: `/api/v1/webinars/${second.id}/calendar.ics`,
      headers: learner.headers,
    })
    expect(ics.statusCode).toBe(200)
    expect(ics.headers['content-type']).toContain('text/calendar')
    expect(parseCalendar(ics.body).event.uid).toBe(`${second.id}@agora.example.org`)
    const stranger = await enrolledLearner(app)
    const refused = await app.inject({
      url: `/api/v1/webinars/${second.id}/calendar.ics`,
      headers: stranger.headers,
    })
    expect(refused.statusCode).toBe(404)
  })

  it('a full session refuses with 409; leaving frees the seat and mails CANCEL', async () => {
    const small = await scheduleSession(app, trainer.headers, 'civic-basics', {
      capacity: 1,
      start: '2027-04-05T10:00',
    })
    const a = await enrolledLearner(app)
    const b = await enrolledLearner(app)
    await registerForSession(app, a, small.id)
    const full = await app.inject({
      method: 'PUT',
      url: `/api/v1/enrolments/${b.enrolmentId}/webinar-registration`,
      headers: b.headers,
      payload: { step: 'peer-exchange', sessionId: small.id },
    })
    expect(full.statusCode).toBe(409)
    expect(full.json()).toMatchObject({
      title: 'Session full',
      errors: [{ pointer: '/body/sessionId', reason: 'conflict' }],
    })
    // The refused learner has no registration and no mail.
    expect(
      await app.db
        .selectFrom('webinarRegistrations')
        .select('id')
        .where('userId', '=', b.user.id)
        .execute(),
    ).toEqual([])
    expect(await mailsTo(b.user.email)).toEqual([])
    const left = await app.inject({
      method: 'DELETE',
      url: `/api/v1/enrolments/${a.enrolmentId}/webinar-registration?step=peer-exchange`,
      headers: a.headers,
    })
    expect(left.statusCode).toBe(204)
    const leftMail = (await mailsTo(a.user.email)).find((m) => m.subject?.startsWith('No longer'))
    expect(calendarOf(leftMail).method).toBe('CANCEL')
    await registerForSession(app, b, small.id)
  })

  it('capacity holds under concurrent registrations', async () => {
    const small = await scheduleSession(app, trainer.headers, 'civic-basics', {
      capacity: 2,
      start: '2027-04-06T10:00',
    })
    const learners = await Promise.all([1, 2, 3, 4, 5].map(() => enrolledLearner(app)))
    const answers = await Promise.all(
      learners.map((l) =>
        app.inject({
          method: 'PUT',
          url: `/api/v1/enrolments/${l.enrolmentId}/webinar-registration`,
          headers: l.headers,
          payload: { step: 'peer-exchange', sessionId: small.id },
        }),
      ),
    )
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 200, 409, 409, 409])
  })
})

describe('cancelling, the recording, the autumn change, reminders and the feed', () => {
  it('a cancelled session mails METHOD:CANCEL to every registered learner and is audited', async () => {
    const session = await scheduleSession(app, trainer.headers, 'civic-basics', {
      start: '2027-10-30T10:00',
    })
    const a = await enrolledLearner(app)
    await registerForSession(app, a, session.id)
    const cancelled = await app.inject({
      method: 'POST',
      url: `/api/v1/webinars/${session.id}/cancellation`,
      headers: trainer.headers,
      payload: { reason: 'The trainer is ill' },
    })
    expect(cancelled.statusCode).toBe(200)
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', sequence: 1 })
    const mail = (await mailsTo(a.user.email)).find((m) => m.subject?.startsWith('Cancelled'))
    expect(mail?.text).toContain('The trainer is ill')
    const ics = calendarOf(mail)
    expect(ics.method).toBe('CANCEL')
    expect(ics.event.sequence).toBe(1)
    expect(ics.event.component.getFirstPropertyValue('status')).toBe('CANCELLED')
    // 30 October 2027 is still summer time: 10:00 in Belgrade is 08:00 UTC.
    expect(ics.event.startDate.toJSDate().toISOString()).toBe('2027-10-30T08:00:00.000Z')
    const audit = await app.db
      .selectFrom('auditEvents')
      .select(['action', 'subject'])
      .where('action', '=', 'webinar.cancelled')
      .execute()
    expect(audit).toEqual([{ action: 'webinar.cancelled', subject: session.id }])
    const again = await app.inject({
      method: 'POST',
      url: `/api/v1/webinars/${session.id}/cancellation`,
      headers: trainer.headers,
      payload: { reason: 'twice' },
    })
    expect(again.statusCode).toBe(409)
  })

  it('the recording link only after the start', async () => {
    const session = await scheduleSession(app, trainer.headers, 'civic-basics', {
      start: '2027-03-02T10:00',
    })
    const put = () =>
      app.inject({
        method: 'PUT',
        url: `/api/v1/webinars/${session.id}/recording`,
        headers: trainer.headers,
        payload: { url: 'https://video.example.org/r/1' },
      })
    expect((await put()).statusCode).toBe(409)
    clock.set('2027-03-02T09:30:00Z')
    try {
      const set = await put()
      expect(set.statusCode).toBe(200)
      expect(set.json().recordingUrl).toBe('https://video.example.org/r/1')
    } finally {
      clock.set('2027-03-01T08:00:00Z')
    }
  })

  it('the personal feed lists registered sessions across the autumn change; rotating and revoking end the old address', async () => {
    const learner = await enrolledLearner(app)
    const before = await scheduleSession(app, trainer.headers, 'civic-basics', {
      start: '2027-10-30T10:00',
      timeZone: 'Europe/Stockholm',
    })
    const after = await scheduleSession(app, trainer.headers, 'civic-basics', {
      start: '2027-11-01T10:00',
      timeZone: 'Europe/Belgrade',
      step: 'peer-exchange',
    })
    await registerForSession(app, learner, before.id)
    // The feed holds every session the person registered for (one per step normally; here the
    // second replaces the first, which then shows no more).
    await registerForSession(app, learner, after.id)
    const state0 = await app.inject({ url: '/api/v1/me/calendar-feed', headers: learner.headers })
    expect(state0.json()).toEqual({ active: false, createdAt: null })
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/me/calendar-feed',
      headers: learner.headers,
    })
    expect(created.statusCode).toBe(201)
    const url = new URL(created.json().url as string)
    expect(url.origin).toBe('https://agora.example.org')
    const feed = await app.inject({ url: url.pathname })
    expect(feed.statusCode).toBe(200)
    expect(feed.headers['cache-control']).toBe('no-store')
    const parsed = parseCalendar(feed.body)
    expect(parsed.method).toBeNull()
    expect(parsed.events.map((e) => e.uid)).toEqual([`${after.id}@agora.example.org`])
    // 1 November 2027 is winter time again: 10:00 in Belgrade is 09:00 UTC.
    expect(parsed.event.startDate.zone.tzid).toBe('Europe/Belgrade')
    expect(parsed.event.startDate.toJSDate().toISOString()).toBe('2027-11-01T09:00:00.000Z')
    expect(before.startsAt).toBe('2027-10-30T08:00:00.000Z')

    const rotated = await app.inject({
      method: 'POST',
      url: '/api/v1/me/calendar-feed',
      headers: learner.headers,
    })
    expect((await app.inject({ url: url.pathname })).statusCode).toBe(404)
    const next = new URL(rotated.json().url as string)
    expect((await app.inject({ url: next.pathname })).statusCode).toBe(200)
    expect(
      (
        await app.inject({
          method: 'DELETE',
          url: '/api/v1/me/calendar-feed',
          headers: learner.headers,
        })
      ).statusCode,
    ).toBe(204)
    expect((await app.inject({ url: next.pathname })).statusCode).toBe(404)
  })

  it('the feed shows a cancelled session as STATUS:CANCELLED; a UTC session needs no VTIMEZONE', async () => {
    const learner = await enrolledLearner(app)
    const session = await scheduleSession(app, trainer.headers, 'civic-basics', {
      start: '2027-05-03T07:00',
      timeZone: 'UTC',
    })
    await registerForSession(app, learner, session.id)
    const cancelled = await app.inject({
      method: 'POST',
      url: `/api/v1/webinars/${session.id}/cancellation`,
      headers: trainer.headers,
      payload: { reason: 'Holiday' },
    })
    expect(cancelled.statusCode).toBe(200)
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/me/calendar-feed',
      headers: learner.headers,
    })
    const feed = await app.inject({ url: new URL(created.json().url as string).pathname })
    const parsed = parseCalendar(feed.body)
    expect(parsed.zones).toEqual([])
    expect(parsed.event.uid).toBe(`${session.id}@agora.example.org`)
    expect(parsed.event.sequence).toBe(1)
    expect(parsed.event.component.getFirstPropertyValue('status')).toBe('CANCELLED')
    expect(parsed.event.startDate.toJSDate().toISOString()).toBe('2027-05-03T07:00:00.000Z')
    expect(feed.body).toMatch(/^DTSTAMP:\d{8}T\d{6}Z\r$/m)
  })

  it("erasing a person's data removes their calendar feed", async () => {
    const learner = await enrolledLearner(app)
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/me/calendar-feed',
      headers: learner.headers,
    })
    const path = new URL(created.json().url as string).pathname
    const data = await app.inject({ url: '/api/v1/me/data', headers: learner.headers })
    expect(data.json().webinars.calendarFeed).toEqual({ createdAt: expect.any(String) })
    const admin = bearer(tokenFor(app, await createUser(app, { roles: ['admin'] })))
    const erased = await app.inject({
      method: 'DELETE',
      url: `/api/v1/users/${learner.user.id}/personal-data`,
      headers: admin,
    })
    expect(erased.statusCode).toBeLessThan(300)
    expect((await app.inject({ url: path })).statusCode).toBe(404)
    const feeds = await app.db
      .selectFrom('calendarFeeds')
      .select('userId')
      .where('userId', '=', learner.user.id)
      .execute()
    expect(feeds).toEqual([])
  })

  it('the reminder goes out once, even when two runs claim at the same time', async () => {
    const session = await scheduleSession(app, trainer.headers, 'civic-basics', {
      start: '2027-03-03T09:00',
    })
    const learners = await Promise.all([1, 2, 3].map(() => enrolledLearner(app)))
    for (const l of learners) await registerForSession(app, l, session.id)
    const settings = {
      origin: 'https://agora.example.org',
      mailFrom: 'Agora <no-reply@agora.local>',
    }
    const now = new Date('2027-03-02T09:00:00Z')
    const runs = await Promise.all([
      sendWebinarReminders(app.db, settings, now),
      sendWebinarReminders(app.db, settings, now),
    ])
    expect(runs.map((r) => r.mails).reduce((a, b) => a + b, 0)).toBe(3)
    expect((await sendWebinarReminders(app.db, settings, now)).mails).toBe(0)
    for (const l of learners) {
      const reminders = (await mailsTo(l.user.email)).filter((m) =>
        m.subject?.startsWith('Tomorrow'),
      )
      expect(reminders).toHaveLength(1)
      expect(reminders[0]?.text).toContain('https://meet.example.org/agora-peer-exchange')
    }
    // The app's scheduler runs the same as one of its housekeeping tasks.
    expect(await app.scheduler.runDue()).toContain('webinar-reminders')
  })

  it('my webinars lists the registered sessions with the join link', async () => {
    const learner = await enrolledLearner(app)
    const session = await scheduleSession(app, trainer.headers, 'civic-basics', {
      start: '2027-03-10T10:00',
    })
    await app.db
      .updateTable('users')
      .set({ preferredLanguage: 'sr-Latn' })
      .where('id', '=', learner.user.id)
      .execute()
    await registerForSession(app, learner, session.id)
    // In the learner's language: Serbian, with the date in Serbian words.
    const [invitation] = await mailsTo(learner.user.email)
    expect(invitation?.subject).toBe('Prijava potvrđena: Peer exchange')
    expect(invitation?.text).toContain('Osnove građanstva')
    expect(invitation?.text).toMatch(/sreda|10\. mart/)
    const mine = await app.inject({ url: '/api/v1/me/webinars', headers: learner.headers })
    expect(mine.statusCode).toBe(200)
    expect(mine.json().items).toEqual([
      expect.objectContaining({
        id: session.id,
        mine: true,
        attendance: null,
        checkInOpen: false,
        enrolmentId: learner.enrolmentId,
        joinUrl: session.joinUrl,
      }),
    ])
    const offer = await app.inject({
      url: `/api/v1/webinars/${session.id}`,
      headers: learner.headers,
    })
    expect(offer.json()).not.toHaveProperty('checkInCode')
    const data = await app.inject({ url: '/api/v1/me/data', headers: learner.headers })
    expect(data.json().webinars.registrations).toEqual([
      expect.objectContaining({ sessionId: session.id, status: 'registered' }),
    ])
  })
})

describe('sessions of a cluster', () => {
  it("its coordinator and trainer schedule them; only the cluster's learners see and register; other associations are refused", async () => {
    const as = (user: TestUser) => bearer(tokenFor(app, user))
    const coordinator = await createUser(app, { roles: ['coordinator'], association: 'skgo' })
    const zels = await createUser(app, { roles: ['coordinator'], association: 'zels' })
    const clusterTrainer = await createUser(app, { roles: ['trainer'], association: 'skgo' })
    const member = await createUser(app, { municipality: { country: 'RS', name: 'Kragujevac' } })
    const cluster = await app.inject({
      method: 'POST',
      url: '/api/v1/learning-clusters',
      headers: as(coordinator),
      payload: {
        name: 'Webinar cluster',
        startsOn: '2027-02-01',
        endsOn: '2027-06-30',
        capacity: 10,
        courses: [{ courseSlug: 'civic-basics', languages: ['en'] }],
      },
    })
    expect(cluster.statusCode, cluster.body).toBe(201)
    const clusterId = cluster.json().id as string
    const base = `/api/v1/learning-clusters/${clusterId}`
    for (const [method, url, payload] of [
      ['POST', `${base}/members`, { userIds: [member.id] }],
      ['PUT', `${base}/status`, { status: 'running' }],
      ['PUT', `${base}/trainers/${clusterTrainer.id}`, undefined],
    ] as const) {
      const response = await app.inject({ method, url, headers: as(coordinator), payload })
      expect(response.statusCode, response.body).toBeLessThan(300)
    }
    const enrolment = await app.inject({ url: '/api/v1/enrolments', headers: as(member) })
    const enrolmentId = enrolment.json().items[0].id as string

    const own = await scheduleSession(app, as(coordinator), 'civic-basics', {
      clusterId,
      title: 'For the cluster',
      start: '2027-04-10T10:00',
    })
    expect(own).toMatchObject({ clusterId, clusterName: 'Webinar cluster' })
    await scheduleSession(app, as(clusterTrainer), 'civic-basics', {
      clusterId,
      start: '2027-04-11T10:00',
    })
    const refused = await app.inject({
      method: 'POST',
      url: '/api/v1/courses/civic-basics/webinars',
      headers: as(zels),
      payload: {
        step: 'peer-exchange',
        clusterId,
        title: 'Not theirs',
        agenda: '',
        start: '2027-04-12T10:00',
        timeZone: 'Europe/Belgrade',
        durationMinutes: 60,
        joinUrl: 'https://meet.example.org/x',
        capacity: null,
        language: 'en',
      },
    })
    expect(refused.statusCode).toBe(403)
    const patch = await app.inject({
      method: 'PATCH',
      url: `/api/v1/webinars/${own.id}`,
      headers: as(zels),
      payload: { title: 'x' },
    })
    expect(patch.statusCode).toBe(403)
    // A coordinator of the association sees the cluster's sessions in the course's list.
    const listed = await app.inject({
      url: `/api/v1/courses/civic-basics/webinars?clusterId=${clusterId}`,
      headers: as(coordinator),
    })
    expect(listed.json().items.map((s: { id: string }) => s.id)).toContain(own.id)
    const zelsList = await app.inject({
      url: '/api/v1/courses/civic-basics/webinars',
      headers: as(zels),
    })
    expect(zelsList.json().items).toEqual([])

    const offered = await app.inject({
      url: `/api/v1/enrolments/${enrolmentId}/webinars?step=peer-exchange`,
      headers: as(member),
    })
    expect(offered.json().items.map((s: { id: string }) => s.id)).toContain(own.id)
    await registerForSession(app, { headers: as(member), enrolmentId }, own.id)

    const outsider = await enrolledLearner(app)
    const notOffered = await app.inject({
      url: `/api/v1/enrolments/${outsider.enrolmentId}/webinars?step=peer-exchange`,
      headers: outsider.headers,
    })
    expect(notOffered.json().items.map((s: { id: string }) => s.id)).not.toContain(own.id)
    const sneaking = await app.inject({
      method: 'PUT',
      url: `/api/v1/enrolments/${outsider.enrolmentId}/webinar-registration`,
      headers: outsider.headers,
      payload: { step: 'peer-exchange', sessionId: own.id },
    })
    expect(sneaking.statusCode).toBe(404)
    expect(
      (await app.inject({ url: `/api/v1/webinars/${own.id}`, headers: outsider.headers }))
        .statusCode,
    ).toBe(404)
  })
})
