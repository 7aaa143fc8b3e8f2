import Type, { type Static } from 'typebox'
import {
  gateEventTypes,
  learnerEventTypes,
  type PersistedProgress,
  type StepPhase,
  trainerEventTypes,
} from '../progression/index.ts'
import { PageQuerySchema, PageSchema } from '../http/pagination.ts'
import { BoundedInteger, LanguageTagSchema, SlugSchema, UserText } from '../http/schemas.ts'

const StepStatusSchema = Type.Union([
  Type.Literal('done'),
  Type.Literal('current'),
  Type.Literal('locked'),
])

export const StepProgressSchema = Type.Object({
  slug: Type.String(),
  kind: Type.Union([Type.Literal('module'), Type.Literal('webinar'), Type.Literal('survey')]),
  title: Type.String({
    description: 'in the enrolment language; empty for webinars (the web names them)',
  }),
  minutes: Type.Union([Type.Integer(), Type.Null()]),
  status: StepStatusSchema,
  phase: Type.Union([Type.Unsafe<StepPhase>(Type.String()), Type.Null()]),
  attempts: Type.Integer(),
  attemptsAllowed: Type.Integer(),
  score: Type.Union([Type.Number(), Type.Null()]),
  alternative: Type.Union([Type.Literal('good-practice'), Type.Null()]),
})
export type StepProgress = Static<typeof StepProgressSchema>

const EnrolmentStatusSchema = Type.Union([
  Type.Literal('active'),
  Type.Literal('withdrawn'),
  Type.Literal('completed'),
])
export type EnrolmentStatus = Static<typeof EnrolmentStatusSchema>

export const LearnerSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  email: Type.String(),
})
export type Learner = Static<typeof LearnerSchema>

export const EnrolmentSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  userId: Type.String({ format: 'uuid' }),
  course: Type.Object({
    slug: Type.String(),
    title: Type.String(),
    version: Type.Integer(),
    languages: Type.Array(Type.String()),
  }),
  language: Type.String(),
  status: EnrolmentStatusSchema,
  clusterId: Type.Union([Type.String(), Type.Null()]),
  version: Type.Integer({
    description: 'number of progression events so far; send it back as expectedVersion',
  }),
  state: Type.Unsafe<PersistedProgress>(
    Type.Object(
      { value: Type.Unknown(), context: Type.Unknown() },
      { description: "the progression machine's stored state, for the shared machine in the web" },
    ),
  ),
  progress: Type.Object({
    steps: Type.Array(StepProgressSchema),
    current: Type.Union([Type.String(), Type.Null()]),
    completed: Type.Boolean(),
    certified: Type.Boolean(),
    ratio: Type.Number(),
  }),
  quiz: Type.Object({ passMark: Type.Number(), maxAttempts: Type.Integer() }),
  readingPositions: Type.Record(Type.String(), Type.String()),
  withdrawnReason: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  completedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
})
export type Enrolment = Static<typeof EnrolmentSchema>

/** One enrolment as GET /enrolments/:id shows it: with the learner, for the people who look after them. */
export const EnrolmentDetailSchema = Type.Object({
  ...EnrolmentSchema.properties,
  learner: LearnerSchema,
})
export type EnrolmentDetail = Static<typeof EnrolmentDetailSchema>

export const EnrolBody = Type.Object(
  { courseSlug: SlugSchema, language: Type.Optional(LanguageTagSchema) },
  { additionalProperties: false },
)
export type EnrolBody = Static<typeof EnrolBody>

export const ChangeEnrolmentBody = Type.Object(
  { language: LanguageTagSchema },
  { additionalProperties: false },
)

export const WithdrawBody = Type.Object(
  { reason: UserText({ minLength: 1, maxLength: 1000 }) },
  { additionalProperties: false },
)

// Number first: Ajv coerces across a union in order, and a rating sent as 4 must stay a number.
const SurveyAnswerSchema = Type.Union([Type.Number(), UserText({ maxLength: 5000 })])

export const EventBody = Type.Object(
  {
    type: Type.Union(
      [...learnerEventTypes, ...trainerEventTypes, ...gateEventTypes].map((type) =>
        Type.Literal(type),
      ),
      {
        description:
          'webinar.* events are refused here (422 event-not-direct): the gate moves through a session (registration, attendance, check-in) or an approved good practice',
      },
    ),
    step: SlugSchema,
    expectedVersion: BoundedInteger(),
    answers: Type.Optional(
      Type.Record(Type.String({ pattern: '^[0-9]{1,3}$' }), SurveyAnswerSchema, {
        description:
          "survey.submitted only: question index → rating (a whole number on the question's scale), text, or the learner's choice id; checked against the survey of the pinned version and stored apart from the learner (the event keeps only its step)",
      }),
    ),
    reason: Type.Optional(
      UserText({ minLength: 1, maxLength: 1000, description: 'why, for trainer events' }),
    ),
  },
  { additionalProperties: false },
)
export type EventBody = Static<typeof EventBody>

export const ReadingPositionBody = Type.Object(
  { anchor: UserText({ minLength: 1, maxLength: 200, pattern: '^[^\\s]+$' }) },
  { additionalProperties: false },
)

export const ProgressionEventSchema = Type.Object({
  sequence: Type.Integer(),
  type: Type.String(),
  step: Type.Union([Type.String(), Type.Null()]),
  payload: Type.Record(Type.String(), Type.Unknown()),
  actor: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
  at: Type.String({ format: 'date-time' }),
})
export type ProgressionEventRecord = Static<typeof ProgressionEventSchema>
export const ProgressionEventListSchema = Type.Object({ items: Type.Array(ProgressionEventSchema) })
export type ProgressionEventList = Static<typeof ProgressionEventListSchema>

/** A completed enrolment's certificate in the learner's list: its code and where it stands. */
export const EnrolmentCertificateSchema = Type.Object({
  code: Type.String({ description: 'the verification code, XXXX-XXXX-XXXX' }),
  status: Type.Enum(['valid', 'revoked', 'replaced']),
})
export type EnrolmentCertificate = Static<typeof EnrolmentCertificateSchema>

/** One of the learner's own enrolments; a completed one says its certificate (null until issued). */
export const MyEnrolmentSchema = Type.Object({
  ...EnrolmentSchema.properties,
  certificate: Type.Union([EnrolmentCertificateSchema, Type.Null()], {
    description:
      'the newest certificate of a completed enrolment; null before it is issued, and for enrolments not completed',
  }),
})
export type MyEnrolment = Static<typeof MyEnrolmentSchema>

export const EnrolmentListSchema = Type.Object({ items: Type.Array(MyEnrolmentSchema) })
export type EnrolmentList = Static<typeof EnrolmentListSchema>

/** A row of a course's enrolment list, for its trainers: who, and where they stand. */
export const CourseEnrolmentSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  learner: LearnerSchema,
  language: Type.String(),
  status: EnrolmentStatusSchema,
  version: Type.Integer({
    description: 'number of progression events so far; send it back as expectedVersion',
  }),
  current: Type.Union([Type.String(), Type.Null()], {
    description: 'the step to continue with; null once every step is done',
  }),
  phase: Type.Union([Type.Unsafe<StepPhase>(Type.String()), Type.Null()], {
    description: 'where the current step stands, e.g. reading, quiz, locked',
  }),
  ratio: Type.Number({ minimum: 0, maximum: 1, description: 'steps done out of all steps' }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
})
export type CourseEnrolment = Static<typeof CourseEnrolmentSchema>

export const ListCourseEnrolmentsQuery = Type.Object(
  { ...PageQuerySchema.properties, status: Type.Optional(EnrolmentStatusSchema) },
  { additionalProperties: false },
)
export type ListCourseEnrolmentsQuery = Static<typeof ListCourseEnrolmentsQuery>

export const CourseEnrolmentPageSchema = PageSchema(CourseEnrolmentSchema)
export type CourseEnrolmentPage = Static<typeof CourseEnrolmentPageSchema>
