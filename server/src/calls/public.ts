// Open calls for anyone: a paged list, an Atom feed (RFC 4287) and a small HTML list an
// association can put in an iframe on its own website. Every text a person wrote is escaped; the
// Markdown body is rendered with raw HTML off and links restricted, then escaped once more inside
// the feed's `content type="html"`.
import { createHash } from 'node:crypto'
import type { Db } from '../db/create-db.ts'
import { type Page, pageOf } from '../http/pagination.ts'
import { renderMarkdown } from '../course-format/markdown/index.ts'
import { type CallRow, listOpenCalls as listOpenCallRows } from './queries.ts'
import type { EmbedQuery, FeedQuery, ListOpenCallsQuery, PublicCall } from './schemas.ts'
import { deadlineOf, viewPublicCall } from './views.ts'

/** Open calls still taking applications by the server's clock, soonest deadline first. */
export function listOpenCalls(
  db: Db,
  query: ListOpenCallsQuery,
  now: Date,
): Promise<Page<PublicCall>> {
  return pageOf(
    query,
    (window) =>
      listOpenCallRows(
        db,
        now,
        { associationSlug: query.association, countryCode: query.country },
        window,
      ),
    (row) => viewPublicCall(row, now),
  )
}

const feedSize = 100

function openCallRows(db: Db, query: FeedQuery, now: Date): Promise<CallRow[]> {
  return listOpenCallRows(
    db,
    now,
    { associationSlug: query.association, countryCode: query.country },
    { limit: feedSize, offset: 0 },
  )
}

// XML 1.0 allows no C0 control but tab and line breaks, and not U+FFFE or U+FFFF.
const notXmlChar = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g
const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Text made safe for XML and HTML content and attribute values. */
export function escapeMarkup(text: string): string {
  return text.replace(notXmlChar, '').replace(/[&<>"']/g, (char) => escapes[char]!)
}

const callPage = (origin: string, id: string) => `${origin}/calls/${id}`

function filterQuery(query: FeedQuery): string {
  const params = new URLSearchParams()
  if (query.association) params.set('association', query.association)
  if (query.country) params.set('country', query.country)
  const text = params.toString()
  return text ? `?${text}` : ''
}

/** The open calls as an Atom feed; each entry links to the call's public page on `origin`. */
export async function openCallsFeed(
  db: Db,
  origin: string,
  query: FeedQuery,
  now: Date,
): Promise<string> {
  const rows = await openCallRows(db, query, now)
  const updated = rows.reduce(
    (latest, row) => Math.max(latest, new Date(row.updatedAt).getTime()),
    0,
  )
  const entries = rows.map((row) => {
    const deadline = deadlineOf(row)!
    const summary = `Deadline ${deadline.local} (${deadline.timeZone}); ${row.places} places; ${row.associationName}.`
    return [
      '  <entry>',
      `    <id>urn:uuid:${row.id}</id>`,
      `    <title>${escapeMarkup(row.title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${escapeMarkup(callPage(origin, row.id))}"/>`,
      `    <published>${new Date(row.publishedAt ?? row.createdAt).toISOString()}</published>`,
      `    <updated>${new Date(row.updatedAt).toISOString()}</updated>`,
      `    <author><name>${escapeMarkup(row.associationName)}</name></author>`,
      `    <summary>${escapeMarkup(summary)}</summary>`,
      `    <content type="html">${escapeMarkup(renderMarkdown(row.body))}</content>`,
      '  </entry>',
    ].join('\n')
  })
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${escapeMarkup(`${origin}/calls${filterQuery(query)}`)}</id>`,
    '  <title>Agora: open calls for participants</title>',
    `  <updated>${new Date(updated || now.getTime()).toISOString()}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeMarkup(`${origin}/api/v1/calls/feed${filterQuery(query)}`)}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeMarkup(`${origin}/calls`)}"/>`,
    '  <author><name>Agora</name></author>',
    ...entries,
    '</feed>',
    '',
  ].join('\n')
}

const embedText = {
  en: {
    heading: 'Open calls for participants',
    none: 'No call is open right now.',
    deadline: 'Deadline',
    places: (n: number) => (n === 1 ? '1 place' : `${n} places`),
  },
  'sr-Latn': {
    heading: 'Otvoreni pozivi za učesnike',
    none: 'Trenutno nema otvorenih poziva.',
    deadline: 'Rok',
    // Serbian: 1, 21, 31 … mesto; every other count mesta.
    places: (n: number) => (n % 10 === 1 && n % 100 !== 11 ? `${n} mesto` : `${n} mesta`),
  },
} as const
type EmbedLanguage = keyof typeof embedText

const embedStyle =
  'body{font:1rem/1.5 system-ui,sans-serif;margin:0;padding:.5rem;color:#1a1a1a;background:#fff}' +
  'h2{font-size:1.1rem;margin:0 0 .5rem}ul{list-style:none;margin:0;padding:0}' +
  'li{padding:.5rem 0;border-top:1px solid #ccc}a{color:#0b4f8a;font-weight:600}' +
  'p{margin:.25rem 0 0;color:#333;font-size:.9rem}'
const embedStyleHash = `'sha256-${createHash('sha256').update(embedStyle).digest('base64')}'`

/**
 * The embed's own policy: nothing loads, no script runs, only its one inline style (by hash);
 * links open Agora in a new tab; any website may frame it (that is its purpose).
 */
export const embedContentSecurityPolicy = [
  "default-src 'none'",
  `style-src ${embedStyleHash}`,
  "base-uri 'none'",
  "form-action 'none'",
  'frame-ancestors *',
].join('; ')

function deadlineText(row: CallRow, language: EmbedLanguage): string {
  const instant = new Date(row.deadline!)
  // British English writes the day first and names the zone (CEST), as the region reads dates.
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : language, {
    timeZone: row.timeZone!,
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(instant)
}

/** A small self-contained HTML page listing the open calls, with links to their pages on `origin`. */
export async function embedOpenCalls(
  db: Db,
  origin: string,
  query: EmbedQuery,
  now: Date,
): Promise<string> {
  const language: EmbedLanguage = query.lang === 'sr-Latn' ? 'sr-Latn' : 'en'
  const text = embedText[language]
  const rows = await openCallRows(db, query, now)
  const items = rows.map(
    (row) =>
      `<li><a href="${escapeMarkup(callPage(origin, row.id))}" target="_blank" rel="noopener">${escapeMarkup(row.title)}</a>` +
      `<p>${escapeMarkup(row.associationName)} · ${text.deadline}: ${escapeMarkup(deadlineText(row, language))} · ${text.places(row.places ?? 0)}</p></li>`,
  )
  return [
    '<!doctype html>',
    `<html lang="${language}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${text.heading}</title><style>${embedStyle}</style></head>`,
    `<body><h2>${text.heading}</h2>`,
    items.length > 0 ? `<ul>${items.join('')}</ul>` : `<p>${text.none}</p>`,
    '</body></html>',
    '',
  ].join('\n')
}
