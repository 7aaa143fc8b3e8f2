import { describe, expect, it } from 'vitest'
import type { Cluster } from '@agora/server/contract'
import {
  clusterValues,
  nextStatuses,
  readClusterChanges,
  readClusterForm,
  statusLabel,
} from './clusters'

function formOf(fields: [string, string][]): FormData {
  const form = new FormData()
  for (const [name, value] of fields) form.append(name, value)
  return form
}

const good: [string, string][] = [
  ['name', '  Cluster Šumadija 2027 '],
  ['description', ''],
  ['startsOn', '2027-03-01'],
  ['endsOn', '2027-06-30'],
  ['capacity', '25'],
  ['courses', 'civic-basics:en'],
  ['courses', 'civic-basics:sr-Latn'],
  ['courses', 'inclusion:en'],
]

describe('the new-cluster form', () => {
  it('groups the ticked languages by course and leaves out what is empty', () => {
    const { body, errors, offered } = readClusterForm(formOf(good), false)
    expect(errors).toEqual({})
    expect(body).toEqual({
      name: 'Cluster Šumadija 2027',
      startsOn: '2027-03-01',
      endsOn: '2027-06-30',
      capacity: 25,
      courses: [
        { courseSlug: 'civic-basics', languages: ['en', 'sr-Latn'] },
        { courseSlug: 'inclusion', languages: ['en'] },
      ],
    })
    expect(offered).toHaveLength(3)
  })

  it('names the association only for admins, who must choose one', () => {
    expect(readClusterForm(formOf(good), true).errors).toEqual({
      associationId: 'Choose the association the cluster belongs to.',
    })
    const chosen = readClusterForm(formOf([...good, ['associationId', 'a-1']]), true)
    expect(chosen.body.associationId).toBe('a-1')
    const coordinator = readClusterForm(formOf([...good, ['associationId', 'a-1']]), false)
    expect(coordinator.body).not.toHaveProperty('associationId')
  })

  it('explains each missing or wrong field in words', () => {
    const { errors } = readClusterForm(
      formOf([
        ['name', ' '],
        ['startsOn', '2027-06-30'],
        ['endsOn', '2027-03-01'],
        ['capacity', '0'],
      ]),
      false,
    )
    expect(errors).toEqual({
      name: 'Enter the name of the cluster.',
      endsOn: 'The end date cannot be before the start date.',
      capacity: 'Enter a whole number of places from 1 to 10,000.',
      courses: 'Offer at least one course in at least one language.',
    })
    expect(readClusterForm(formOf([['capacity', '2.5']]), false).errors.capacity).toBeDefined()
    expect(readClusterForm(formOf([['startsOn', 'soon']]), false).errors.startsOn).toBe(
      'Enter a date.',
    )
  })
})

describe('the edit form', () => {
  it('sends every field, an emptied description too, and the courses while they may change', () => {
    const { body, errors } = readClusterChanges(formOf(good), true)
    expect(errors).toEqual({})
    expect(body).toEqual({
      name: 'Cluster Šumadija 2027',
      description: '',
      startsOn: '2027-03-01',
      endsOn: '2027-06-30',
      capacity: 25,
      courses: [
        { courseSlug: 'civic-basics', languages: ['en', 'sr-Latn'] },
        { courseSlug: 'inclusion', languages: ['en'] },
      ],
    })
  })

  it('leaves the courses out of a running cluster, and their absence is no error', () => {
    const fields = good.filter(([name]) => name !== 'courses')
    expect(readClusterChanges(formOf(fields), true).errors.courses).toBeDefined()
    const { body, errors } = readClusterChanges(formOf(fields), false)
    expect(errors).toEqual({})
    expect(body).not.toHaveProperty('courses')
  })

  it('starts from the cluster as it is', () => {
    const cluster = {
      name: 'Pčinja',
      description: '**Bold** start',
      startsOn: '2027-01-01',
      endsOn: '2027-02-01',
      capacity: 12,
      courses: [
        { slug: 'civic-basics', languages: ['en', 'sr-Latn'] },
        { slug: 'inclusion', languages: ['sr-Latn'] },
      ],
    } as Cluster
    expect(clusterValues(cluster)).toEqual({
      name: 'Pčinja',
      description: '**Bold** start',
      startsOn: '2027-01-01',
      endsOn: '2027-02-01',
      capacity: '12',
      offered: 'civic-basics:en\ncivic-basics:sr-Latn\ninclusion:sr-Latn',
    })
  })
})

describe('cluster statuses', () => {
  it('offers the next step, and from a draft also running', () => {
    expect(nextStatuses('draft')).toEqual(['call-open', 'running'])
    expect(nextStatuses('call-open')).toEqual(['selecting'])
    expect(nextStatuses('selecting')).toEqual(['running'])
    expect(nextStatuses('running')).toEqual(['closed'])
    expect(nextStatuses('closed')).toEqual([])
  })

  it('are named in words', () => {
    expect(statusLabel('call-open')).toBe('Call open')
  })
})
