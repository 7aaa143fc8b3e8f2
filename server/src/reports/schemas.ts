// The coordinator's dashboard, reminders and the overview across clusters: what the API answers.
import Type, { type Static } from 'typebox'
import { BoundedInteger, LanguageTagSchema, UuidSchema } from '../http/schemas.ts'

const Count = Type.Integer({ minimum: 0 })
const Share = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], {
  description: 'a share from 0 to 1; null when nobody counted',
})
const DateTime = Type.String({ format: 'date-time' })
const Place = Type.Union([
  Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() }),
  Type.Null(),
])

/** Learners without any progress for this many days are at risk. */
export const inactiveAfterDays = 14
/** A learner of a cluster gets at most one reminder in this many days. */
export const reminderIntervalDays = 7

export const DashboardParams = Type.Object({ id: UuidSchema }, { additionalProperties: false })
export const DashboardQuery = Type.Object(
  {
    lang: Type.Optional(LanguageTagSchema),
    atRiskLimit: Type.Optional(
      BoundedInteger({
        minimum: 1,
        maximum: 500,
        default: 100,
        description: 'how many at-risk learners to list (the total is always given)',
      }),
    ),
  },
  { additionalProperties: false },
)
export type DashboardQuery = Static<typeof DashboardQuery>

export const StepKindSchema = Type.Enum(['module', 'webinar', 'survey'])

/**
 * One step's counts in a funnel row. A module has `read` (opened its quiz: marked as read) and
 * `passed`; a webinar `attended` and `excused` (who submitted the alternative instead); a survey
 * `evaluated`.
 */
export const FunnelStepSchema = Type.Object({
  step: Type.String(),
  kind: StepKindSchema,
  read: Type.Optional(Count),
  passed: Type.Optional(Count),
  attended: Type.Optional(Count),
  excused: Type.Optional(Count),
  evaluated: Type.Optional(Count),
})
export type FunnelStep = Static<typeof FunnelStepSchema>

const funnelCounts = {
  members: Type.Integer({ minimum: 0, description: 'current members of the cluster' }),
  enrolled: Type.Integer({
    minimum: 0,
    description: 'members with a live (active or completed) enrolment in the course',
  }),
  steps: Type.Array(FunnelStepSchema, { description: "in the course's order" }),
  completed: Type.Integer({ minimum: 0 }),
}
export const FunnelRowSchema = Type.Object(funnelCounts)
export type FunnelRow = Static<typeof FunnelRowSchema>
export const CountryFunnelRowSchema = Type.Object({
  countryCode: Type.Union([Type.String(), Type.Null()], {
    description: 'null: members placed in an association, not a municipality',
  }),
  ...funnelCounts,
})
export const MunicipalityFunnelRowSchema = Type.Object({
  municipality: Place,
  countryCode: Type.Union([Type.String(), Type.Null()]),
  ...funnelCounts,
})

export const CourseFunnelSchema = Type.Object({
  courseId: Type.String({ format: 'uuid' }),
  slug: Type.String(),
  title: Type.String(),
  steps: Type.Array(
    Type.Object({
      step: Type.String(),
      kind: StepKindSchema,
      title: Type.String({ description: "the module's or survey's title; a webinar's slug" }),
    }),
    { description: "the steps of the course's current version, in order" },
  ),
  overall: FunnelRowSchema,
  byCountry: Type.Array(CountryFunnelRowSchema),
  byMunicipality: Type.Array(MunicipalityFunnelRowSchema),
})
export type CourseFunnel = Static<typeof CourseFunnelSchema>

export const QuestionStatsSchema = Type.Object({
  version: Type.Integer({ description: "the course version's number the question belongs to" }),
  question: Type.Integer({ minimum: 0, description: "the question's index in the module's quiz" }),
  text: Type.String({ description: "the question's stem in the asked language" }),
  kind: Type.String(),
  answers: Type.Integer({ minimum: 0, description: 'graded attempts that included the question' }),
  shareRight: Share,
  facilityIndex: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], {
    description: 'mean points on the question as a share of its maximum (classical item facility)',
  }),
})
export type QuestionStats = Static<typeof QuestionStatsSchema>

export const QuizModuleStatsSchema = Type.Object({
  courseSlug: Type.String(),
  step: Type.String(),
  title: Type.String(),
  attempted: Type.Integer({
    minimum: 0,
    description: 'enrolled members with at least one graded attempt',
  }),
  passed: Count,
  locked: Type.Integer({ minimum: 0, description: 'members whose attempts are used up' }),
  passRate: Share,
  firstAttemptPassRate: Share,
  meanAttempts: Type.Union([Type.Number({ minimum: 0 }), Type.Null()], {
    description: 'graded attempts per member who attempted',
  }),
  questions: Type.Array(QuestionStatsSchema, {
    description: 'every graded question, over all graded attempts of the members',
  }),
})
export type QuizModuleStats = Static<typeof QuizModuleStatsSchema>

export const AtRiskReasonSchema = Type.Enum(['inactive', 'locked'])
export const AtRiskLearnerSchema = Type.Object({
  userId: Type.String({ format: 'uuid' }),
  name: Type.String(),
  email: Type.String(),
  municipality: Place,
  reasons: Type.Array(AtRiskReasonSchema, { minItems: 1 }),
  lastActivityAt: Type.String({
    format: 'date-time',
    description: "the latest progress in any of the cluster's courses, else when they joined",
  }),
  inactiveDays: Count,
  lockedSteps: Type.Array(Type.Object({ courseSlug: Type.String(), step: Type.String() })),
  lastRemindedAt: Type.Union([DateTime, Type.Null()]),
  nextReminderAt: Type.Union([DateTime, Type.Null()], {
    description: 'when a reminder may be sent again; null: it may be sent now',
  }),
})
export type AtRiskLearner = Static<typeof AtRiskLearnerSchema>

export const DashboardSchema = Type.Object({
  cluster: Type.Object({
    id: Type.String({ format: 'uuid' }),
    associationId: Type.String({ format: 'uuid' }),
    name: Type.String(),
    status: Type.String(),
    memberCount: Count,
  }),
  generatedAt: DateTime,
  countedAt: Type.String({
    format: 'date-time',
    description:
      'when the funnel and quiz results were counted: again whenever the cluster changed (a cluster of 1,000 members or more at most once a minute)',
  }),
  courses: Type.Array(CourseFunnelSchema),
  quizzes: Type.Object({
    modules: Type.Array(QuizModuleStatsSchema),
    questionsAsOf: Type.Union([DateTime, Type.Null()], {
      description: 'when the per-question statistics were counted (as countedAt)',
    }),
  }),
  atRisk: Type.Object({
    inactiveAfterDays: Type.Integer(),
    reminderIntervalDays: Type.Integer(),
    total: Count,
    items: Type.Array(AtRiskLearnerSchema, {
      description: 'longest inactive first, up to atRiskLimit',
    }),
  }),
})
export type Dashboard = Static<typeof DashboardSchema>

export const ReminderParams = Type.Object(
  { id: UuidSchema, userId: UuidSchema },
  { additionalProperties: false },
)
export const ReminderSchema = Type.Object({
  clusterId: Type.String({ format: 'uuid' }),
  userId: Type.String({ format: 'uuid' }),
  sentAt: DateTime,
  language: Type.String({ description: 'the language the e-mail was written in' }),
  nextAllowedAt: DateTime,
})
export type Reminder = Static<typeof ReminderSchema>

export const OverviewQuery = Type.Object(
  {
    associationId: Type.Optional(
      Type.String({
        format: 'uuid',
        description:
          'admins and coordinators of a regional network: one association only; others: their own',
      }),
    ),
  },
  { additionalProperties: false },
)
export type OverviewQuery = Static<typeof OverviewQuery>

const overviewCounts = {
  clusters: Count,
  members: Type.Integer({ minimum: 0, description: 'current members' }),
  active: Type.Integer({
    minimum: 0,
    description: `members with progress in the last ${inactiveAfterDays} days`,
  }),
  completed: Type.Integer({
    minimum: 0,
    description: 'members who completed every course of their cluster',
  }),
}
export const OverviewSchema = Type.Object({
  scope: Type.Enum(['association', 'region'], {
    description: "association: the coordinator's own; region: every association (admins, NALAS)",
  }),
  totals: Type.Object(overviewCounts),
  associations: Type.Array(
    Type.Object({
      id: Type.String({ format: 'uuid' }),
      acronym: Type.String(),
      name: Type.String(),
      countryCode: Type.Union([Type.String(), Type.Null()]),
      ...overviewCounts,
    }),
  ),
  clusters: Type.Array(
    Type.Object({
      id: Type.String({ format: 'uuid' }),
      associationId: Type.String({ format: 'uuid' }),
      name: Type.String(),
      status: Type.String(),
      startsOn: Type.String({ format: 'date' }),
      endsOn: Type.String({ format: 'date' }),
      members: Count,
      active: Count,
      completed: Count,
    }),
  ),
})
export type Overview = Static<typeof OverviewSchema>

/** progressByMunicipality: a row per municipality of the members (for the exports). */
export interface MunicipalityProgressRow {
  municipality: string | null
  countryCode: string | null
  members: number
  enrolled: number
  /** Members who passed each module, by `courseSlug/step`, in the courses' order. */
  passedByModule: Record<string, number>
  completed: number
}
