// TypeBox schemas of the webinars routes; their types reach the web through contract.ts.
import Type, { type Static } from 'typebox'
import {
  LanguageTagSchema,
  LineText,
  SlugSchema,
  TokenSchema,
  UserText,
  UuidSchema,
} from '../http/schemas.ts'

export const webinarSessionStatuses = ['scheduled', 'cancelled'] as const
export const webinarAttendanceMarks = ['attended', 'absent', 'excused'] as const

/** Shortest and longest session, in minutes (the table's check says the same). */
export const webinarDuration = { min: 15, max: 480 } as const

const HttpsUrlSchema = Type.String({
  format: 'uri',
  pattern: '^https://[^\\s]+$',
  maxLength: 2000,
  description: 'an https link',
})
const StepSlugSchema = Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 64 })
const TitleSchema = LineText({ minLength: 1, maxLength: 300, pattern: '\\S' })
const AgendaSchema = UserText({ maxLength: 20_000, description: 'Markdown' })
const LocalStartSchema = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}$',
  description:
    'the local date and time the session starts in timeZone, YYYY-MM-DDTHH:mm; a time the clocks skip (spring change) is refused, a time they repeat (autumn change) means the earlier instant',
})
const TimeZoneSchema = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'an IANA time zone, e.g. Europe/Belgrade',
})
const DurationSchema = Type.Integer({
  minimum: webinarDuration.min,
  maximum: webinarDuration.max,
  description: 'minutes',
})
const CapacitySchema = Type.Union([Type.Integer({ minimum: 1, maximum: 100_000 }), Type.Null()], {
  description: 'seats; null: no limit',
})
const Instant = (description: string) => Type.String({ format: 'date-time', description })

// ── Requests ────────────────────────────────────────────────────────────────────────────────────

export const CreateWebinarBody = Type.Object(
  {
    step: StepSlugSchema,
    clusterId: Type.Union([UuidSchema, Type.Null()], {
      description: 'the cluster the session is for; null: open to every learner of the course',
    }),
    title: TitleSchema,
    agenda: AgendaSchema,
    start: LocalStartSchema,
    timeZone: TimeZoneSchema,
    durationMinutes: DurationSchema,
    joinUrl: HttpsUrlSchema,
    capacity: CapacitySchema,
    language: LanguageTagSchema,
  },
  { additionalProperties: false },
)
export type CreateWebinarBody = Static<typeof CreateWebinarBody>

export const UpdateWebinarBody = Type.Object(
  {
    title: Type.Optional(TitleSchema),
    agenda: Type.Optional(AgendaSchema),
    start: Type.Optional(LocalStartSchema),
    timeZone: Type.Optional(TimeZoneSchema),
    durationMinutes: Type.Optional(DurationSchema),
    joinUrl: Type.Optional(HttpsUrlSchema),
    capacity: Type.Optional(CapacitySchema),
    language: Type.Optional(LanguageTagSchema),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type UpdateWebinarBody = Static<typeof UpdateWebinarBody>

export const CancelWebinarBody = Type.Object(
  { reason: UserText({ minLength: 1, maxLength: 2000, pattern: '\\S' }) },
  { additionalProperties: false },
)
export type CancelWebinarBody = Static<typeof CancelWebinarBody>

export const RecordingBody = Type.Object({ url: HttpsUrlSchema }, { additionalProperties: false })
export type RecordingBody = Static<typeof RecordingBody>

export const WebinarParams = Type.Object({ id: UuidSchema })
export const CourseWebinarParams = Type.Object({ slug: SlugSchema })
export const EnrolmentParams = Type.Object({ id: UuidSchema })
export const FeedParams = Type.Object({ token: TokenSchema })

export const ListCourseWebinarsQuery = Type.Object(
  {
    step: Type.Optional(StepSlugSchema),
    clusterId: Type.Optional(UuidSchema),
    include: Type.Optional(Type.Literal('past', { description: 'past sessions too' })),
    lang: Type.Optional(LanguageTagSchema),
  },
  { additionalProperties: false },
)
export type ListCourseWebinarsQuery = Static<typeof ListCourseWebinarsQuery>

export const EnrolmentWebinarsQuery = Type.Object(
  { step: Type.Optional(StepSlugSchema) },
  { additionalProperties: false },
)
export type EnrolmentWebinarsQuery = Static<typeof EnrolmentWebinarsQuery>

export const RegistrationBody = Type.Object(
  { step: StepSlugSchema, sessionId: UuidSchema },
  { additionalProperties: false },
)
export type RegistrationBody = Static<typeof RegistrationBody>

export const CancelRegistrationQuery = Type.Object(
  { step: StepSlugSchema },
  { additionalProperties: false },
)
export type CancelRegistrationQuery = Static<typeof CancelRegistrationQuery>

// ── Answers ─────────────────────────────────────────────────────────────────────────────────────

const common = {
  id: UuidSchema,
  courseSlug: Type.String(),
  courseTitle: Type.String(),
  step: Type.String(),
  clusterId: Type.Union([UuidSchema, Type.Null()]),
  clusterName: Type.Union([Type.String(), Type.Null()]),
  title: Type.String(),
  agenda: Type.String({ description: 'Markdown as written' }),
  agendaHtml: Type.String({ description: 'the agenda rendered (raw HTML off, safe links)' }),
  startsAt: Instant('the start, UTC'),
  endsAt: Instant('the end, UTC'),
  durationMinutes: Type.Integer(),
  timeZone: Type.String({ description: 'the IANA zone the start was set in' }),
  capacity: Type.Union([Type.Integer(), Type.Null()]),
  language: Type.String(),
  status: Type.Enum([...webinarSessionStatuses]),
  cancelledAt: Type.Union([Instant('when it was cancelled'), Type.Null()]),
  sequence: Type.Integer({ description: 'raised on every change (the invitations SEQUENCE)' }),
  registered: Type.Integer({ description: 'learners registered' }),
  seatsLeft: Type.Union([Type.Integer(), Type.Null()], { description: 'null: no limit' }),
  organiser: Type.Union([Type.Object({ id: UuidSchema, name: Type.String() }), Type.Null()]),
}

export const WebinarSessionSchema = Type.Object(
  {
    ...common,
    joinUrl: Type.String(),
    recordingUrl: Type.Union([Type.String(), Type.Null()]),
    checkInCode: Type.String({ description: 'shown by the trainer during the session' }),
  },
  { description: 'a session as its staff see it' },
)
export type WebinarSession = Static<typeof WebinarSessionSchema>

const offerFields = {
  ...common,
  joinUrl: Type.Union([Type.String(), Type.Null()], { description: 'only to registered learners' }),
  recordingUrl: Type.Union([Type.String(), Type.Null()], {
    description: 'only to registered learners',
  }),
  mine: Type.Boolean({ description: 'I am registered' }),
  canRegister: Type.Boolean({
    description: 'registering (or moving here) is possible now: scheduled, not started, not full',
  }),
  full: Type.Boolean(),
}
export const WebinarOfferSchema = Type.Object(offerFields, {
  description: 'a session as a learner sees it',
})
export type WebinarOffer = Static<typeof WebinarOfferSchema>

export const WebinarStepSchema = Type.Object(
  {
    slug: Type.String(),
    title: Type.Union([Type.String(), Type.Null()], {
      description:
        "the step's title in the asked language (lang) when the course has one for it, else null",
    }),
    alternative: Type.Union([Type.Literal('good-practice'), Type.Null()], {
      description: 'what a learner may do instead of attending',
    }),
  },
  { description: "a webinar step of the course's current published version" },
)
export type WebinarStep = Static<typeof WebinarStepSchema>

export const WebinarSessionListSchema = Type.Object({
  items: Type.Array(WebinarSessionSchema),
  steps: Type.Array(WebinarStepSchema, {
    description:
      "the webinar steps of the course's current published version, in course order (empty when it has none or is not published): what a session may be scheduled for",
  }),
})
export type WebinarSessionList = Static<typeof WebinarSessionListSchema>

export const WebinarViewSchema = Type.Union([WebinarSessionSchema, WebinarOfferSchema])
export type WebinarView = Static<typeof WebinarViewSchema>

export const WebinarRegistrationsSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      userId: UuidSchema,
      name: Type.String(),
      email: Type.String(),
      municipality: Type.Union([Type.String(), Type.Null()]),
      status: Type.Enum(['registered', 'cancelled']),
      registeredAt: Instant('when they registered'),
    }),
  ),
})
export type WebinarRegistrations = Static<typeof WebinarRegistrationsSchema>

export const EnrolmentWebinarsSchema = Type.Object({
  step: Type.String(),
  state: Type.Union([Type.String(), Type.Null()], {
    description:
      "the webinar gate's phase (open, registered, attended, excused); null before the step is reached",
  }),
  items: Type.Array(WebinarOfferSchema),
})
export type EnrolmentWebinars = Static<typeof EnrolmentWebinarsSchema>

export const RegistrationAnswerSchema = Type.Object({
  registration: Type.Object({
    sessionId: UuidSchema,
    step: Type.String(),
    registeredAt: Instant('when they registered'),
  }),
  session: WebinarOfferSchema,
})
export type RegistrationAnswer = Static<typeof RegistrationAnswerSchema>

export const MyWebinarSchema = Type.Object({
  ...offerFields,
  attendance: Type.Union([Type.Enum([...webinarAttendanceMarks]), Type.Null()]),
  checkInOpen: Type.Boolean({ description: 'self check-in is possible now' }),
  enrolmentId: UuidSchema,
})
export type MyWebinar = Static<typeof MyWebinarSchema>

export const MyWebinarsSchema = Type.Object({ items: Type.Array(MyWebinarSchema) })
export type MyWebinars = Static<typeof MyWebinarsSchema>

export const CalendarFeedStateSchema = Type.Object({
  active: Type.Boolean(),
  createdAt: Type.Union([Instant('when the current address was made'), Type.Null()]),
})
export type CalendarFeedState = Static<typeof CalendarFeedStateSchema>

export const CalendarFeedCreatedSchema = Type.Object({
  url: Type.String({ description: 'the secret address; shown this once' }),
  createdAt: Instant('when it was made'),
})
export type CalendarFeedCreated = Static<typeof CalendarFeedCreatedSchema>
