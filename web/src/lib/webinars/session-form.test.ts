import { describe, expect, it } from 'vitest'
import { readSessionForm, sessionValues, wallClock } from './session-form'

const form = (fields: Record<string, string>) => {
  const data = new FormData()
  for (const [name, value] of Object.entries(fields)) data.set(name, value)
  return data
}

const filled = {
  course: 'civic-basics',
  step: 'peer-exchange',
  clusterId: '',
  title: '  Peer exchange  ',
  agenda: '1. Introductions',
  date: '2026-03-29',
  time: '10:00:00',
  timeZone: 'Europe/Belgrade',
  durationMinutes: '90',
  joinUrl: 'https://meet.example.org/x',
  capacity: '',
  language: 'en',
}

describe('the session form', () => {
  it('reads a complete form into the API body: local start, no cluster, no seat limit', () => {
    const { body, errors } = readSessionForm(form(filled))
    expect(errors).toEqual({})
    expect(body).toEqual({
      step: 'peer-exchange',
      clusterId: null,
      title: 'Peer exchange',
      agenda: '1. Introductions',
      start: '2026-03-29T10:00',
      timeZone: 'Europe/Belgrade',
      durationMinutes: 90,
      joinUrl: 'https://meet.example.org/x',
      capacity: null,
      language: 'en',
    })
  })

  it('takes the course and step from one "course/step" choice', () => {
    const { values } = readSessionForm(
      form({ ...filled, course: '', step: '', courseStep: 'civic-basics/peer-exchange' }),
    )
    expect([values.course, values.step]).toEqual(['civic-basics', 'peer-exchange'])
  })

  it('names each field that is missing or wrong, and keeps what was typed', () => {
    const { values, errors } = readSessionForm(
      form({
        ...filled,
        step: 'Peer Exchange',
        title: '',
        durationMinutes: '10',
        joinUrl: 'http://meet.example.org',
        capacity: '0',
        clusterId: 'not-a-uuid',
      }),
    )
    expect(Object.keys(errors).sort()).toEqual(
      ['capacity', 'clusterId', 'durationMinutes', 'joinUrl', 'step', 'title'].sort(),
    )
    expect(values.joinUrl).toBe('http://meet.example.org')
  })

  it('leaves course, step and cluster out of a change to an existing session', () => {
    const { body, errors } = readSessionForm(form({ ...filled, course: '', step: '' }), {
      fixed: true,
    })
    expect(errors).toEqual({})
    expect(body).not.toHaveProperty('step')
    expect(body).not.toHaveProperty('clusterId')
  })
})

describe('a stored session as the form shows it', () => {
  it('is the wall clock of its own zone, on both sides of the spring change', () => {
    expect(wallClock('2026-03-28T09:00:00Z', 'Europe/Belgrade')).toEqual({
      date: '2026-03-28',
      time: '10:00',
    })
    expect(wallClock('2026-03-29T08:00:00Z', 'Europe/Stockholm')).toEqual({
      date: '2026-03-29',
      time: '10:00',
    })
    expect(wallClock('2026-03-29T08:00:00Z', 'Mars/Olympus')).toEqual({
      date: '2026-03-29',
      time: '08:00',
    })
  })

  it('gives every field back as text', () => {
    expect(
      sessionValues({
        courseSlug: 'civic-basics',
        step: 'peer-exchange',
        clusterId: null,
        title: 'T',
        agenda: '',
        startsAt: '2026-10-25T12:30:00Z',
        timeZone: 'Europe/Belgrade',
        durationMinutes: 60,
        joinUrl: 'https://x.example',
        capacity: 12,
        language: 'sr-Latn',
      }),
    ).toMatchObject({ date: '2026-10-25', time: '13:30', capacity: '12', clusterId: '' })
  })
})
