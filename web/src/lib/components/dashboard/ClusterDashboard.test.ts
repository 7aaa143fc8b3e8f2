import type { Dashboard } from '@agora/server/contract'
import { render } from 'svelte/server'
import { describe, expect, it } from 'vitest'
import ClusterDashboard from './ClusterDashboard.svelte'

const learner = '4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f'
const dashboard: Dashboard = {
  cluster: { id: 'c', associationId: 'a', name: 'Šumadija', status: 'running', memberCount: 3 },
  generatedAt: '2026-12-05T10:00:00.000Z',
  countedAt: '2026-12-05T09:59:30.000Z',
  courses: [
    {
      courseId: 'k',
      slug: 'civic-basics',
      title: 'Civic Basics',
      steps: [{ step: '01-rights', kind: 'module', title: 'Rights' }],
      overall: {
        members: 3,
        enrolled: 3,
        steps: [{ step: '01-rights', kind: 'module', read: 2, passed: 1 }],
        completed: 0,
      },
      byCountry: [],
      byMunicipality: [
        {
          municipality: { id: 'm', name: 'Kragujevac' },
          countryCode: 'RS',
          members: 3,
          enrolled: 3,
          steps: [{ step: '01-rights', kind: 'module', read: 2, passed: 1 }],
          completed: 0,
        },
      ],
    },
  ],
  quizzes: { modules: [], questionsAsOf: null },
  atRisk: {
    inactiveAfterDays: 14,
    reminderIntervalDays: 7,
    total: 1,
    items: [
      {
        userId: learner,
        name: 'Luka',
        email: 'luka@example.org',
        municipality: null,
        reasons: ['inactive', 'locked'],
        lastActivityAt: '2026-11-01T10:00:00.000Z',
        inactiveDays: 34,
        lockedSteps: [{ courseSlug: 'civic-basics', step: '01-rights' }],
        lastRemindedAt: null,
        nextReminderAt: null,
      },
    ],
  },
}

const html = (props: { canRemind: boolean; refusal?: { userId: string; message: string } }) =>
  render(ClusterDashboard, { props: { dashboard, ...props } }).body.replaceAll(
    /<!--[\s\S]*?-->/g,
    '',
  )

describe('ClusterDashboard', () => {
  it('says why a learner is at risk, in words', () => {
    expect(html({ canRemind: true })).toContain(
      '<td>No activity for 34 days · Quiz locked: Rights</td>',
    )
  })

  it('gives coordinators a reminder form per learner and shows its refusal beside it', () => {
    const body = html({
      canRemind: true,
      refusal: { userId: learner, message: 'Luka was already reminded.' },
    })
    expect(body).toMatch(/<form method="POST" action="\?\/remind"[ >]/)
    expect(body).toContain(`<input type="hidden" name="userId" value="${learner}"/>`)
    expect(body).toContain(`aria-describedby="refusal-${learner}"`)
    expect(body).toContain(
      `<p class="field-error" id="refusal-${learner}">Luka was already reminded.</p>`,
    )
  })

  it('gives trainers no reminder form', () => {
    const body = html({ canRemind: false })
    expect(body).not.toContain('<form')
    expect(body).toContain('luka@example.org')
  })

  it('writes the funnel by municipality with every step', () => {
    const body = html({ canRemind: false })
    const row = body.slice(body.indexOf('<th scope="row">Kragujevac</th>'))
    const cells = [...row.slice(0, row.indexOf('</tr>')).matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map(
      ([, text]) => text,
    )
    // Country, members, enrolled, read, passed, completed.
    expect(cells).toEqual(['Serbia', '3', '3', '2', '1', '0'])
  })
})
