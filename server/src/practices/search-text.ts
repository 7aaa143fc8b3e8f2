// Text for the library's full-text search, pure. A practice is indexed, and a query read, after the
// same normalisation: Serbian and Macedonian Cyrillic written in Latin letters, then every
// diacritic dropped (đ as dj), so "разноликост", "raznolikost", "različitost" and "razlicitost"
// meet. The search configuration follows the practice's language where PostgreSQL has a stemmer.

import { cyrillicToLatin } from '../course-format/cyrillic-latin.ts'

/** PostgreSQL text-search configurations a practice may be indexed with (all in PG 15 and PGlite). */
export const searchConfigs = ['english', 'swedish', 'serbian', 'simple'] as const
export type SearchConfig = (typeof searchConfigs)[number]

const configOfLanguage: Record<string, SearchConfig> = {
  en: 'english',
  sv: 'swedish',
  'sr-Latn': 'serbian',
  'sr-Cyrl': 'serbian',
  bs: 'serbian',
  hr: 'serbian',
  cnr: 'serbian',
}

/** The configuration for a language: its stemmer where PostgreSQL has one (mk, sq: none → simple). */
export function searchConfigOf(language: string): SearchConfig {
  return configOfLanguage[language] ?? 'simple'
}

/** One character as the index sees it: in Latin letters, without any mark. */
function foldChar(char: string): string {
  const latin = cyrillicToLatin(char)
  // Compatibility decomposition also splits ǆ ǉ ǌ and ligatures; marks are then dropped.
  return latin
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, (letter) => (letter === 'đ' ? 'dj' : 'Dj'))
}

/** Text in Latin letters without diacritics: how practices are indexed and queries read. */
export function foldForSearch(text: string): string {
  let out = ''
  for (const char of text) out += foldChar(char)
  return out
}

/**
 * The folded text with, for each of its UTF-16 units, the span of the original text it came from,
 * so that a passage found in the folded text can be shown as it was written.
 */
export function foldWithOffsets(text: string): { folded: string; from: number[]; to: number[] } {
  let folded = ''
  const from: number[] = []
  const to: number[] = []
  let at = 0
  for (const char of text) {
    const out = foldChar(char)
    for (let i = 0; i < out.length; i++) {
      from.push(at)
      to.push(at + char.length)
    }
    folded += out
    at += char.length
  }
  return { folded, from, to }
}

/** Markers ts_headline is asked to put around matches and between fragments (private use). */
export const headlineMarks = { start: '\uE000', stop: '\uE001', fragments: '\uE002' } as const
const markChars = /[\uE000-\uE002]/g

/**
 * The text given to ts_headline for a snippet: folded, with '<' and '>' as spaces (its parser
 * would drop what looks like a tag, and the snippet would no longer be a piece of the text) and
 * no marker characters of its own. Same length per character as `foldWithOffsets`.
 */
export function headlineSource(text: string): { source: string; from: number[]; to: number[] } {
  const { folded, from, to } = foldWithOffsets(text.replace(/[<>]/g, ' ').replace(markChars, ' '))
  return { source: folded, from, to }
}

export interface Snippet {
  /** Plain text. */
  text: string
  /** The same text HTML-escaped, matches in <mark>. */
  html: string
}

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (char) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char,
  )
}

const ellipsis = ' … '

/**
 * ts_headline's answer over `headlineSource(original)` turned back into the original's words:
 * each fragment found in the folded text, its marks carried over. Undefined when a fragment is
 * not a piece of the source (the caller then falls back to the start of the text).
 */
export function snippetFromHeadline(original: string, headline: string): Snippet | undefined {
  const { source, from, to } = headlineSource(original)
  const texts: string[] = []
  const htmls: string[] = []
  let cursor = 0
  let firstStart = -1
  let lastEnd = 0
  for (const fragment of headline.split(headlineMarks.fragments)) {
    let plain = ''
    const marks: [number, number][] = []
    let open = -1
    for (const char of fragment) {
      if (char === headlineMarks.start) open = plain.length
      else if (char === headlineMarks.stop) {
        if (open >= 0 && plain.length > open) marks.push([open, plain.length])
        open = -1
      } else plain += char
    }
    const trimmed = plain.trim()
    if (!trimmed) continue
    const lead = plain.indexOf(trimmed)
    const at = source.indexOf(trimmed, cursor)
    if (at < 0) return undefined
    cursor = at + trimmed.length
    const start = from[at]!
    const end = to[at + trimmed.length - 1]!
    if (firstStart < 0) firstStart = start
    lastEnd = end
    const text = original.slice(start, end)
    let html = ''
    let last = start
    for (const [markStart, markEnd] of marks) {
      const a = markStart - lead
      const b = markEnd - lead
      if (a < 0 || b > trimmed.length) continue
      const markFrom = from[at + a]!
      const markTo = to[at + b - 1]!
      if (markFrom < last) continue
      html += `${escapeHtml(original.slice(last, markFrom))}<mark>${escapeHtml(original.slice(markFrom, markTo))}</mark>`
      last = markTo
    }
    html += escapeHtml(original.slice(last, end))
    texts.push(oneLine(text))
    htmls.push(oneLine(html))
  }
  if (texts.length === 0) return undefined
  // A passage that starts or ends inside the text says so.
  const before = original.slice(0, firstStart).trim() ? '… ' : ''
  const after = original.slice(lastEnd).trim() ? ' …' : ''
  return {
    text: before + texts.join(ellipsis) + after,
    html: before + htmls.join(ellipsis) + after,
  }
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim()

/** The start of a text, cut at a word, as a snippet with no match. */
export function leadSnippet(text: string, max = 200): Snippet {
  const flat = oneLine(text)
  let cut = flat
  if (flat.length > max) {
    const space = flat.lastIndexOf(' ', max)
    cut = `${flat.slice(0, space > max / 2 ? space : max)}…`
  }
  return { text: cut, html: escapeHtml(cut) }
}
