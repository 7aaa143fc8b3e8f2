import { randomBytes } from 'node:crypto'

// Verification codes: 12 symbols of Crockford's base32 (60 random bits), shown as XXXX-XXXX-XXXX.
// Crockford's alphabet leaves out I, L, O and U, so what a person reads off paper maps back: I and
// L are 1, O is 0, case and hyphens do not matter (https://www.crockford.com/base32.html).

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const symbols = 12

/** A new random code, `XXXX-XXXX-XXXX`. */
export function newCode(): string {
  let value = randomBytes(8).readBigUInt64BE() >> 4n
  let code = ''
  for (let i = 0; i < symbols; i++) {
    code = alphabet[Number(value & 31n)]! + code
    value >>= 5n
  }
  return formatCode(code)
}

const formatCode = (plain: string) => `${plain.slice(0, 4)}-${plain.slice(4, 8)}-${plain.slice(8)}`

/** The stored form of a code as typed (any case, hyphens and spaces optional); null if it cannot be one. */
export function normaliseCode(input: string): string | null {
  const plain = input.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0')
  if (plain.length !== symbols) return null
  for (const symbol of plain) if (!alphabet.includes(symbol)) return null
  return formatCode(plain)
}
