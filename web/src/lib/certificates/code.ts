// A certificate's verification code: 12 characters of Crockford's base32, shown as XXXX-XXXX-XXXX.
// People copy it from paper, so what they type is read generously: any case, hyphens and spaces
// anywhere, I and L for 1, O for 0 (Crockford's decoding rules). U never occurs in a code.

const alphabet = /^[0-9A-HJKMNP-TV-Z]{12}$/

/** The code as shown and linked (`7KQ4-M2XD-9HRT`), or null when what was typed cannot be one. */
export function normaliseCode(typed: string): string | null {
  const plain = typed
    .toUpperCase()
    .replace(/[\s\u00AD\u2010-\u2015-]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0')
  if (!alphabet.test(plain)) return null
  return `${plain.slice(0, 4)}-${plain.slice(4, 8)}-${plain.slice(8)}`
}

/** The verification page of a code (normalised), for links and redirects. */
export function verificationPath(code: string): string {
  return `/verify/${encodeURIComponent(normaliseCode(code) ?? code)}`
}

/** The learner's copies of a certificate, passed on from the API by the web's own routes. */
export function certificateFiles(code: string): { pdf: string; credential: string } {
  const base = `/learn/certificates/${encodeURIComponent(code)}`
  return { pdf: `${base}/certificate.pdf`, credential: `${base}/credential.json` }
}
