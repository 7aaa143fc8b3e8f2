import type { Applicant } from './types.ts'

let sequence = 0

/** An applicant with neutral answers; tests override what they look at. */
export function applicant(overrides: Partial<Applicant> = {}): Applicant {
  sequence += 1
  return {
    id: `a${String(sequence).padStart(4, '0')}`,
    submittedAt: new Date(Date.UTC(2026, 0, 1, 0, sequence)).toISOString(),
    municipalityId: 'm1',
    countryCode: 'RS',
    position: 'officer',
    languages: ['sr'],
    answers: {},
    firstTime: false,
    declared: {},
    ...overrides,
  }
}
