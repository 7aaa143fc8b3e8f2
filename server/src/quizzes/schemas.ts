import Type, { type Static } from 'typebox'
import { SlugSchema } from '../http/schemas.ts'
import { AnswersSchema } from './answers.ts'

const OptionSchema = Type.Object({ id: Type.String(), text: Type.String() })

/** A question as a learner sees it before submitting: no key, no feedback, no trainer's title. */
export const LearnerQuestionSchema = Type.Object({
  id: Type.String({ description: 'stable within the quiz; answers are keyed by it' }),
  kind: Type.String(),
  text: Type.String(),
  format: Type.String(),
  blankAt: Type.Optional(Type.Integer()),
  choices: Type.Optional(Type.Array(OptionSchema)),
  left: Type.Optional(Type.Array(OptionSchema)),
  right: Type.Optional(Type.Array(OptionSchema)),
  scale: Type.Optional(
    Type.Object({ min: Type.Integer(), max: Type.Integer() }, { description: 'survey ratings' }),
  ),
})
export type LearnerQuestion = Static<typeof LearnerQuestionSchema>

export const QuestionResultSchema = Type.Object({
  id: Type.String(),
  outcome: Type.Union([
    Type.Literal('right'),
    Type.Literal('partial'),
    Type.Literal('wrong'),
    Type.Literal('unanswered'),
    Type.Literal('ungraded'),
  ]),
  points: Type.Union([Type.Number(), Type.Null()]),
  feedback: Type.Array(Type.String()),
  rightAnswer: Type.Optional(Type.String()),
})
export type QuestionResult = Static<typeof QuestionResultSchema>

export const AttemptSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  enrolmentId: Type.String({ format: 'uuid' }),
  step: Type.String(),
  number: Type.Integer(),
  language: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('graded')]),
  questions: Type.Array(LearnerQuestionSchema, { description: 'in this attempt’s order' }),
  answers: AnswersSchema,
  score: Type.Union([Type.Number(), Type.Null()]),
  passed: Type.Union([Type.Boolean(), Type.Null()]),
  passMark: Type.Number(),
  attemptsAllowed: Type.Integer(),
  attemptsUsed: Type.Integer(),
  results: Type.Union([Type.Array(QuestionResultSchema), Type.Null()]),
  startedAt: Type.String({ format: 'date-time' }),
  savedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  submittedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
})
export type Attempt = Static<typeof AttemptSchema>

/** The graded attempt as submit returns it: the result without the questions (GET /attempts/:id has them). */
export const SubmittedAttemptSchema = Type.Omit(AttemptSchema, ['questions'])
export type SubmittedAttempt = Static<typeof SubmittedAttemptSchema>

export const StartAttemptBody = Type.Object({ step: SlugSchema }, { additionalProperties: false })

export const SaveAnswersBody = Type.Object(
  { answers: AnswersSchema },
  { additionalProperties: false },
)

export const SubmitBody = Type.Object(
  { answers: Type.Optional(AnswersSchema) },
  { additionalProperties: false, description: 'answers given here replace the saved ones' },
)

export const AttemptReviewSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  step: Type.String(),
  number: Type.Integer(),
  language: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('graded')]),
  score: Type.Union([Type.Number(), Type.Null()]),
  passed: Type.Union([Type.Boolean(), Type.Null()]),
  startedAt: Type.String({ format: 'date-time' }),
  submittedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  questions: Type.Optional(
    Type.Array(
      Type.Object({
        id: Type.String(),
        kind: Type.String(),
        text: Type.String(),
        answer: Type.Union([Type.String(), Type.Null()], {
          description: 'the learner’s answer in words',
        }),
        result: Type.Union([QuestionResultSchema, Type.Null()]),
      }),
      { description: 'trainers and admins only' },
    ),
  ),
})
export type AttemptReview = Static<typeof AttemptReviewSchema>
export const AttemptReviewListSchema = Type.Object({ items: Type.Array(AttemptReviewSchema) })
export type AttemptReviewList = Static<typeof AttemptReviewListSchema>
