import { describe, expect, it } from 'vitest'
import { certificateFiles, normaliseCode, verificationPath } from './code'

describe('normaliseCode', () => {
  it('keeps a code typed as shown', () => {
    expect(normaliseCode('7KQ4-M2XD-9HRT')).toBe('7KQ4-M2XD-9HRT')
  })

  it('reads any case, without hyphens or with spaces and typographic dashes', () => {
    expect(normaliseCode('7kq4m2xd9hrt')).toBe('7KQ4-M2XD-9HRT')
    expect(normaliseCode('  7kq4 m2xd 9hrt ')).toBe('7KQ4-M2XD-9HRT')
    expect(normaliseCode('7KQ4–M2XD—9HRT')).toBe('7KQ4-M2XD-9HRT')
  })

  it('reads I and L as 1 and O as 0, as Crockford decodes them', () => {
    expect(normaliseCode('iLo0-AB12-CD34')).toBe('1100-AB12-CD34')
  })

  it('refuses what cannot be a code: wrong length, U, other characters', () => {
    expect(normaliseCode('')).toBeNull()
    expect(normaliseCode('7KQ4-M2XD-9HR')).toBeNull()
    expect(normaliseCode('7KQ4-M2XD-9HRTX')).toBeNull()
    expect(normaliseCode('7KQ4-M2XD-9HRU')).toBeNull()
    expect(normaliseCode('7KQ4-M2XD-9HR?')).toBeNull()
    expect(normaliseCode('../../admin/xx')).toBeNull()
  })
})

describe('links', () => {
  it('point at the normalised code', () => {
    expect(verificationPath('7kq4m2xd9hrt')).toBe('/verify/7KQ4-M2XD-9HRT')
    expect(certificateFiles('7KQ4-M2XD-9HRT')).toEqual({
      pdf: '/learn/certificates/7KQ4-M2XD-9HRT/certificate.pdf',
      credential: '/learn/certificates/7KQ4-M2XD-9HRT/credential.json',
    })
  })
})
