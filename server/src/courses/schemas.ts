import Type, { type Static } from 'typebox'
import type { Question } from '../course-format/gift/types.ts'
import { PageQuerySchema, PageSchema } from '../http/pagination.ts'
import { maxModuleLength } from '../course-format/constants.ts'
import { LanguageTagSchema, UserText } from '../http/schemas.ts'

/** A step as the course page lists it before anyone enrols: no text, no questions. */
export const CourseStepOutlineSchema = Type.Object({
  slug: Type.String(),
  kind: Type.Union([Type.Literal('module'), Type.Literal('webinar'), Type.Literal('survey')]),
  title: Type.Union([Type.String(), Type.Null()], {
    description: "a module's or survey's title in the course's language; null for a webinar",
  }),
  minutes: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
    description: "the module's or survey's reading time; null for a webinar (sessions vary)",
  }),
  alternative: Type.Union([Type.Literal('good-practice'), Type.Null()], {
    description: 'for a webinar: what who cannot attend may do instead',
  }),
})
export type CourseStepOutline = Static<typeof CourseStepOutlineSchema>

export const CourseSummarySchema = Type.Object({
  slug: Type.String(),
  title: Type.String({
    description: 'in the requested language, else English, else the first one',
  }),
  language: Type.String({
    description: 'the language the title, the about texts and the steps are in',
  }),
  languages: Type.Array(Type.String()),
  summary: Type.Union([Type.String(), Type.Null()], {
    description: 'two or three sentences on what the course is; null for a course without one',
  }),
  audience: Type.Union([Type.String(), Type.Null()], { description: 'whom the course is for' }),
  outcomes: Type.Array(Type.String(), { description: 'what a learner will be able to do' }),
  minutes: Type.Integer({
    minimum: 0,
    description: "the modules' reading and quiz time in this language, added up",
  }),
  hours: Type.Number({
    minimum: 0,
    description:
      'the minutes in hours, to the nearest half hour (at least half an hour when there are any)',
  }),
  steps: Type.Array(CourseStepOutlineSchema),
})
export type CourseSummary = Static<typeof CourseSummarySchema>

export const ListCoursesQuery = Type.Object(
  { ...PageQuerySchema.properties, lang: Type.Optional(LanguageTagSchema) },
  { additionalProperties: false },
)
export type ListCoursesQuery = Static<typeof ListCoursesQuery>

export const CourseQuery = Type.Object(
  { lang: Type.Optional(LanguageTagSchema) },
  { additionalProperties: false },
)
export type CourseQuery = Static<typeof CourseQuery>

export const CoursePageSchema = PageSchema(CourseSummarySchema)
export type CoursePage = Static<typeof CoursePageSchema>

/** A module's text as its trainers edit it: the draft, else the published text. */
export const DraftSchema = Type.Object({
  markdown: Type.String(),
  revision: Type.Integer({ description: 'send it back as baseRevision when saving' }),
  updatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  updatedBy: Type.Union([Type.String(), Type.Null()]),
})
export type Draft = Static<typeof DraftSchema>

export const VersionSchema = Type.Object({
  number: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  changeSummary: Type.Union([Type.String(), Type.Null()]),
  createdBy: Type.Union([Type.String(), Type.Null()]),
  contentHash: Type.String(),
})
export type Version = Static<typeof VersionSchema>

export const FileDiffSchema = Type.Object({ file: Type.String(), patch: Type.String() })
export type FileDiff = Static<typeof FileDiffSchema>

export const SourceProblemSchema = Type.Object({
  line: Type.Integer(),
  column: Type.Integer(),
  message: Type.String(),
})
export type SourceProblem = Static<typeof SourceProblemSchema>

const AnyObject = Type.Object({}, { additionalProperties: true })

/** A module rendered for its trainers: the learner's view, each question with its key, every problem. */
export const ModulePreviewSchema = Type.Object({
  frontMatter: Type.Union([
    Type.Object({
      title: Type.String(),
      minutes: Type.Integer(),
      objectives: Type.Array(Type.String()),
    }),
    Type.Null(),
  ]),
  html: Type.String(),
  toc: Type.Array(Type.Object({ level: Type.Integer(), id: Type.String(), text: Type.String() })),
  questions: Type.Array(
    Type.Object({ question: Type.Unsafe<Question>(AnyObject), learnerView: AnyObject }),
  ),
  problems: Type.Array(SourceProblemSchema),
})
export type ModulePreview = Static<typeof ModulePreviewSchema>

export const UnchangedVersionSchema = Type.Object({
  status: Type.Literal('unchanged'),
  version: Type.Integer(),
})
export const CreatedVersionSchema = Type.Object({
  status: Type.Literal('created'),
  version: Type.Integer(),
})
/** What publishing the drafts did: a new version, or none when nothing changed. */
export type PublishResult =
  Static<typeof UnchangedVersionSchema> | Static<typeof CreatedVersionSchema>

/** A module or survey as a learner reads it: rendered once per version and language, no answer keys. */
export const StepBodySchema = Type.Object({
  course: Type.Object({ slug: Type.String(), title: Type.String(), version: Type.Integer() }),
  step: Type.String(),
  kind: Type.Union([Type.Literal('module'), Type.Literal('survey')]),
  language: Type.String(),
  title: Type.String(),
  minutes: Type.Integer(),
  objectives: Type.Array(Type.String()),
  html: Type.String(),
  toc: Type.Array(Type.Object({ level: Type.Integer(), id: Type.String(), text: Type.String() })),
  questions: Type.Array(Type.Object({}, { additionalProperties: true }), {
    description: 'survey questions; empty for modules (quizzes come with attempts)',
  }),
})
export type StepBody = Static<typeof StepBodySchema>

/** A module's Markdown as a trainer sends it (a draft, a preview). */
export const ModuleMarkdownSchema = UserText({
  maxLength: maxModuleLength,
  description: `a module's Markdown, at most ${maxModuleLength} characters`,
})
