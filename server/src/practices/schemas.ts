// TypeBox schemas of the practices routes; their types reach the web through contract.ts.
import Type, { type Static } from 'typebox'
import { PageQuerySchema, PageSchema } from '../http/pagination.ts'
import {
  BoundedInteger,
  LanguageTagSchema,
  LineText,
  SlugSchema,
  UserText,
  UuidSchema,
} from '../http/schemas.ts'
import { goodPracticeAreas, goodPracticeStatuses } from './constants.ts'

export const maxPracticeBodyLength = 50_000
export const maxPracticeSectionLength = 5_000
export const maxReviewCommentLength = 2_000

const CountryCodeSchema = Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' })
export const GoodPracticeAreaSchema = Type.Enum([...goodPracticeAreas])
export const GoodPracticeStatusSchema = Type.Enum([...goodPracticeStatuses])

const section = (description: string) =>
  UserText({ minLength: 1, maxLength: maxPracticeSectionLength, pattern: '\\S', description })

const practiceFields = {
  title: LineText({ minLength: 3, maxLength: 200, pattern: '\\S' }),
  countryCode: Type.Optional(
    Type.String({
      pattern: '^[A-Z]{2}$',
      description: "an existing country; default: the country of the author's municipality",
    }),
  ),
  municipalityId: Type.Optional(
    Type.Union([UuidSchema, Type.Null()], {
      description:
        "a municipality of that country (its name is then the one stored); default: the author's own, when the country is theirs and no municipalityName is given; null: none of the list",
    }),
  ),
  municipalityName: Type.Optional(
    LineText({
      minLength: 1,
      maxLength: 200,
      pattern: '\\S',
      description: 'the place, required when no municipality of the list is named',
    }),
  ),
  area: GoodPracticeAreaSchema,
  problem: section('the problem the practice answered'),
  actions: section('what was done'),
  results: section('what came of it'),
  contactRole: LineText({
    minLength: 2,
    maxLength: 200,
    pattern: '\\S',
    description:
      'who to contact, as a role or office (e.g. "Office for Local Economic Development"); e-mail addresses and phone numbers are refused (reason personal-information)',
  }),
  body: UserText({
    maxLength: maxPracticeBodyLength,
    description: 'Markdown, rendered with raw HTML off and links only to http(s) and mailto',
  }),
  language: LanguageTagSchema,
  public: Type.Boolean({ description: 'readable without signing in once approved' }),
}

export const CreatePracticeBody = Type.Object(
  {
    ...practiceFields,
    enrolmentId: Type.Optional(
      Type.String({
        format: 'uuid',
        description:
          "with step: the author's own live enrolment whose webinar gate (alternative good-practice) the practice replaces; the gate must be open (the learner's current step) and not attended or excused",
      }),
    ),
    step: Type.Optional(SlugSchema),
  },
  { additionalProperties: false },
)
export type CreatePracticeBody = Static<typeof CreatePracticeBody>

export const UpdatePracticeBody = Type.Object(
  {
    ...CreatePracticeBody.properties,
    revision: BoundedInteger({
      minimum: 1,
      description: 'the revision the edit starts from; another one answers 409 stale-version',
    }),
  },
  { additionalProperties: false },
)
export type UpdatePracticeBody = Static<typeof UpdatePracticeBody>

export const ReviewPracticeBody = Type.Object(
  {
    decision: Type.Enum(['approve', 'return']),
    comment: Type.Optional(
      UserText({
        maxLength: maxReviewCommentLength,
        description: 'what to change (required to return), or a word of thanks',
      }),
    ),
  },
  { additionalProperties: false },
)
export type ReviewPracticeBody = Static<typeof ReviewPracticeBody>

const Instant = Type.String({ format: 'date-time' })

export const GoodPracticeSchema = Type.Object({
  id: UuidSchema,
  title: Type.String(),
  countryCode: Type.String(),
  countryName: Type.String(),
  municipalityId: Type.Union([UuidSchema, Type.Null()]),
  municipalityName: Type.String(),
  area: GoodPracticeAreaSchema,
  problem: Type.String(),
  actions: Type.String(),
  results: Type.String(),
  contactRole: Type.String(),
  body: Type.String({ description: 'Markdown source' }),
  bodyHtml: Type.String({ description: 'the body rendered inert (raw HTML off, safe links)' }),
  language: Type.String(),
  public: Type.Boolean(),
  status: GoodPracticeStatusSchema,
  reviewComment: Type.Union([Type.String(), Type.Null()], {
    description: 'the last review comment; only for the author and moderators',
  }),
  revision: Type.Integer(),
  submittedAt: Instant,
  approvedAt: Type.Union([Instant, Type.Null()]),
  course: Type.Union([Type.Object({ slug: Type.String(), title: Type.String() }), Type.Null()]),
  enrolmentId: Type.Union([UuidSchema, Type.Null()], {
    description: 'only for the author and moderators',
  }),
  step: Type.Union([Type.String(), Type.Null()]),
  author: Type.Union([Type.Object({ id: UuidSchema, name: Type.String() }), Type.Null()], {
    description: 'only for the author and moderators',
  }),
  mayEdit: Type.Boolean({
    description: 'the caller is the author and the practice is not approved',
  }),
  mayReview: Type.Boolean({ description: 'the caller may approve or return it now' }),
})
export type GoodPractice = Static<typeof GoodPracticeSchema>

export const GoodPracticePageSchema = PageSchema(GoodPracticeSchema)
export type GoodPracticePage = Static<typeof GoodPracticePageSchema>

export const ListPracticesQuery = Type.Object(PageQuerySchema.properties, {
  additionalProperties: false,
})
export type ListPracticesQuery = Static<typeof ListPracticesQuery>

const libraryFilters = {
  q: Type.Optional(
    UserText({
      maxLength: 200,
      description:
        'full-text search (web search syntax: "quoted phrase", or, -not) in the practice\'s language and word for word; Serbian matches across Cyrillic and Latin and with or without diacritics',
    }),
  ),
  country: Type.Optional(CountryCodeSchema),
  area: Type.Optional(GoodPracticeAreaSchema),
  language: Type.Optional(LanguageTagSchema),
}

export const LibraryQuery = Type.Object(
  { ...libraryFilters, ...PageQuerySchema.properties },
  { additionalProperties: false },
)
export type LibraryQuery = Static<typeof LibraryQuery>

export const LibraryExportQuery = Type.Object(
  {
    ...libraryFilters,
    // The headers in Serbian (sr-Latn, sr-Cyrl); any other language gets English.
    lang: Type.Optional(LanguageTagSchema),
  },
  { additionalProperties: false },
)
export type LibraryExportQuery = Static<typeof LibraryExportQuery>

// What the library shows of a practice: no author, no review, no enrolment, nothing per caller.
const {
  reviewComment: _comment,
  author: _author,
  enrolmentId: _enrolment,
  mayEdit: _mayEdit,
  mayReview: _mayReview,
  ...libraryFields
} = GoodPracticeSchema.properties

export const LibraryPracticeSchema = Type.Object({
  ...libraryFields,
  rank: Type.Union([Type.Number(), Type.Null()], {
    description: 'relevance to q (title matches weigh most); null without q',
  }),
  snippet: Type.String({
    description: 'plain text: the passage that matches q (else the start of the problem)',
  }),
  snippetHtml: Type.String({
    description: 'the same passage HTML-escaped, with the matching words in <mark>; nothing else',
  }),
})
export type LibraryPractice = Static<typeof LibraryPracticeSchema>

export const LibraryPageSchema = PageSchema(LibraryPracticeSchema)
export type LibraryPage = Static<typeof LibraryPageSchema>

export const PracticeParams = Type.Object({ id: UuidSchema })
