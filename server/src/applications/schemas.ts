import Type, { type Static } from 'typebox'
import { PageQuerySchema, PageSchema } from '../http/pagination.ts'
import {
  EmailSchema,
  LineText,
  PersonNameSchema,
  PositionSchema,
  UserText,
  UuidSchema,
} from '../http/schemas.ts'

// ── Requests ────────────────────────────────────────────────────────────────────────────────────

export const maxAnswers = 100
export const maxDecisions = 500

/** An answer to a field of the call's form: text or a choice (string), yes/no, a number. */
export const AnswerSchema = Type.Union([
  UserText({ maxLength: 10_000 }),
  Type.Boolean(),
  Type.Number(),
])
export const AnswersSchema = Type.Record(
  Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 64 }),
  AnswerSchema,
  { maxProperties: maxAnswers, description: "by the key of the call form's field" },
)
export type Answers = Static<typeof AnswersSchema>

/**
 * What a candidate chose to declare for the balance targets (e.g. `gender`, `community`): seen only
 * by the coordinators selecting, never exported with names, erased with the person.
 */
export const DeclaredSchema = Type.Record(
  Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 64 }),
  LineText({ minLength: 1, maxLength: 100, pattern: '\\S' }),
  { maxProperties: 10 },
)
export type Declared = Static<typeof DeclaredSchema>

export const CandidateInput = Type.Object(
  {
    name: Type.Optional(PersonNameSchema),
    email: Type.Optional(EmailSchema),
    position: Type.Optional(PositionSchema),
    languages: Type.Optional(
      Type.Array(Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$', maxLength: 35 }), {
        maxItems: 40,
        uniqueItems: true,
        description: "among the options of the form's languages field",
      }),
    ),
    answers: Type.Optional(AnswersSchema),
    declared: Type.Optional(DeclaredSchema),
  },
  {
    additionalProperties: false,
    description:
      'A person put forward. In a person call the one candidate is the applicant: name and e-mail come from the account and may not be given. In a municipality call each nominee needs a name and an e-mail (the draft may lack them; the submission may not).',
  },
)
export type CandidateInput = Static<typeof CandidateInput>

export const ApplicationBody = Type.Object(
  {
    municipalityId: Type.Optional(
      Type.String({
        format: 'uuid',
        description:
          "the municipality applying or applied for; defaults to the applicant's own; must be theirs when they have one",
      }),
    ),
    answers: Type.Optional(
      Type.Record(
        Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 64 }),
        AnswerSchema,
        {
          maxProperties: maxAnswers,
          description:
            "answers to the questions asked once per application (all of a person call's); position, languages and declared answers (gender, community) always go on the candidate, the municipality in municipalityId",
        },
      ),
    ),
    candidates: Type.Array(CandidateInput, {
      minItems: 1,
      maxItems: 50,
      description: "one for a person call; 1 to the call's maxNominees for a municipality call",
    }),
  },
  { additionalProperties: false },
)
export type ApplicationBody = Static<typeof ApplicationBody>

/** The submission: empty (submit the saved draft) or the whole application (save and submit). */
export const SubmissionBody = Type.Union([
  Type.Object({}, { additionalProperties: false }),
  ApplicationBody,
])
export type SubmissionBody = Static<typeof SubmissionBody>

export const CallParams = Type.Object({ callId: UuidSchema })
export const CandidateParams = Type.Object({ id: UuidSchema })

export const DecisionInput = Type.Object(
  {
    candidateId: UuidSchema,
    decision: Type.Enum(['accepted', 'rejected', 'wait-listed']),
    reason: Type.Optional(
      UserText({
        minLength: 1,
        maxLength: 1000,
        pattern: '\\S',
        description: 'required when rejecting or wait-listing; e-mailed to the candidate',
      }),
    ),
  },
  { additionalProperties: false },
)
export type DecisionInput = Static<typeof DecisionInput>

export const DecisionsBody = Type.Object(
  { decisions: Type.Array(DecisionInput, { minItems: 1, maxItems: maxDecisions }) },
  { additionalProperties: false },
)
export type DecisionsBody = Static<typeof DecisionsBody>

export const DeclineBody = Type.Object(
  { reason: Type.Optional(UserText({ minLength: 1, maxLength: 1000, pattern: '\\S' })) },
  { additionalProperties: false },
)
export type DeclineBody = Static<typeof DeclineBody>

export const ListApplicationsQuery = Type.Object(
  { ...PageQuerySchema.properties },
  { additionalProperties: false },
)
export type ListApplicationsQuery = Static<typeof ListApplicationsQuery>

// ── Answers ─────────────────────────────────────────────────────────────────────────────────────

const Instant = Type.String({ format: 'date-time' })
const NullableInstant = Type.Union([Instant, Type.Null()])
const NullableString = Type.Union([Type.String(), Type.Null()])

export const applicationStatuses = ['draft', 'submitted', 'withdrawn'] as const
export const ApplicationStatusSchema = Type.Enum([...applicationStatuses])
export const candidateDecisions = [
  'pending',
  'accepted',
  'rejected',
  'wait-listed',
  'declined',
] as const
export const CandidateDecisionSchema = Type.Enum([...candidateDecisions])

export const PlaceSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  countryCode: Type.String(),
})
export type Place = Static<typeof PlaceSchema>

export const CandidateSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String({ description: 'empty in a draft that has not named the nominee yet' }),
  email: Type.String(),
  position: NullableString,
  languages: Type.Array(Type.String()),
  answers: Type.Record(Type.String(), Type.Union([Type.String(), Type.Boolean(), Type.Number()])),
  declared: Type.Record(Type.String(), Type.String()),
  decision: CandidateDecisionSchema,
  decisionReason: NullableString,
  decidedAt: NullableInstant,
})
export type Candidate = Static<typeof CandidateSchema>

/** An application as its applicant sees it. */
export const ApplicationSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  callId: Type.String({ format: 'uuid' }),
  callTitle: Type.String(),
  applicantKind: Type.Enum(['person', 'municipality']),
  status: ApplicationStatusSchema,
  municipality: Type.Union([PlaceSchema, Type.Null()]),
  answers: Type.Record(Type.String(), Type.Union([Type.String(), Type.Boolean(), Type.Number()])),
  candidates: Type.Array(CandidateSchema),
  deadline: Instant,
  /** Edits and submission are open: before the deadline, the call open, nothing decided. */
  editable: Type.Boolean(),
  submittedAt: NullableInstant,
  withdrawnAt: NullableInstant,
  createdAt: Instant,
  updatedAt: Instant,
})
export type Application = Static<typeof ApplicationSchema>

/** One line of "my applications": as applicant, or as a candidate someone else put forward. */
export const MyApplicationSchema = Type.Object({
  applicationId: Type.String({ format: 'uuid' }),
  callId: Type.String({ format: 'uuid' }),
  callTitle: Type.String(),
  deadline: Instant,
  role: Type.Enum(['applicant', 'candidate']),
  status: ApplicationStatusSchema,
  submittedAt: NullableInstant,
  candidates: Type.Array(
    Type.Object({
      id: Type.String({ format: 'uuid' }),
      name: Type.String(),
      decision: CandidateDecisionSchema,
      /** This person is the candidate (and may decline an accepted place). */
      isMe: Type.Boolean(),
    }),
  ),
})
export type MyApplication = Static<typeof MyApplicationSchema>
export const MyApplicationPageSchema = PageSchema(MyApplicationSchema)
export type MyApplicationPage = Static<typeof MyApplicationPageSchema>

const FailedRuleSchema = Type.Object({
  rule: Type.Integer({ description: "index in the call's criteria.eligibility" }),
  kind: Type.Enum(['municipality', 'country', 'complete', 'language', 'yes']),
})
const ScoreLineSchema = Type.Object({
  rule: Type.Integer({ description: "index in the call's criteria.scores" }),
  kind: Type.Enum([
    'choice',
    'position',
    'first-time',
    'new-municipality',
    'number-scaled',
    'number-threshold',
    'yes',
  ]),
  points: Type.Number(),
})

/** A candidate of a submitted application as the selection sees them. */
export const RankedCandidateSchema = Type.Object({
  candidateId: Type.String({ format: 'uuid' }),
  applicationId: Type.String({ format: 'uuid' }),
  userId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  name: Type.String(),
  email: Type.String(),
  position: NullableString,
  languages: Type.Array(Type.String()),
  municipality: Type.Union([PlaceSchema, Type.Null()]),
  submittedAt: Instant,
  firstTime: Type.Boolean({
    description: "never a member of another cluster of the call's association",
  }),
  answers: Type.Record(Type.String(), Type.Union([Type.String(), Type.Boolean(), Type.Number()])),
  declared: Type.Optional(
    Type.Record(Type.String(), Type.String(), {
      description:
        "declared sensitive answers: present only for coordinators of the call's association",
    }),
  ),
  decision: CandidateDecisionSchema,
  decisionReason: NullableString,
  eligible: Type.Boolean(),
  failed: Type.Array(FailedRuleSchema),
  score: Type.Number(),
  breakdown: Type.Array(ScoreLineSchema),
  rank: Type.Union([Type.Integer(), Type.Null()]),
})
export type RankedCandidate = Static<typeof RankedCandidateSchema>

export const RankingSchema = Type.Object({
  callId: Type.String({ format: 'uuid' }),
  places: Type.Integer(),
  accepted: Type.Integer({ description: 'places taken by accepted candidates' }),
  declaredVisible: Type.Boolean({ description: 'whether `declared` is shown to this reader' }),
  items: Type.Array(RankedCandidateSchema),
  total: Type.Integer({ minimum: 0 }),
  limit: Type.Integer(),
  offset: Type.Integer(),
})
export type Ranking = Static<typeof RankingSchema>

const TargetSchema = Type.Union([
  Type.Object({ kind: Type.Literal('distinct-municipalities'), min: Type.Number() }),
  Type.Object({
    kind: Type.Literal('group-count'),
    attribute: Type.String(),
    value: Type.String(),
    min: Type.Number(),
  }),
  Type.Object({
    kind: Type.Literal('group-share'),
    attribute: Type.String(),
    value: Type.String(),
    share: Type.Number(),
  }),
])

export const ProposalSchema = Type.Object({
  callId: Type.String({ format: 'uuid' }),
  places: Type.Integer(),
  accepted: Type.Integer({ description: 'already accepted; the proposal fills the rest' }),
  remaining: Type.Integer(),
  selected: Type.Array(Type.String({ format: 'uuid' }), {
    description: 'candidate ids proposed for the remaining places, in ranking order',
  }),
  totalScore: Type.Number(),
  targets: Type.Array(
    Type.Object({
      rule: Type.Integer({ description: "index in the call's criteria.balance" }),
      target: TargetSchema,
      required: Type.Number(),
      achieved: Type.Number(),
      met: Type.Boolean(),
      shortfall: Type.Union([
        Type.Object({ code: Type.Literal('pool-too-small'), available: Type.Number() }),
        Type.Object({ code: Type.Literal('too-few-places'), places: Type.Number() }),
        Type.Object({ code: Type.Literal('conflicts-with-other-rules') }),
        Type.Null(),
      ]),
    }),
  ),
  inByBalance: Type.Array(Type.String({ format: 'uuid' }), {
    description: 'proposed although pure ranking would leave them out',
  }),
  outByBalance: Type.Array(Type.String({ format: 'uuid' }), {
    description: 'within pure ranking but left out for a limit or a target',
  }),
})
export type ProposalView = Static<typeof ProposalSchema>

export const DecisionsResultSchema = Type.Object({
  decided: Type.Array(
    Type.Object({
      candidateId: Type.String({ format: 'uuid' }),
      decision: CandidateDecisionSchema,
    }),
  ),
  promoted: Type.Array(Type.String({ format: 'uuid' }), {
    description: 'wait-listed candidates accepted because a place was freed',
  }),
  invited: Type.Array(Type.String({ format: 'uuid' }), {
    description: 'accepted candidates without an account, invited by e-mail',
  }),
  accepted: Type.Integer(),
  places: Type.Integer(),
})
export type DecisionsResult = Static<typeof DecisionsResultSchema>

export const DeclineResultSchema = Type.Object({
  candidateId: Type.String({ format: 'uuid' }),
  decision: CandidateDecisionSchema,
  promoted: Type.Array(Type.String({ format: 'uuid' })),
})
export type DeclineResult = Static<typeof DeclineResultSchema>

/** A row of the applications export: no declared answers, ever. */
export interface ApplicationExportRow {
  candidateName: string
  municipality: string | null
  country: string | null
  position: string | null
  status: 'draft' | 'submitted' | 'withdrawn'
  decision: Static<typeof CandidateDecisionSchema>
  eligible: boolean
  rank: number | null
  score: number
  /** Points per score criterion, keyed `<index>:<kind>` as in the call's criteria.scores. */
  points: Record<string, number>
}
