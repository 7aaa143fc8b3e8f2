const SPECIAL = /[\\~=#{}:\n]/g
const ESCAPED = /\\([\\~=#{}:n])/g

/** Escapes GIFT's special characters; a line break becomes `\n`: a blank line ends a question. */
export function escapeText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(SPECIAL, (char) => (char === '\n' ? '\\n' : `\\${char}`))
}

/** A backslash before any other character stays, as in Moodle. */
export function unescapeText(raw: string): string {
  return raw.replace(ESCAPED, (_, char: string) => (char === 'n' ? '\n' : char))
}

/** Unescaped and trimmed, or undefined when nothing is left. */
export function cleanText(raw: string): string | undefined {
  return unescapeText(raw).trim() || undefined
}

/** Offset of the first `token` in `raw[from, to)` that is not escaped by a backslash, or -1. */
export function indexOfUnescaped(raw: string, token: string, from = 0, to = raw.length): number {
  for (let i = from; i + token.length <= to; i++) {
    if (raw[i] === '\\') i++
    else if (raw.startsWith(token, i)) return i
  }
  return -1
}

/** Like indexOfUnescaped, but the last occurrence. */
export function lastIndexOfUnescaped(raw: string, token: string, from: number, to: number): number {
  let last = -1
  for (let at = indexOfUnescaped(raw, token, from, to); at >= 0;) {
    last = at
    at = indexOfUnescaped(raw, token, at + 1, to)
  }
  return last
}

/** Offsets of the unescaped characters of `chars` in `raw[from, to)`. */
export function unescapedOffsets(raw: string, chars: string, from: number, to: number): number[] {
  const offsets: number[] = []
  for (let i = from; i < to; i++) {
    const char = raw[i] ?? ''
    if (char === '\\') i++
    else if (chars.includes(char)) offsets.push(i)
  }
  return offsets
}

export function skipSpace(raw: string, from: number, to = raw.length): number {
  let i = from
  while (i < to && /\s/.test(raw[i] ?? '')) i++
  return i
}

/** Drops keys whose value is undefined, so optional fields are absent, not present and empty. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T
}
