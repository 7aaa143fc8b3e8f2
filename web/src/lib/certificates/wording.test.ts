import { afterEach, describe, expect, it } from 'vitest'
import type { CertificateVerification } from '@agora/server/contract'
import { baseLocale, overwriteGetLocale } from '$lib/paraglide/runtime'
import { checkWording, formatDay, formatHours, resultWording, statusWording } from './wording'

afterEach(() => overwriteGetLocale(() => baseLocale))

const certificate: CertificateVerification = {
  status: 'valid',
  code: '7KQ4-M2XD-9HRT',
  learnerName: 'Jelena Petrović',
  courseTitle: 'Civic basics',
  courseVersion: 2,
  completedOn: '2026-12-05',
  issuer: { name: 'SKGO' },
  hours: 2.5,
}

describe('statusWording', () => {
  it('says a valid certificate is valid', () => {
    expect(statusWording(certificate)).toEqual({
      status: 'valid',
      label: 'Valid',
      text: 'This certificate was issued through Agora and has not been revoked.',
      reason: null,
    })
  })

  it('says when and why a certificate was revoked', () => {
    const wording = statusWording({
      ...certificate,
      status: 'revoked',
      revokedAt: '2026-12-06T09:30:00.000Z',
      revokedReason: 'Issued by mistake',
    })
    expect(wording.label).toBe('Revoked')
    expect(wording.text).toBe('This certificate was revoked on Dec 6, 2026.')
    expect(wording.reason).toBe('Reason: Issued by mistake')
  })

  it('says a replaced certificate was replaced (the page links the new code)', () => {
    const wording = statusWording({
      ...certificate,
      status: 'replaced',
      replacedBy: 'AAAA-BBBB-CCCC',
    })
    expect(wording.label).toBe('Replaced')
    expect(wording.reason).toBeNull()
  })

  it('speaks Serbian (Latin script) to Serbian readers', () => {
    overwriteGetLocale(() => 'sr-Latn')
    expect(statusWording(certificate).label).toBe('Važeći')
    const revoked = statusWording({
      ...certificate,
      status: 'revoked',
      revokedAt: '2026-12-06T09:30:00.000Z',
      revokedReason: 'Greška',
    })
    // The date ends with its own period, which ends the sentence too.
    expect(revoked.text).toBe('Ovaj sertifikat je opozvan 6. 12. 2026.')
    expect(revoked.reason).toBe('Razlog: Greška')
  })
})

describe('formats', () => {
  it('reads a completion day as that day in any time zone', () => {
    expect(formatDay('2026-12-05', 'en')).toBe('Dec 5, 2026')
    expect(formatDay('2026-01-01', 'en')).toBe('Jan 1, 2026')
  })

  it('writes hours with the reader’s decimal separator', () => {
    expect(formatHours(2.5, 'en')).toBe('2.5')
    expect(formatHours(2.5, 'sr-Latn')).toBe('2,5')
    expect(formatHours(3, 'en')).toBe('3')
  })
})

describe('checkWording', () => {
  it('lists signature, issuer and revocation, each passed', () => {
    const rows = checkWording({
      result: 'valid',
      checks: { signature: true, issuer: true, status: true, expiry: true },
    })
    expect(rows.map((row) => [row.label, row.ok, row.text])).toEqual([
      ['Signature', true, 'valid, made with a key of Agora'],
      ['Issuer', true, 'known to Agora'],
      ['Revocation', true, 'not revoked'],
    ])
    expect(resultWording('valid')).toBe('The credential is valid.')
  })

  it('says a revoked credential is revoked', () => {
    const rows = checkWording({
      result: 'revoked',
      checks: { signature: true, issuer: true, status: false, expiry: true },
    })
    expect(rows[2]).toMatchObject({ ok: false, text: 'revoked' })
    expect(resultWording('revoked')).toBe('The credential is authentic, but it was revoked.')
  })

  it('does not call a tampered credential revoked or expired: its status could not be checked', () => {
    const rows = checkWording({
      result: 'invalid',
      checks: { signature: false, issuer: true, status: false, expiry: false },
    })
    expect(rows.map((row) => row.text)).toEqual([
      'invalid or missing',
      'known to Agora',
      'could not be checked',
    ])
    expect(resultWording('invalid')).toBe('The credential is not valid.')
  })

  it('names an expired credential', () => {
    const rows = checkWording({
      result: 'invalid',
      checks: { signature: true, issuer: true, status: true, expiry: false },
    })
    expect(rows.at(-1)).toMatchObject({ name: 'expiry', ok: false, text: 'expired' })
  })
})
