import { isHttpError } from '@sveltejs/kit'
import { describe, expect, it } from 'vitest'
import { certificatePath, conflictMessage, statusLabel } from './certificates'

describe("a certificate's address on the staff pages", () => {
  it('asks the API for the code as printed, whatever way it was typed', () => {
    expect(certificatePath('7KQ4-M2XD-9HRT')).toBe('/certificates/7KQ4-M2XD-9HRT')
    expect(certificatePath('7kq4m2xd9hrt')).toBe('/certificates/7KQ4-M2XD-9HRT')
    // Crockford's reading: O is 0, I and L are 1.
    expect(certificatePath('7KQ4-M2XD-OHRL')).toBe('/certificates/7KQ4-M2XD-0HR1')
  })

  it('is not found, without asking, when it cannot be a code', () => {
    for (const typed of ['7KQ4-M2XD', '7KQ4-M2XD-9HRT-XXXX', '../users', '7KQ4-M2XD-9HRU', '']) {
      let thrown: unknown
      try {
        certificatePath(typed)
      } catch (caught) {
        thrown = caught
      }
      expect(isHttpError(thrown, 404), typed).toBe(true)
    }
  })
})

describe('the words of the staff pages', () => {
  it('says whether a refused change met a revoked or a replaced certificate', () => {
    expect(conflictMessage({ reason: 'replaced' })).toBe(
      'This certificate has been replaced by a corrected one, so it cannot be changed any more.',
    )
    expect(conflictMessage({ reason: 'revoked' })).toBe(
      'This certificate has already been revoked.',
    )
    expect(conflictMessage({})).toBe('This certificate has already been revoked.')
  })

  it('names every status', () => {
    expect([statusLabel('valid'), statusLabel('revoked'), statusLabel('replaced')]).toEqual([
      'Valid',
      'Revoked',
      'Replaced',
    ])
  })
})
