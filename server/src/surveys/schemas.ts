// TypeBox schemas of the surveys routes; their types reach the web through contract.ts.
import Type, { type Static } from 'typebox'
import { LanguageTagSchema, SlugSchema, UuidSchema } from '../http/schemas.ts'
import { evaluationMinimumResponses } from './constants.ts'

const Count = Type.Integer({ minimum: 0 })

export const EvaluationQuestionSchema = Type.Object({
  index: Type.Integer({ minimum: 0, description: "the question's position in the survey" }),
  text: Type.String({ description: 'the question as learners read it, in the asked language' }),
  kind: Type.Enum(['rating', 'text', 'choice']),
  answered: Type.Integer({ minimum: 0, description: 'responses that answered this question' }),
  distribution: Type.Optional(
    Type.Array(
      Type.Object({
        value: Type.Integer({ description: 'the rating, or the index of the choice' }),
        label: Type.String(),
        count: Count,
      }),
      { description: 'ratings: a count per value of the scale; choices: a count per option' },
    ),
  ),
  mean: Type.Optional(
    Type.Union([Type.Number(), Type.Null()], {
      description: 'ratings: the mean to two decimals; null when nobody rated',
    }),
  ),
  answers: Type.Optional(
    Type.Array(Type.String(), {
      description: 'texts: every answer, without names, in a new random order on each request',
    }),
  ),
})
export type EvaluationQuestion = Static<typeof EvaluationQuestionSchema>

export const EvaluationReportSchema = Type.Object({
  responses: Count,
  minimum: Type.Integer({
    minimum: evaluationMinimumResponses,
    maximum: evaluationMinimumResponses,
    description: 'below this many responses a report shows only the count',
  }),
  enough: Type.Boolean(),
  questions: Type.Union([Type.Array(EvaluationQuestionSchema), Type.Null()], {
    description: 'null below the minimum: no breakdown of fewer responses is ever shown',
  }),
})
export type EvaluationReport = Static<typeof EvaluationReportSchema>

export const CourseEvaluationsSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      versionId: UuidSchema,
      versionNumber: Type.Integer({ minimum: 1 }),
      publishedAt: Type.String({ format: 'date-time' }),
      step: Type.String({ description: 'the survey step' }),
      responses: Count,
      enough: Type.Boolean(),
    }),
    { description: "every published version's survey steps, newest version first" },
  ),
})
export type CourseEvaluations = Static<typeof CourseEvaluationsSchema>

export const ClusterEvaluationsSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      courseSlug: Type.String(),
      courseTitle: Type.String(),
      versionId: UuidSchema,
      versionNumber: Type.Integer({ minimum: 1 }),
      step: Type.String(),
      report: EvaluationReportSchema,
    }),
    {
      description:
        "a report per course, version and survey step over the cluster's own responses, each from 5",
    },
  ),
})
export type ClusterEvaluations = Static<typeof ClusterEvaluationsSchema>

export const CourseEvaluationsParams = Type.Object(
  { slug: SlugSchema },
  { additionalProperties: false },
)
export const EvaluationParams = Type.Object(
  { slug: SlugSchema, versionId: UuidSchema },
  { additionalProperties: false },
)
export const ClusterEvaluationsParams = Type.Object(
  { id: UuidSchema },
  { additionalProperties: false },
)

export const EvaluationQuery = Type.Object(
  { step: Type.Optional(SlugSchema), lang: Type.Optional(LanguageTagSchema) },
  { additionalProperties: false },
)
export type EvaluationQuery = Static<typeof EvaluationQuery>
export const ClusterEvaluationsQuery = Type.Object(
  { course: Type.Optional(SlugSchema), lang: Type.Optional(LanguageTagSchema) },
  { additionalProperties: false },
)
export type ClusterEvaluationsQuery = Static<typeof ClusterEvaluationsQuery>
/** The cluster CSV's filters: a course, or one version of it (as the page's blocks are). */
export const ClusterEvaluationsExportQuery = Type.Object(
  {
    course: Type.Optional(SlugSchema),
    version: Type.Optional(UuidSchema),
    lang: Type.Optional(LanguageTagSchema),
  },
  { additionalProperties: false },
)
export type ClusterEvaluationsExportQuery = Static<typeof ClusterEvaluationsExportQuery>
