/**
 * Serbian Latin → Serbian Cyrillic (Vuk's alphabet), for generating `sr-Cyrl` from the stored
 * `sr-Latn` text. Pure: no I/O, no dependency.
 *
 * What stays in Latin script, by design:
 * - URLs (`https://…`, `mailto:…`, `www.…`), e-mail addresses, bare domain and file names with a
 *   known ending (`ombudsman.rs`, `coe.int`, `vodic.pdf`, `01-basics.md`) and HTML entities.
 * - Foreign words: a word with any Latin letter outside the Serbian alphabet (q, w, x, y, é, ü, …)
 *   stays whole, so `Wikipedia` never becomes a mix of scripts. Words joined to it by a hyphen or
 *   apostrophe stay too (`Wi-Fi`), except a trailing Serbian case ending (`YouTube-u` → `YouTube-у`).
 * - The acronyms in LATIN_ACRONYMS, matched exactly (case-sensitive). Every other acronym is
 *   transliterated: SKGO → СКГО, OEBS → ОЕБС, EU → ЕУ, UN → УН.
 * - Tokens of Latin letters and digits together stay whole: `W3C`, `CO2`, `H2O`, `3D`, `5a` (a
 *   mixed token is a code or a name, never Serbian spelling). A hyphenated ending is transliterated
 *   as for foreign words: `W3C-a` → `W3C-а`.
 * - Foreign proper names in LATIN_NAMES, written in their own spelling with Serbian letters only
 *   (`Inclusion Europe`, `Diskrimineringsombudsmannen`), matched exactly as whole words. The rule for
 *   authors: a name given in its original foreign spelling stays Latin in Cyrillic text; a name
 *   already adapted to Serbian (`Preporuke iz Lunda`, `Strazbur`) is Serbian and is transliterated.
 *   A foreign name with q, w, x, y or a foreign diacritic needs no entry (see the next point); one
 *   written with Serbian letters only must be added to LATIN_NAMES.
 * - Uppercase Roman numerals standing alone (II, IV, XXI, MCMXC; of the single letters only I and V):
 *   Serbian Cyrillic text writes them in Latin. Lowercase never counts (`vi` is a word). Ambiguous
 *   cases: `I` is the conjunction `И` at the start of a sentence when a word follows (`I tako…`),
 *   and `I`/`VI` are words in an all-caps run (`PRAVA I OBAVEZE`, `ŠTA VI MISLITE`). MI, LI, DI and
 *   DIV are always words.
 *
 * Digraphs: lj/Lj/LJ → љ/Љ, nj/Nj/NJ → њ/Њ, dž/Dž/DŽ → џ/Џ, and the code points ǉ ǈ Ǉ ǌ ǋ Ǌ ǆ ǅ Ǆ.
 * `lJ`, `nJ` and `dŽ` are not digraphs. `dj` is two letters (дј): đ is its own letter. Where a prefix
 * meets a root the pair is two letters:
 * - d + ž after the prefixes nad-, od-, pod-, pred- at the start of a word (also after ne-):
 *   predžetva → преджетва, nadživeti → надживети, odžvakati → оджвакати, podžupan → поджупан,
 *   neodživljen → неодживљен. The few words whose dž is one letter there are listed in
 *   DZ_AFTER_PREFIX (odžak → оџак, Odžaci → Оџаци, nadžak → наџак).
 * - other stems listed in SPLIT_DIGRAPHS (konjugacija → конјугација, injekcija → инјекција,
 *   Tanjug → Танјуг). An author can force two letters anywhere with a zero-width non-joiner (U+200C) between
 * them; it is dropped from the output.
 *
 * Each output is never longer than its input: every mapping is one or two UTF-16 units to one.
 */

const LETTERS: Record<string, string> = {
  a: 'а',
  b: 'б',
  c: 'ц',
  č: 'ч',
  ć: 'ћ',
  d: 'д',
  đ: 'ђ',
  e: 'е',
  f: 'ф',
  g: 'г',
  h: 'х',
  i: 'и',
  j: 'ј',
  k: 'к',
  l: 'л',
  m: 'м',
  n: 'н',
  o: 'о',
  p: 'п',
  r: 'р',
  s: 'с',
  š: 'ш',
  t: 'т',
  u: 'у',
  v: 'в',
  z: 'з',
  ž: 'ж',
  A: 'А',
  B: 'Б',
  C: 'Ц',
  Č: 'Ч',
  Ć: 'Ћ',
  D: 'Д',
  Đ: 'Ђ',
  E: 'Е',
  F: 'Ф',
  G: 'Г',
  H: 'Х',
  I: 'И',
  J: 'Ј',
  K: 'К',
  L: 'Л',
  M: 'М',
  N: 'Н',
  O: 'О',
  P: 'П',
  R: 'Р',
  S: 'С',
  Š: 'Ш',
  T: 'Т',
  U: 'У',
  V: 'В',
  Z: 'З',
  Ž: 'Ж',
  // Ð (Icelandic eth) is a common stand-in for Đ.
  Ð: 'Ђ',
  // Unicode's single-code-point digraphs.
  Ǆ: 'Џ',
  ǅ: 'Џ',
  ǆ: 'џ',
  Ǉ: 'Љ',
  ǈ: 'Љ',
  ǉ: 'љ',
  Ǌ: 'Њ',
  ǋ: 'Њ',
  ǌ: 'њ',
}

/** First letter → second letters → the Cyrillic letter, lower and upper. */
const DIGRAPHS: Record<string, { second: string; lower: string; upper: string }> = {
  l: { second: 'jJ', lower: 'љ', upper: 'Љ' },
  n: { second: 'jJ', lower: 'њ', upper: 'Њ' },
  d: { second: 'žŽ', lower: 'џ', upper: 'Џ' },
}

/**
 * Acronyms that Serbian Cyrillic text keeps in Latin: international bodies, treaties and standards
 * known by their English acronym, and file or web formats. Matched exactly, so `SDG-ova` keeps
 * `SDG` and transliterates the ending. Words with q, w, x or y (WHO, WCAG) stay Latin anyway.
 */
export const LATIN_ACRONYMS: ReadonlySet<string> = new Set([
  // Bodies and programmes
  'NALAS',
  'ICLD',
  'ECMI',
  'UNDP',
  'UNHCR',
  'OHCHR',
  'ODIHR',
  'UNFPA',
  'USAID',
  'GIZ',
  'ECRI',
  'ECHR',
  'ECtHR',
  'CEMR',
  // Associations of municipalities known by their acronym in their own language: Sweden's (SKR) and
  // Kosovo's (AKM, Asociacioni i Komunave të Kosovës). Serbia's SKGO and North Macedonia's ZELS
  // (ЗЕЛС at home) are transliterated.
  'SKR',
  'AKM',
  // Treaties, their committees and reviews
  'CRPD',
  'CEDAW',
  'ICCPR',
  'ICESCR',
  'ICERD',
  'CERD',
  'CRC',
  'UPR',
  // Agendas and standards
  'SDG',
  'SDGs',
  'LNOB',
  // The human-rights-based approach's principles, known by their English initials.
  'PANEL',
  'WCAG',
  'GDPR',
  'ISBN',
  'DOI',
  // Formats
  'GIFT',
  'PDF',
  'HTML',
  'CSS',
  'URL',
  'HTTP',
  'HTTPS',
  'JSON',
  'CSV',
  'XML',
  'DOCX',
])

/**
 * Stems in which dž or nj is two letters, because a prefix ends in d/n and the root starts with
 * ž/j. `^` anchors a stem at the start of the word, optionally after `ne` (neodžaljen); the others
 * match anywhere. Anchored where the stem also ends real words: odžak (оџак), kanjon (кањон).
 * Only the first dž/nj of a stem is split: nadžnjeti → наджњети.
 */
export const SPLIT_DIGRAPHS: readonly string[] = [
  // nad-, od-, pod-, pred- + ž…
  '^nadživ',
  '^nadžnj',
  '^nadžup',
  '^odžal',
  '^odživ',
  '^podžanr',
  '^podžel',
  '^podžig',
  '^podžup',
  '^predžel',
  '^predživ',
  // in-, kon-, van-, pan-, an- + j…, and the news agency Tan-jug
  'injekc',
  'injekt',
  'injicir',
  'injunkc',
  'injurij',
  'konjug',
  'konjunk',
  'konjekt',
  'tanjug',
  '^vanjezi',
  '^panjugo',
  '^anjon',
]

/**
 * Words beginning like a prefix (nad-, od-, pod-, pred-) + ž in which dž is nevertheless one letter
 * (џ): matched at the start of the word, after an optional `ne`, in any case.
 */
export const DZ_AFTER_PREFIX: readonly string[] = ['odžak', 'odžac', 'odžač', 'nadžak']

/** nad-, od-, pod-, pred- + ž at the start of a word, optionally after ne-: two letters, д + ж. */
const PREFIX_DZ = /^(?:ne)?(?:nad|od|pod|pred)(?=ž)/u

/**
 * Foreign proper names written with Serbian letters only, kept in Latin in Cyrillic text (see the
 * module comment). Matched exactly (case-sensitive) as whole words; a space matches any white space.
 */
export const LATIN_NAMES: readonly string[] = [
  'Inclusion Europe',
  'Diskrimineringsombudsmannen',
  'Sametinget',
  'Skolinspektionen',
  // Names of a standard and of a WCAG conformance level, written the same in every script.
  'EN 301 549',
  'AA',
  // The Council of Europe's recommendation references: Rec(2003)3.
  'Rec',
  // English names and terms quoted in their own spelling: a judgment's English title, and a term
  // glossed as `engl. …` beside its Serbian rendering.
  'Sejdić and Finci',
  'gender mainstreaming',
]

const ZWNJ = '\u200C'
const SERBIAN_LATIN = /^[a-pr-vzA-PR-VZčćđšžČĆĐŠŽÐǄǅǆǇǈǉǊǋǌ]$/u
const LATIN = /\p{Script=Latin}/u
const ROMAN = /^M{0,4}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$/
/** Valid numerals that are far likelier to be words. */
const NEVER_ROMAN = new Set(['MI', 'LI', 'DI', 'DIV'])
/** Numerals that are also words: I (and), VI (you). */
const AMBIGUOUS_ROMAN = new Set(['I', 'VI'])

const WORD = /[\p{L}\p{M}\u200C]+/gu
const JOINERS = new Set(['-', "'", '’', '\u2011'])
/** A Serbian case ending after a hyphen: YouTube-u, WHO-a, SDG-ova. */
const ENDING = /^[a-pr-vzčćđšž]{1,3}$/u

// Character classes stop at the separator htmlToCyrillic puts between text nodes.
const URL = /\b(?:[a-z][a-z0-9+.-]*:\/\/|(?:mailto|tel|urn):|www\.)[^\s<>"\u0000]+/giu
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu
const DOMAIN_OR_FILE = new RegExp(
  '(?<![\\p{L}\\p{N}@._-])[\\p{L}\\p{N}](?:[\\p{L}\\p{N}_-]*[\\p{L}\\p{N}])?' +
    '(?:\\.[\\p{L}\\p{N}](?:[\\p{L}\\p{N}_-]*[\\p{L}\\p{N}])?)*' +
    '\\.(?:rs|srb|срб|com|org|net|eu|int|gov|edu|info|io|me|ba|hr|mk|si|de|at|ch|uk|' +
    'pdf|docx?|xlsx?|pptx?|odt|ods|csv|txt|jpe?g|png|gif|svg|zip|html?|md)' +
    '(?![\\p{L}\\p{N}_-])(?:\\/[^\\s<>"\\u0000]*)?',
  'gu',
)
const ENTITY = /&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);/g
/** Latin letters and digits in one token, with at least one of each: W3C, CO2, 3D. */
const LETTERS_AND_DIGITS =
  /(?<![\p{L}\p{N}\p{M}\u200C])(?=[\p{L}\p{M}]*\p{N})(?=\p{N}*\p{L})[\p{Script=Latin}\p{N}\p{M}]+(?![\p{L}\p{N}\p{M}\u200C])/gu
const NAMES = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${LATIN_NAMES.map((name) =>
    name
      .split(' ')
      .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('\\s+'),
  ).join('|')})(?![\\p{L}\\p{N}])`,
  'gu',
)
const TRAILING_PUNCTUATION = /[.,;:!?'"»”’…]$/u

/** Serbian Latin → Serbian Cyrillic; see the module comment for what stays Latin. */
export function latinToCyrillic(text: string): string {
  return convert(text)
}

type Span = [start: number, end: number]

interface Word {
  start: number
  end: number
  text: string
}

function convert(text: string): string {
  if (!/[\p{Script=Latin}\u200C]/u.test(text)) return text
  const spans = protectedSpans(text)
  const words: Word[] = []
  let from = 0
  for (const [start, end] of [...spans, [text.length, text.length] as Span]) {
    for (const match of text.slice(from, start).matchAll(WORD)) {
      const at = from + match.index
      words.push({ start: at, end: at + match[0].length, text: match[0] })
    }
    from = end
  }
  const keep = keptWords(text, words)
  let out = ''
  let last = 0
  words.forEach((word, index) => {
    out += text.slice(last, word.start)
    out += keep[index] ? word.text : transliterateWord(word.text)
    last = word.end
  })
  return out + text.slice(last)
}

/** URLs, e-mail addresses, domain and file names, entities: sorted and merged. */
function protectedSpans(text: string): Span[] {
  const spans: Span[] = []
  for (const match of text.matchAll(URL))
    spans.push([match.index, match.index + trimUrl(match[0]).length])
  for (const pattern of [EMAIL, DOMAIN_OR_FILE, ENTITY, LETTERS_AND_DIGITS, NAMES]) {
    for (const match of text.matchAll(pattern))
      spans.push([match.index, match.index + match[0].length])
  }
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1])
  const merged: Span[] = []
  for (const span of spans) {
    const previous = merged.at(-1)
    if (previous && span[0] <= previous[1]) previous[1] = Math.max(previous[1], span[1])
    else merged.push([...span])
  }
  return merged
}

/** Sentence punctuation after a URL belongs to the sentence; a `)` only if it opens none. */
function trimUrl(url: string): string {
  let end = url
  for (;;) {
    if (TRAILING_PUNCTUATION.test(end)) {
      end = end.slice(0, -1)
      continue
    }
    const close = end.at(-1)
    const open = close === ')' ? '(' : close === ']' ? '[' : null
    if (open && count(end, open) < count(end, close ?? '')) {
      end = end.slice(0, -1)
      continue
    }
    return end
  }
}

const count = (text: string, char: string) => text.split(char).length - 1

function keptWords(text: string, words: Word[]): boolean[] {
  const keep = words.map(
    (word, index) => isAcronym(word.text) || isRomanNumeral(text, words, index),
  )
  // Foreign words, with the words joined to them by a hyphen or apostrophe.
  for (let first = 0; first < words.length;) {
    let last = first
    while (last + 1 < words.length && joined(text, words[last] as Word, words[last + 1] as Word))
      last++
    const parts = words.slice(first, last + 1)
    const lastForeign = parts.findLastIndex((part) => isForeign(part.text))
    if (lastForeign >= 0) {
      parts.forEach((part, offset) => {
        if (offset <= lastForeign || !ENDING.test(part.text)) keep[first + offset] = true
      })
    }
    first = last + 1
  }
  return keep
}

const joined = (text: string, left: Word, right: Word) =>
  right.start === left.end + 1 && JOINERS.has(text[left.end] ?? '')

/** Has a Latin letter outside the Serbian alphabet, or one carrying a combining mark. */
function isForeign(word: string): boolean {
  const composed = composeCarons(word)
  if (/\p{M}/u.test(composed) && LATIN.test(composed)) return true
  for (const char of composed) {
    if (LATIN.test(char) && !SERBIAN_LATIN.test(char)) return true
  }
  return false
}

const isAcronym = (word: string) => LATIN_ACRONYMS.has(word)

function isRomanCandidate(word: string): boolean {
  if (word.length === 1) return word === 'I' || word === 'V'
  return ROMAN.test(word) && !NEVER_ROMAN.has(word)
}

/**
 * Two or more letters, all capitals, and not a Roman numeral. Judged on the Cyrillic form, where
 * LJ and Lj are one capital letter, so that the judgement is the same on a second pass.
 */
function isCapsWord(word: string): boolean {
  const cyrillic = transliterateWord(word)
  return (
    [...cyrillic].length >= 2 &&
    cyrillic === cyrillic.toUpperCase() &&
    cyrillic !== cyrillic.toLowerCase() &&
    !(isRomanCandidate(word) && !AMBIGUOUS_ROMAN.has(word))
  )
}

function isRomanNumeral(text: string, words: Word[], index: number): boolean {
  const word = words[index] as Word
  if (!isRomanCandidate(word.text)) return false
  if (!AMBIGUOUS_ROMAN.has(word.text)) return true
  const previous = words[index - 1]
  const next = words[index + 1]
  const capsNeighbour =
    (previous &&
      !text.slice(previous.end, word.start).includes('\n') &&
      isCapsWord(previous.text)) ||
    (next && !text.slice(word.end, next.start).includes('\n') && isCapsWord(next.text))
  if (capsNeighbour) return false
  if (word.text === 'I') {
    // `I.` / `I)` / `I,` or nothing after it: a numeral. Else the conjunction if a sentence starts.
    const followedByWord = /^[^\S\n]+\S/u.test(text.slice(word.end))
    return !(followedByWord && startsSentence(text, word.start))
  }
  return true
}

const OPENING =
  /(?:[^\S\n]|\u0000|["'„“”«»‘’([*_–—-]|&(?:quot|#39|#x27|apos|laquo|ldquo|bdquo|lsquo|nbsp);)*$/u

function startsSentence(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 80), at)
  const rest = before.slice(0, before.length - (OPENING.exec(before)?.[0].length ?? 0))
  if (rest === '') return true
  return /[\n.!?…:]$/u.test(rest)
}

const CARONS: Record<string, string> = { c: 'č', s: 'š', z: 'ž', C: 'Č', S: 'Š', Z: 'Ž' }

/** c, s, z + combining caron and c + combining acute → the precomposed letters. */
function composeCarons(word: string): string {
  if (!/[\u030C\u0301]/u.test(word)) return word
  return word
    .replace(/([cszCSZ])\u030C/gu, (whole, letter: string) => CARONS[letter] ?? whole)
    .replace(/([cC])\u0301/gu, (_, letter: string) => (letter === 'c' ? 'ć' : 'Ć'))
}

/** Index-aligned lower case: characters whose lower case has another length stay. */
const lowerAligned = (word: string) =>
  word.replace(/[\s\S]/gu, (char) => {
    const lower = char.toLowerCase()
    return lower.length === char.length ? lower : char
  })

/** Offsets of the first letter of each digraph that SPLIT_DIGRAPHS says is two letters. */
function splitOffsets(word: string): Set<number> {
  const lower = lowerAligned(word)
  const offsets = new Set<number>()
  if (!/dž|nj/u.test(lower)) return offsets
  const prefix = PREFIX_DZ.exec(lower)
  if (
    prefix &&
    !DZ_AFTER_PREFIX.some((stem) => lower.startsWith(stem) || lower.startsWith(`ne${stem}`))
  )
    offsets.add(prefix[0].length - 1)
  for (const entry of SPLIT_DIGRAPHS) {
    const anchored = entry.startsWith('^')
    const stem = anchored ? entry.slice(1) : entry
    const inside = /dž|nj/u.exec(stem)?.index ?? -1
    if (inside < 0) continue
    if (anchored) {
      for (const start of [0, 2]) {
        if ((start === 0 || lower.startsWith('ne')) && lower.startsWith(stem, start))
          offsets.add(start + inside)
      }
    } else {
      for (let at = lower.indexOf(stem); at >= 0; at = lower.indexOf(stem, at + 1))
        offsets.add(at + inside)
    }
  }
  return offsets
}

function transliterateWord(raw: string): string {
  const word = composeCarons(raw)
  const split = splitOffsets(word)
  let out = ''
  for (let i = 0; i < word.length; i++) {
    const char = word[i] as string
    const next = word[i + 1] ?? ''
    if (char === ZWNJ) {
      // Between the two letters of a would-be digraph it only keeps them apart.
      const digraph = DIGRAPHS[(word[i - 1] ?? '').toLowerCase()]
      if (next && digraph?.second.includes(next)) continue
      out += char
      continue
    }
    const lower = char.toLowerCase()
    const digraph = DIGRAPHS[lower]
    if (next && digraph?.second.includes(next) && !split.has(i)) {
      const upper = char !== lower
      // lJ, nJ, dŽ: an upper-case second letter after a lower-case first is no digraph.
      if (upper || next === next.toLowerCase()) {
        out += upper ? digraph.upper : digraph.lower
        i++
        continue
      }
    }
    out += LETTERS[char] ?? char
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// HTML

/** Elements whose content is never transliterated. */
const VERBATIM_ELEMENTS = new Set(['code', 'pre', 'kbd', 'samp', 'script', 'style'])
const SEPARATOR = '\u0000'

interface Piece {
  text: string
  /** Text outside code: transliterated. Tags and code content are copied. */
  convert: boolean
}

/**
 * Transliterates the text of an HTML fragment from our markdown-it renderer. Tags, attribute names
 * and values (href, id, class, but also alt and title), comments and entities are copied, as is the
 * content of code, pre, kbd, samp, script and style elements. The text nodes are transliterated
 * together, so that context (a sentence start, an all-caps run) crosses inline tags.
 */
export function htmlToCyrillic(html: string): string {
  const pieces = tokenize(html)
  const texts = pieces.filter((piece) => piece.convert)
  if (texts.length === 0) return html
  if (html.includes(SEPARATOR)) {
    for (const piece of texts) piece.text = convert(piece.text)
  } else {
    const converted = convert(texts.map((piece) => piece.text).join(SEPARATOR)).split(SEPARATOR)
    // The separator is not a letter and is never changed, so the split gives back every node.
    texts.forEach((piece, index) => {
      piece.text = converted[index] ?? piece.text
    })
  }
  return pieces.map((piece) => piece.text).join('')
}

function tokenize(html: string): Piece[] {
  const pieces: Piece[] = []
  let verbatimDepth = 0
  let text = ''
  const flushText = () => {
    if (text) pieces.push({ text, convert: verbatimDepth === 0 })
    text = ''
  }
  for (let i = 0; i < html.length;) {
    const end = html[i] === '<' ? markupEnd(html, i) : -1
    if (end < 0) {
      const next = html.indexOf('<', i + 1)
      text += html.slice(i, next < 0 ? html.length : next)
      i = next < 0 ? html.length : next
      continue
    }
    flushText()
    const markup = html.slice(i, end)
    pieces.push({ text: markup, convert: false })
    const tag = /^<(\/?)([A-Za-z][A-Za-z0-9-]*)/.exec(markup)
    if (tag && VERBATIM_ELEMENTS.has((tag[2] as string).toLowerCase()) && !markup.endsWith('/>')) {
      verbatimDepth = tag[1] ? Math.max(0, verbatimDepth - 1) : verbatimDepth + 1
    }
    i = end
  }
  flushText()
  return pieces
}

/** End (exclusive) of the tag, comment or declaration at `start`, or -1 if none starts there. */
function markupEnd(html: string, start: number): number {
  if (html.startsWith('<!--', start)) {
    const close = html.indexOf('-->', start + 4)
    return close < 0 ? -1 : close + 3
  }
  if (!/^<(?:\/?[A-Za-z]|[!?][A-Za-z])/.test(html.slice(start, start + 3))) return -1
  let quote: string | null = null
  for (let i = start + 1; i < html.length; i++) {
    const char = html[i]
    if (quote) {
      if (char === quote) quote = null
    } else if (char === '"' || char === "'") {
      quote = char
    } else if (char === '>') {
      return i + 1
    }
  }
  return -1
}

// ---------------------------------------------------------------------------------------------
// JSON-like values

/**
 * Keys whose values are identifiers, not text. `category` is a Moodle question-bank path
 * (`$course$/top/…`), never shown to learners.
 */
export const DEFAULT_SKIP_KEYS: readonly string[] = [
  'id',
  'kind',
  'format',
  'type',
  'slug',
  'step',
  'language',
  'category',
]

/**
 * A copy of a JSON-like value with every string transliterated, except values (of any depth)
 * under a key in `skipKeys`; keys are never changed. Values that are not JSON (dates, functions)
 * are returned as they are. An object with a string `text` and an integer `blankAt` (a GIFT
 * missing-word question) gets the two halves transliterated apart and `blankAt` moved to match,
 * as transliteration shortens text before the blank.
 */
export function deepToCyrillic<T>(value: T, skipKeys: readonly string[] = DEFAULT_SKIP_KEYS): T {
  const skip = new Set(skipKeys)
  const walk = (item: unknown, transliterate: boolean): unknown => {
    if (typeof item === 'string') return transliterate ? convert(item) : item
    if (Array.isArray(item)) return item.map((element) => walk(element, transliterate))
    if (!isPlainObject(item)) return item
    const copy: Record<string, unknown> = {}
    for (const [key, child] of Object.entries(item))
      copy[key] = walk(child, transliterate && !skip.has(key))
    const { text, blankAt } = item
    if (
      transliterate &&
      !skip.has('text') &&
      !skip.has('blankAt') &&
      typeof text === 'string' &&
      Number.isInteger(blankAt) &&
      (blankAt as number) >= 0 &&
      (blankAt as number) <= text.length
    ) {
      const before = convert(text.slice(0, blankAt as number))
      copy.text = before + convert(text.slice(blankAt as number))
      copy.blankAt = before.length
    }
    return copy
  }
  return walk(value, true) as T
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false
  const prototype = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}
