import { describe, expect } from 'vitest'
import { it } from '../../server/src/testing/app.ts'
import { bearer, createUser, tokenFor } from '../../server/src/testing/factories.ts'
import { importCivicBasics } from '../../server/src/testing/learning.ts'

// A person's data is wherever their id is: a cluster membership and an enrolment carry the reason
// someone wrote when they left. "Download my data" shows them; erasure leaves no such text behind.

const reason = 'Left for maternity leave in March'

describe('personal data held by clusters and enrolments', () => {
  it('is in the export, and erasure removes the reasons written about the person', async ({
    app,
  }) => {
    await importCivicBasics(app)
    const coordinator = await createUser(app, { roles: ['coordinator'], association: 'skgo' })
    const admin = await createUser(app, { roles: ['admin'] })
    const learner = await createUser(app, { municipality: { country: 'RS', name: 'Kragujevac' } })
    const as = (user: typeof admin) => bearer(tokenFor(app, user))

    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/learning-clusters',
      headers: as(coordinator),
      payload: {
        name: 'Rights in local services',
        description: 'Spring cohort.',
        startsOn: '2027-02-01',
        endsOn: '2027-05-31',
        capacity: 10,
        courses: [{ courseSlug: 'civic-basics', languages: ['en'] }],
      },
    })
    expect(created.statusCode, created.body).toBe(201)
    const clusterId = created.json().id as string
    const call = (method: 'POST' | 'PUT', url: string, payload: object) =>
      app.inject({ method, url, headers: as(coordinator), payload })
    expect(
      (
        await call('POST', `/api/v1/learning-clusters/${clusterId}/members`, {
          userIds: [learner.id],
        })
      ).statusCode,
    ).toBe(200)
    expect(
      (await call('PUT', `/api/v1/learning-clusters/${clusterId}/status`, { status: 'running' }))
        .statusCode,
    ).toBe(200)
    expect(
      (
        await call(
          'POST',
          `/api/v1/learning-clusters/${clusterId}/members/${learner.id}/withdrawal`,
          { reason },
        )
      ).statusCode,
    ).toBe(204)

    const exported = await app.inject({
      method: 'GET',
      url: '/api/v1/me/data',
      headers: as(learner),
    })
    expect(exported.statusCode).toBe(200)
    expect(exported.json()).toMatchObject({
      clusterMemberships: [
        { cluster: 'Rights in local services', source: 'assignment', leaveReason: reason },
      ],
      enrolments: [{ course: 'civic-basics', status: 'withdrawn', withdrawnReason: reason }],
    })

    const erased = await app.inject({
      method: 'DELETE',
      url: `/api/v1/users/${learner.id}/personal-data`,
      headers: as(admin),
    })
    expect(erased.statusCode).toBe(204)

    const memberships = await app.db
      .selectFrom('clusterMembers')
      .select(['leaveReason', 'leftAt'])
      .where('userId', '=', learner.id)
      .execute()
    expect(memberships).toEqual([{ leaveReason: null, leftAt: expect.any(Date) }])
    const enrolments = await app.db
      .selectFrom('enrolments')
      .select(['withdrawnReason', 'status'])
      .where('userId', '=', learner.id)
      .execute()
    expect(enrolments).toEqual([{ withdrawnReason: null, status: 'withdrawn' }])
    const audit = await app.db
      .selectFrom('auditEvents')
      .select('details')
      .where('subject', '=', learner.id)
      .execute()
    expect(JSON.stringify(audit)).not.toContain(reason)
  })
})
