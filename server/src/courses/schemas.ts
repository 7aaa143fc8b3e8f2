import Type, { type Static } from 'typebox'
import { PageQuerySchema, PageSchema } from '../http/pagination.ts'

/** BCP 47 tag as used for course languages: en, sr-Latn, sr-Cyrl, mk, sq, sv … */
export const LanguageTagSchema = Type.String({ pattern: '^[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2})?$', maxLength: 16 })

export const CourseSummarySchema = Type.Object({
  slug: Type.String(),
  title: Type.String({ description: 'in the requested language, else English, else the first one' }),
  language: Type.String({ description: 'the language the title is in' }),
  languages: Type.Array(Type.String()),
})
export type CourseSummary = Static<typeof CourseSummarySchema>

export const ListCoursesQuery = Type.Object(
  { ...PageQuerySchema.properties, lang: Type.Optional(LanguageTagSchema) },
  { additionalProperties: false },
)
export type ListCoursesQuery = Static<typeof ListCoursesQuery>

export const CoursePageSchema = PageSchema(CourseSummarySchema)
