/**
 * The course glossaries (`courses/glossary.<language>.yaml`): for each concept the one accepted
 * rendering in that language and the renderings that must not be used, plus the line that labels
 * every case study as illustrative. Pure: no I/O. The content tests (test/content/glossary.test.ts)
 * apply it to every module of the library, so a term rendered another way is reported with its
 * file and line.
 *
 * A glossary file:
 *
 * ```yaml
 * language: sr-Latn
 * illustrative: '*Ilustrativan primer: …*'   # the first line of every ::: case-study box
 * terms:
 *   lnob:
 *     term: da niko ne bude izostavljen       # the accepted rendering
 *     avoid: [ne ostaviti nikoga iza sebe]    # renderings that must not appear
 *     source: UN Agenda 2030, …               # optional: where the term comes from
 * ```
 *
 * Matching of `avoid` entries: case-insensitive; a space stands for any run of white space (so a
 * phrase broken across lines of a hard-wrapped file is still found); a word ending in `*` matches
 * any word with that beginning (`nosi* dužnost*` finds nosilac dužnosti, nosioca dužnosti, …);
 * otherwise a phrase matches only as whole words.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml'
import type { SourceProblem } from './manifest.ts'
import { supportedLanguages } from './languages.ts'

export interface GlossaryTerm {
  id: string
  term: string
  avoid: string[]
  source: string | null
}

export interface Glossary {
  language: string
  illustrative: string
  terms: GlossaryTerm[]
}

/** A rendering found in a text that the glossary says must not be used. */
export interface GlossaryHit {
  line: number
  column: number
  found: string
  avoid: string
  id: string
  term: string
}

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

/** Reads a glossary file; every problem comes with its line and column. */
export function parseGlossary(text: string): {
  glossary: Glossary | null
  problems: SourceProblem[]
} {
  const lineCounter = new LineCounter()
  const document = parseDocument(text, { lineCounter, uniqueKeys: true })
  const problems: SourceProblem[] = []
  const at = (node: Node | null | undefined, message: string) => {
    const position = lineCounter.linePos(node?.range?.[0] ?? 0)
    problems.push({ line: position.line, column: position.col, message })
  }
  for (const error of document.errors) {
    const position = error.linePos?.[0] ?? { line: 1, col: 1 }
    problems.push({ line: position.line, column: position.col, message: error.message })
  }
  if (problems.length > 0) return { glossary: null, problems }
  const root = document.contents
  if (!isMap(root)) {
    at(root, 'a glossary is a map with language, illustrative and terms')
    return { glossary: null, problems }
  }
  const stringOf = (node: unknown): string | null =>
    isScalar(node) && typeof node.value === 'string' && node.value.trim() !== ''
      ? node.value.trim()
      : null

  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : ''
    if (!['language', 'illustrative', 'terms'].includes(key))
      at(pair.key as Node, `unknown field '${key}': use language, illustrative and terms`)
  }
  const languageNode = root.get('language', true)
  const language = stringOf(languageNode)
  if (!language || !(supportedLanguages as readonly string[]).includes(language))
    at(
      languageNode ?? root,
      `language must be one of ${supportedLanguages.join(', ')}, not '${language ?? ''}'`,
    )
  const illustrativeNode = root.get('illustrative', true)
  const illustrative = stringOf(illustrativeNode)
  if (!illustrative) at(illustrativeNode ?? root, 'illustrative (the case-study label) is missing')

  const terms: GlossaryTerm[] = []
  const termsNode = root.get('terms', true)
  if (!isMap(termsNode)) at(termsNode ?? root, 'terms must be a map of concept id → term')
  else
    for (const pair of termsNode.items) {
      const id = isScalar(pair.key) ? String(pair.key.value) : ''
      if (!ID.test(id)) at(pair.key as Node, `'${id}' is not a concept id (lowercase-words)`)
      const value = pair.value as Node | null
      if (!isMap(value)) {
        at(value ?? (pair.key as Node), `${id}: give term (and optionally avoid and source)`)
        continue
      }
      for (const field of value.items) {
        const name = isScalar(field.key) ? String(field.key.value) : ''
        if (!['term', 'avoid', 'source'].includes(name))
          at(field.key as Node, `${id}: unknown field '${name}': use term, avoid and source`)
      }
      const term = stringOf(value.get('term', true))
      if (!term) at(value, `${id}: term is missing`)
      const avoidNode = value.get('avoid', true)
      const avoid: string[] = []
      if (avoidNode !== undefined) {
        if (!isSeq(avoidNode)) at(avoidNode as Node, `${id}: avoid must be a list`)
        else
          for (const item of avoidNode.items) {
            const variant = stringOf(item)
            if (!variant) at(item as Node, `${id}: an avoid entry is empty`)
            else if (term && matcher(variant).test(term))
              at(item as Node, `${id}: '${variant}' would also match the accepted term '${term}'`)
            else avoid.push(variant)
          }
      }
      const sourceNode = value.get('source', true)
      const source = sourceNode === undefined ? null : stringOf(sourceNode)
      if (term) terms.push({ id, term, avoid, source })
    }
  if (problems.length > 0 || !language || !illustrative) return { glossary: null, problems }
  return { glossary: { language, illustrative, terms }, problems }
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** The regular expression of an avoid entry, as described at the top of this file. */
function matcher(variant: string): RegExp {
  const words = variant.trim().split(/\s+/)
  const last = words[words.length - 1] ?? ''
  const body = words
    .map((word) => (word.endsWith('*') ? `${escape(word.slice(0, -1))}\\p{L}*` : escape(word)))
    .join('\\s+')
  const end = last.endsWith('*') ? '' : '(?![\\p{L}\\p{N}])'
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}${end}`, 'giu')
}

/** Line and column (1-based) of an offset in a text. */
function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset)
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') }
}

/** Every place in `text` where a rendering the glossary rejects is used, in order. */
export function findAvoidedTerms(glossary: Glossary, text: string): GlossaryHit[] {
  const hits: GlossaryHit[] = []
  for (const term of glossary.terms)
    for (const avoid of term.avoid)
      for (const match of text.matchAll(matcher(avoid)))
        hits.push({
          ...position(text, match.index),
          found: match[0].replace(/\s+/g, ' '),
          avoid,
          id: term.id,
          term: term.term,
        })
  return hits.sort((a, b) => a.line - b.line || a.column - b.column)
}

/**
 * The case studies of a module that do not start with the glossary's illustrative label: each
 * `::: case-study` box must have that label as its first non-empty line.
 */
export function findUnlabelledCaseStudies(glossary: Glossary, text: string): SourceProblem[] {
  const lines = text.split(/\r\n?|\n/)
  const problems: SourceProblem[] = []
  lines.forEach((line, index) => {
    if (!/^\s*:{3,}\s*case-study\b/.test(line)) return
    const next = lines.slice(index + 1).find((candidate) => candidate.trim() !== '')
    if (next?.trim() !== glossary.illustrative)
      problems.push({
        line: index + 1,
        column: 1,
        message: `the case study does not start with the illustrative label '${glossary.illustrative}'`,
      })
  })
  return problems
}
