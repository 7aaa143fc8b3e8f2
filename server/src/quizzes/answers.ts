import Type, { type Static } from 'typebox'
import type { LearnerAnswers } from '../course-format/gift/index.ts'

/** One answer, by question kind; ids are those of the learner view (indexes as strings). */
export const AnswerSchema = Type.Union([
  Type.Object(
    { choice: Type.String({ maxLength: 4 }) },
    { additionalProperties: false, description: 'multiple choice' },
  ),
  Type.Object(
    { choices: Type.Array(Type.String({ maxLength: 4 }), { maxItems: 50 }) },
    { additionalProperties: false, description: 'multiple answers' },
  ),
  Type.Object(
    { value: Type.Boolean() },
    { additionalProperties: false, description: 'true/false' },
  ),
  Type.Object(
    { text: Type.String({ maxLength: 5000 }) },
    { additionalProperties: false, description: 'short answer or essay' },
  ),
  Type.Object({ number: Type.Number() }, { additionalProperties: false, description: 'numerical' }),
  Type.Object(
    { pairs: Type.Record(Type.String({ pattern: '^[0-9]{1,3}$' }), Type.String({ maxLength: 4 })) },
    { additionalProperties: false, description: 'matching: left id → right id' },
  ),
])
export type Answer = Static<typeof AnswerSchema>

export const AnswersSchema = Type.Record(Type.String({ pattern: '^[0-9]{1,3}$' }), AnswerSchema, {
  description: 'answers by question id',
  maxProperties: 200,
})
export type Answers = Static<typeof AnswersSchema>

// The schema and the stored shape (course-format's LearnerAnswers) must stay one type.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
export const answersAreStoredAsSent: Same<Answers, LearnerAnswers> = true
