// The library of approved practices: browsing, full-text search with snippets, and the CSV export.
import type { Db } from '../db/create-db.ts'
import type { Actor } from '../http/auth.ts'
import type { Page } from '../http/pagination.ts'
import { type Label, labelIn, type Table } from '../tabular/index.ts'
import { headlines, type LibraryFilter, listLibrary, listLibraryForExport } from './queries.ts'
import type { PracticeRow } from './queries.ts'
import type { LibraryExportQuery, LibraryPractice, LibraryQuery } from './schemas.ts'
import {
  foldForSearch,
  headlineMarks,
  headlineSource,
  leadSnippet,
  searchConfigOf,
  type Snippet,
  snippetFromHeadline,
} from './search-text.ts'
import { courseOf, plainBody, viewPractice } from './views.ts'

/** The most rows an export holds; a larger library is exported by filters. */
export const maxExportRows = 10_000

// Short passages: up to two fragments of 8–24 words around the matches.
const headlineOptions = [
  `StartSel=${headlineMarks.start}`,
  `StopSel=${headlineMarks.stop}`,
  `FragmentDelimiter=${headlineMarks.fragments}`,
  'MaxFragments=2',
  'MaxWords=24',
  'MinWords=8',
  'ShortWord=2',
].join(', ')

function filterOf(actor: Actor | null, query: LibraryQuery | LibraryExportQuery): LibraryFilter {
  const q = query.q === undefined ? '' : foldForSearch(query.q).trim()
  return {
    publicOnly: actor === null,
    ...(query.country ? { country: query.country } : {}),
    ...(query.area ? { area: query.area } : {}),
    ...(query.language ? { language: query.language } : {}),
    ...(q ? { q } : {}),
  }
}

/** The text a snippet is taken from: the three sections, then the body as plain text. */
const snippetText = (row: PracticeRow) =>
  [row.problem, row.actions, row.results, plainBody(row.body)].join('\n')

async function snippetsOf(db: Db, rows: PracticeRow[], q: string | undefined): Promise<Snippet[]> {
  const texts = rows.map(snippetText)
  if (!q) return rows.map((row) => leadSnippet(row.problem))
  const found = await headlines(
    db,
    texts.map((text, index) => ({
      source: headlineSource(text).source,
      config: searchConfigOf(rows[index]!.language),
    })),
    q,
    headlineOptions,
  )
  return texts.map(
    (text, index) =>
      (found[index] ? snippetFromHeadline(text, found[index]) : undefined) ??
      leadSnippet(rows[index]!.problem),
  )
}

function libraryItem(
  row: PracticeRow & { rank: number | null },
  snippet: Snippet,
): LibraryPractice {
  const {
    reviewComment: _comment,
    author: _author,
    enrolmentId: _enrolment,
    mayEdit: _mayEdit,
    mayReview: _mayReview,
    ...shown
  } = viewPractice(row, { author: false, moderator: false })
  return {
    ...shown,
    rank: row.rank === null ? null : Number(row.rank),
    snippet: snippet.text,
    snippetHtml: snippet.html,
  }
}

/**
 * The library: approved practices (anonymous readers: the public ones), by country, area and
 * language, searched in full text when `q` is given, best match first.
 */
export async function browseLibrary(
  db: Db,
  actor: Actor | null,
  query: LibraryQuery,
): Promise<Page<LibraryPractice>> {
  const filter = filterOf(actor, query)
  const window = { limit: query.limit, offset: query.offset }
  const rows = await listLibrary(db, filter, window)
  // Past the last item no row carries the total: the first row is read for it.
  const carrier =
    rows[0] ??
    (window.offset > 0 ? (await listLibrary(db, filter, { limit: 1, offset: 0 }))[0] : undefined)
  const snippets = await snippetsOf(db, rows, filter.q)
  return {
    items: rows.map((row, index) => libraryItem(row, snippets[index]!)),
    total: carrier ? Number(carrier.total) : 0,
    limit: window.limit,
    offset: window.offset,
  }
}

const headers: Label[] = [
  { en: 'Title', 'sr-Latn': 'Naslov' },
  { en: 'Country', 'sr-Latn': 'Država' },
  { en: 'Municipality', 'sr-Latn': 'Opština' },
  { en: 'Area', 'sr-Latn': 'Oblast' },
  { en: 'Language', 'sr-Latn': 'Jezik' },
  { en: 'Problem', 'sr-Latn': 'Problem' },
  { en: 'What was done', 'sr-Latn': 'Šta je urađeno' },
  { en: 'Results', 'sr-Latn': 'Rezultati' },
  { en: 'Contact (role)', 'sr-Latn': 'Kontakt (funkcija)' },
  { en: 'Description (Markdown)', 'sr-Latn': 'Opis (Markdown)' },
  { en: 'Course', 'sr-Latn': 'Kurs' },
  { en: 'Approved (UTC)', 'sr-Latn': 'Odobreno (UTC)' },
  { en: 'Link', 'sr-Latn': 'Link' },
]
const areaWords: Record<PracticeRow['area'], Label> = {
  workforce: { en: 'workforce', 'sr-Latn': 'zaposleni' },
  services: { en: 'services', 'sr-Latn': 'usluge' },
  'information-communication': {
    en: 'information and communication',
    'sr-Latn': 'informisanje i komunikacija',
  },
  participation: { en: 'participation', 'sr-Latn': 'učešće' },
  other: { en: 'other', 'sr-Latn': 'drugo' },
}

/** The library with the same filters as a table (anonymous readers: public practices only). */
export async function exportLibrary(
  db: Db,
  actor: Actor | null,
  query: LibraryExportQuery,
  origin: string,
): Promise<{ basename: string; table: Table }> {
  const lang = query.lang
  const rows = await listLibraryForExport(db, filterOf(actor, query), maxExportRows)
  return {
    basename: 'good-practices',
    table: {
      title: labelIn({ en: 'Good practices', 'sr-Latn': 'Dobre prakse' }, lang),
      columns: headers.map((header) => ({ header: labelIn(header, lang) })),
      rows: rows.map((row) => [
        row.title,
        row.countryName,
        row.municipalityName,
        labelIn(areaWords[row.area], lang),
        row.language,
        row.problem,
        row.actions,
        row.results,
        row.contactRole,
        row.body,
        courseOf(row)?.title ?? null,
        row.approvedAt ? new Date(row.approvedAt) : null,
        `${origin}/practices/${row.id}`,
      ]),
    },
  }
}
