import Type, { type Static, type TSchema } from 'typebox'
import { supportedLanguages } from '../course-format/languages.ts'
import { PageQuerySchema, PageSchema } from '../http/pagination.ts'
import {
  LineText,
  lineTextFormat,
  SlugSchema,
  UserText,
  userTextFormat,
  UuidSchema,
} from '../http/schemas.ts'
import {
  builtInFieldKinds,
  customFieldKinds,
  declaredFieldKinds,
  formFieldKinds,
  type FormFieldKind,
} from './constants.ts'

export {
  builtInFieldKinds,
  customFieldKinds,
  declaredFieldKinds,
  formFieldKinds,
  type FormFieldKind,
}

// ── The application form ────────────────────────────────────────────────────────────────────────

export const maxFormFields = 60
export const maxNominees = 50
export const maxPlaces = 10_000

export const FieldKeySchema = Type.String({
  pattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$',
  maxLength: 40,
  description: 'lower-case letters, digits and hyphens; unique in the form',
})
const LabelSchema = LineText({ minLength: 1, maxLength: 300, pattern: '\\S' })
const HelpSchema = UserText({ maxLength: 2000, description: 'plain text shown under the label' })
/** Where a municipality call asks the field: once per application, or of each nominated official. */
export const FieldScopeSchema = Type.Enum(['application', 'nominee'], {
  description:
    'municipality calls: asked once per application or of each nominated official; person calls: application (the default)',
})
export type FieldScope = Static<typeof FieldScopeSchema>
const OptionValueSchema = Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 60 })
const OptionsSchema = Type.Array(
  Type.Object(
    { value: OptionValueSchema, label: LineText({ minLength: 1, maxLength: 200, pattern: '\\S' }) },
    { additionalProperties: false },
  ),
  { minItems: 1, maxItems: 50, description: 'each value once' },
)
/** A BCP 47 tag: any language an official may speak, not only the UI's. */
export const LanguageCodeSchema = Type.String({
  pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$',
  maxLength: 35,
})

const common = {
  label: LabelSchema,
  help: Type.Optional(HelpSchema),
  per: Type.Optional(FieldScopeSchema),
}

export const BuiltInFieldSchema = Type.Object(
  {
    kind: Type.Enum([...builtInFieldKinds.filter((kind) => kind !== 'languages')]),
    key: FieldKeySchema,
    required: Type.Boolean(),
    ...common,
  },
  { additionalProperties: false, description: 'a built-in field; its key is its kind' },
)
export const LanguagesFieldSchema = Type.Object(
  {
    kind: Type.Literal('languages'),
    key: FieldKeySchema,
    required: Type.Boolean(),
    ...common,
    options: Type.Array(LanguageCodeSchema, {
      minItems: 1,
      maxItems: 40,
      uniqueItems: true,
      description: 'the languages an applicant may tick',
    }),
  },
  {
    additionalProperties: false,
    description: 'the languages the applicant works in; key: languages',
  },
)
export const DeclaredFieldSchema = Type.Object(
  {
    kind: Type.Enum([...declaredFieldKinds]),
    key: FieldKeySchema,
    required: Type.Literal(false, { description: 'declared by choice: never required' }),
    ...common,
    options: OptionsSchema,
  },
  {
    additionalProperties: false,
    description: 'declared by choice (gender, community); its key is its kind',
  },
)
export const TextFieldSchema = Type.Object(
  {
    kind: Type.Literal('text'),
    key: FieldKeySchema,
    required: Type.Boolean(),
    ...common,
    multiline: Type.Optional(Type.Boolean()),
    maxLength: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  },
  { additionalProperties: false },
)
export const ChoiceFieldSchema = Type.Object(
  {
    kind: Type.Literal('choice'),
    key: FieldKeySchema,
    required: Type.Boolean(),
    ...common,
    options: OptionsSchema,
  },
  { additionalProperties: false },
)
export const YesNoFieldSchema = Type.Object(
  { kind: Type.Literal('yes-no'), key: FieldKeySchema, required: Type.Boolean(), ...common },
  { additionalProperties: false },
)
const Bound = Type.Number({ minimum: -1_000_000_000, maximum: 1_000_000_000 })
export const NumberFieldSchema = Type.Object(
  {
    kind: Type.Literal('number'),
    key: FieldKeySchema,
    required: Type.Boolean(),
    ...common,
    min: Type.Optional(Bound),
    max: Type.Optional(Bound),
    integer: Type.Optional(Type.Boolean({ description: 'whole numbers only' })),
  },
  { additionalProperties: false },
)

export const FormFieldSchema = Type.Union([
  BuiltInFieldSchema,
  LanguagesFieldSchema,
  DeclaredFieldSchema,
  TextFieldSchema,
  ChoiceFieldSchema,
  YesNoFieldSchema,
  NumberFieldSchema,
])
export type FormField = Static<typeof FormFieldSchema>
export const FormSchema = Type.Array(FormFieldSchema, { maxItems: maxFormFields })
export type Form = Static<typeof FormSchema>

// ── Selection criteria (the `selection` library's `Criteria`, without represented municipalities) ─

const Points = Type.Number({ minimum: -1000, maximum: 1000 })
const Count = Type.Integer({ minimum: 1, maximum: maxPlaces })
const QuestionKey = FieldKeySchema
const CountryCodeSchema = Type.String({ pattern: '^[A-Z]{2}$' })
const PointsByValue = Type.Record(Type.String({ maxLength: 200 }), Points, {
  maxProperties: 100,
})

export const EligibilityRuleSchema = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('municipality'),
      municipalityIds: Type.Array(UuidSchema, { minItems: 1, maxItems: 1000, uniqueItems: true }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('country'),
      countryCodes: Type.Array(CountryCodeSchema, { minItems: 1, maxItems: 60, uniqueItems: true }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('complete'),
      requiredQuestions: Type.Array(QuestionKey, {
        minItems: 1,
        maxItems: maxFormFields,
        uniqueItems: true,
      }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('language'), language: LanguageCodeSchema },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('yes'), question: QuestionKey },
    { additionalProperties: false },
  ),
])
export type EligibilityRule = Static<typeof EligibilityRuleSchema>

export const ScoreRuleSchema = Type.Union([
  Type.Object(
    { kind: Type.Literal('choice'), question: QuestionKey, points: PointsByValue },
    { additionalProperties: false, description: 'points by the chosen option value' },
  ),
  Type.Object(
    { kind: Type.Literal('position'), points: PointsByValue },
    { additionalProperties: false, description: 'points by the position answered' },
  ),
  Type.Object(
    { kind: Type.Literal('first-time'), points: Points },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('new-municipality'), points: Points },
    {
      additionalProperties: false,
      description: "points when the applicant's municipality has no member in the cluster yet",
    },
  ),
  Type.Object(
    {
      kind: Type.Literal('number-scaled'),
      question: QuestionKey,
      pointsPerUnit: Points,
      max: Type.Optional(Points),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('number-threshold'),
      question: QuestionKey,
      atLeast: Bound,
      points: Points,
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('yes'), question: QuestionKey, points: Points },
    { additionalProperties: false },
  ),
])
export type ScoreRule = Static<typeof ScoreRuleSchema>

const Attribute = Type.Enum([...declaredFieldKinds])
export const BalanceRuleSchema = Type.Union([
  Type.Object(
    { kind: Type.Literal('per-municipality'), max: Count },
    { additionalProperties: false },
  ),
  Type.Object({ kind: Type.Literal('per-country'), max: Count }, { additionalProperties: false }),
  Type.Object(
    { kind: Type.Literal('distinct-municipalities'), min: Count },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('group-count'),
      attribute: Attribute,
      value: OptionValueSchema,
      min: Count,
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('group-share'),
      attribute: Attribute,
      value: OptionValueSchema,
      share: Type.Number({ minimum: 0.01, maximum: 1, description: 'from 0.01 to 1' }),
    },
    {
      additionalProperties: false,
      description: 'among the selected who declared the attribute, at least this share',
    },
  ),
])
export type BalanceRule = Static<typeof BalanceRuleSchema>

export const CriteriaSchema = Type.Object(
  {
    eligibility: Type.Array(EligibilityRuleSchema, { maxItems: 50 }),
    scores: Type.Array(ScoreRuleSchema, { maxItems: 50 }),
    balance: Type.Array(BalanceRuleSchema, { maxItems: 50 }),
  },
  { additionalProperties: false },
)
export type CallCriteria = Static<typeof CriteriaSchema>

/**
 * A request schema reused in an answer. The text formats are rules for what comes in; the answer's
 * serializer does not know them (and would warn on every route), so the copy goes without them.
 */
function asAnswer<T extends TSchema>(schema: T) {
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip)
    if (!node || typeof node !== 'object') return node
    return Object.fromEntries(
      Object.entries(node)
        .filter(
          ([key, value]) =>
            !(key === 'format' && (value === lineTextFormat || value === userTextFormat)),
        )
        .map(([key, value]) => [key, strip(value)]),
    )
  }
  return Type.Unsafe<Static<T>>(strip(schema) as TSchema)
}
const FormAnswerSchema = asAnswer(FormSchema)

// ── Calls ───────────────────────────────────────────────────────────────────────────────────────

export const callStatuses = ['draft', 'open', 'closed'] as const
export const CallStatusSchema = Type.Enum([...callStatuses])
export type CallStatus = Static<typeof CallStatusSchema>
export const ApplicantKindSchema = Type.Enum(['person', 'municipality'], {
  description:
    'a person applies for themselves, or a municipality nominates up to maxNominees officials',
})
export type ApplicantKind = Static<typeof ApplicantKindSchema>

const TitleSchema = LineText({ minLength: 1, maxLength: 300, pattern: '\\S' })
const BodySchema = UserText({ maxLength: 50_000, description: 'Markdown' })
export const LocalDateTimeSchema = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}$',
  description:
    'a local date and time in timeZone, YYYY-MM-DDTHH:mm; a time the clocks skip (spring change) is refused, a time they repeat (autumn change) means the earlier instant; applications are taken to the end of that minute',
})
export const TimeZoneSchema = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'an IANA time zone, e.g. Europe/Belgrade',
})
const WhoMayApplySchema = Type.Object(
  {
    countries: Type.Array(CountryCodeSchema, { maxItems: 60, uniqueItems: true }),
    associationIds: Type.Array(UuidSchema, { maxItems: 200, uniqueItems: true }),
    municipalityIds: Type.Array(UuidSchema, { maxItems: 2000, uniqueItems: true }),
    positions: Type.Array(LineText({ minLength: 1, maxLength: 200, pattern: '\\S' }), {
      maxItems: 100,
      uniqueItems: true,
    }),
  },
  { additionalProperties: false, description: 'an empty list sets no restriction of its kind' },
)
export type WhoMayApply = Static<typeof WhoMayApplySchema>

const callFields = {
  body: Type.Optional(BodySchema),
  whoMayApply: Type.Optional(WhoMayApplySchema),
  applicantKind: Type.Optional(ApplicantKindSchema),
  maxNominees: Type.Optional(
    Type.Union([Type.Integer({ minimum: 1, maximum: maxNominees }), Type.Null()], {
      description: 'municipality calls: how many officials one application may nominate',
    }),
  ),
  places: Type.Optional(Type.Integer({ minimum: 1, maximum: maxPlaces })),
  deadline: Type.Optional(LocalDateTimeSchema),
  timeZone: Type.Optional(TimeZoneSchema),
  form: Type.Optional(FormSchema),
  criteria: Type.Optional(CriteriaSchema),
}

export const CreateCallBody = Type.Object(
  { title: TitleSchema, ...callFields },
  { additionalProperties: false },
)
export type CreateCallBody = Static<typeof CreateCallBody>

export const UpdateCallBody = Type.Object(
  { title: Type.Optional(TitleSchema), ...callFields },
  { additionalProperties: false, minProperties: 1 },
)
export type UpdateCallBody = Static<typeof UpdateCallBody>

export const CallStatusBody = Type.Object(
  { status: Type.Enum(['open', 'closed']) },
  { additionalProperties: false },
)

export const DeadlineSchema = Type.Object({
  at: Type.String({ format: 'date-time', description: "the deadline's minute, as a UTC instant" }),
  local: Type.String({ description: 'as written, YYYY-MM-DDTHH:mm in timeZone' }),
  timeZone: Type.String(),
  closesAt: Type.String({
    format: 'date-time',
    description: 'applications are taken until this instant: the end of the deadline minute',
  }),
})
export type Deadline = Static<typeof DeadlineSchema>

const CallFields = {
  id: Type.String({ format: 'uuid' }),
  clusterId: Type.String({ format: 'uuid' }),
  associationId: Type.String({ format: 'uuid' }),
  title: Type.String(),
  body: Type.String({ description: 'Markdown' }),
  bodyHtml: Type.String({ description: 'the body rendered (raw HTML off, links restricted)' }),
  status: CallStatusSchema,
  acceptingApplications: Type.Boolean({
    description: "open, and the deadline not yet passed by the server's clock",
  }),
  applicantKind: ApplicantKindSchema,
  maxNominees: Type.Union([Type.Integer(), Type.Null()]),
  places: Type.Union([Type.Integer(), Type.Null()]),
  deadline: Type.Union([DeadlineSchema, Type.Null()]),
  whoMayApply: asAnswer(WhoMayApplySchema),
  publishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
}

const AssociationRefSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  slug: Type.String(),
  name: Type.String(),
})

/** A call as anyone may read it once open or closed: without its criteria. */
export const PublicCallSchema = Type.Object({
  ...CallFields,
  form: FormAnswerSchema,
  association: AssociationRefSchema,
  clusterName: Type.String(),
})
export type PublicCall = Static<typeof PublicCallSchema>
export const PublicCallPageSchema = PageSchema(PublicCallSchema)
export type PublicCallPage = Static<typeof PublicCallPageSchema>

/** A call as those who manage its cluster see it: with its criteria. */
export const CallSchema = Type.Object({
  ...PublicCallSchema.properties,
  criteria: CriteriaSchema,
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
})
export type Call = Static<typeof CallSchema>
export const CallPageSchema = PageSchema(CallSchema)
export type CallPage = Static<typeof CallPageSchema>

/** GET /calls/:callId: a public call, with criteria and dates when the caller manages its cluster. */
export const CallViewSchema = Type.Object({
  ...PublicCallSchema.properties,
  criteria: Type.Optional(CriteriaSchema),
  createdAt: Type.Optional(Type.String({ format: 'date-time' })),
  updatedAt: Type.Optional(Type.String({ format: 'date-time' })),
})
export type CallView = Static<typeof CallViewSchema>

export const ListClusterCallsQuery = Type.Object(
  { ...PageQuerySchema.properties, status: Type.Optional(CallStatusSchema) },
  { additionalProperties: false },
)
export type ListClusterCallsQuery = Static<typeof ListClusterCallsQuery>

export const ListOpenCallsQuery = Type.Object(
  {
    ...PageQuerySchema.properties,
    association: Type.Optional(SlugSchema),
    country: Type.Optional(CountryCodeSchema),
  },
  { additionalProperties: false },
)
export type ListOpenCallsQuery = Static<typeof ListOpenCallsQuery>

export const FeedQuery = Type.Object(
  { association: Type.Optional(SlugSchema), country: Type.Optional(CountryCodeSchema) },
  { additionalProperties: false },
)
export type FeedQuery = Static<typeof FeedQuery>

export const EmbedQuery = Type.Object(
  {
    association: Type.Optional(SlugSchema),
    country: Type.Optional(CountryCodeSchema),
    lang: Type.Optional(
      Type.Enum([...supportedLanguages], {
        default: 'en',
        description: 'the list in English or Serbian (Latin); other languages get English for now',
      }),
    ),
  },
  { additionalProperties: false },
)
export type EmbedQuery = Static<typeof EmbedQuery>
