import { describe, expect, it } from 'vitest'
import { learnerCertificate } from './learner'

describe('learnerCertificate', () => {
  it('is nothing for a course still in progress', () => {
    expect(learnerCertificate({ status: 'active', certificate: null })).toBeNull()
  })

  it('is being issued while a completed course has no certificate yet', () => {
    expect(learnerCertificate({ status: 'completed', certificate: null })).toEqual({
      state: 'pending',
    })
    expect(learnerCertificate({ status: 'completed' })).toEqual({ state: 'pending' })
  })

  it('names the code of an issued certificate, and says when it was revoked', () => {
    expect(
      learnerCertificate({ status: 'completed', certificate: { code: 'A', status: 'valid' } }),
    ).toEqual({ state: 'valid', code: 'A' })
    expect(
      learnerCertificate({ status: 'completed', certificate: { code: 'A', status: 'revoked' } }),
    ).toEqual({ state: 'revoked', code: 'A' })
  })
})
