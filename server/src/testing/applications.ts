import type { FastifyInstance } from 'fastify'
import { associationId, bearer, createUser, type TestUser, tokenFor } from './factories.ts'

/** A form with a field of every kind applications check. */
export const testForm = [
  { kind: 'position', key: 'position', label: 'Position', required: true },
  { kind: 'municipality', key: 'municipality', label: 'Municipality', required: true },
  { kind: 'motivation', key: 'motivation', label: 'Motivation', required: true },
  { kind: 'council-membership', key: 'council-membership', label: 'Council', required: false },
  {
    kind: 'languages',
    key: 'languages',
    label: 'Languages',
    required: false,
    options: ['sr', 'en', 'hu'],
  },
  {
    kind: 'gender',
    key: 'gender',
    label: 'Gender',
    required: false,
    options: [
      { value: 'woman', label: 'Woman' },
      { value: 'man', label: 'Man' },
    ],
  },
  {
    kind: 'community',
    key: 'community',
    label: 'Community',
    required: false,
    options: [
      { value: 'roma', label: 'Roma' },
      { value: 'hungarian', label: 'Hungarian' },
    ],
  },
  {
    kind: 'choice',
    key: 'experience',
    label: 'Experience',
    required: false,
    options: [
      { value: 'none', label: 'None' },
      { value: 'some', label: 'Some' },
      { value: 'much', label: 'Much' },
    ],
  },
  {
    kind: 'number',
    key: 'years',
    label: 'Years in service',
    required: false,
    min: 0,
    max: 60,
    integer: true,
  },
  { kind: 'yes-no', key: 'supervisor', label: 'Supervisor agrees', required: false },
]

export interface CallFixture {
  callId: string
  clusterId: string
  coordinator: TestUser
  as(user: TestUser): { authorization: string }
}

/**
 * A cluster of skgo in `selecting` and an open call of it, inserted directly (the calls feature's
 * API makes them in its own tests), with the coordinator of skgo.
 */
export async function openCall(
  app: FastifyInstance,
  options: {
    applicantKind?: 'person' | 'municipality'
    maxNominees?: number
    places?: number
    deadline?: Date
    timeZone?: string
    form?: unknown[]
    criteria?: unknown
    eligibleCountries?: string[]
    eligiblePositions?: string[]
    eligibleAssociationIds?: string[]
    eligibleMunicipalityIds?: string[]
    coordinator?: TestUser
    clusterStatus?: 'selecting' | 'running'
  } = {},
): Promise<CallFixture> {
  const skgo = await associationId(app, 'skgo')
  const coordinator =
    options.coordinator ?? (await createUser(app, { roles: ['coordinator'], association: 'skgo' }))
  const { id: clusterId } = await app.db
    .insertInto('clusters')
    .values({
      associationId: skgo,
      name: 'Selection test',
      startsOn: '2027-01-01',
      endsOn: '2027-06-01',
      capacity: 50,
      status: options.clusterStatus ?? 'selecting',
      createdBy: coordinator.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const kind = options.applicantKind ?? 'person'
  const { id: callId } = await app.db
    .insertInto('calls')
    .values({
      clusterId,
      title: 'Human rights in local services',
      applicantKind: kind,
      maxNominees: kind === 'municipality' ? (options.maxNominees ?? 3) : null,
      places: options.places ?? 2,
      deadline: options.deadline ?? new Date(Date.now() + 7 * 24 * 3600 * 1000),
      timeZone: options.timeZone ?? 'Europe/Belgrade',
      form: JSON.stringify(options.form ?? testForm),
      criteria: JSON.stringify(options.criteria ?? { eligibility: [], scores: [], balance: [] }),
      eligibleCountries: options.eligibleCountries ?? [],
      eligiblePositions: options.eligiblePositions ?? [],
      eligibleAssociationIds: options.eligibleAssociationIds ?? [],
      eligibleMunicipalityIds: options.eligibleMunicipalityIds ?? [],
      status: 'open',
      publishedAt: new Date(),
      createdBy: coordinator.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { callId, clusterId, coordinator, as: (user) => bearer(tokenFor(app, user)) }
}

/** Moves a call's deadline (the past closes it). */
export async function moveDeadline(app: FastifyInstance, callId: string, deadline: Date) {
  await app.db.updateTable('calls').set({ deadline }).where('id', '=', callId).execute()
}
