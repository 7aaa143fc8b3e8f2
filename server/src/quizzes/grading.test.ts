import { describe, expect, it } from 'vitest'
import { parseGift } from '../course-format/gift/index.ts'
import { gradeQuestion, normaliseShortAnswer } from './grading.ts'

const [case_] = parseGift(
  '::[fact bih-eligibility-case] Court case::Name the case. {\n  =Sejdić and Finci#Right.\n  =Sejdić i Finci#Right.\n  =Sejdić-Finci#Right.\n}\n',
).questions

describe('typed answers', () => {
  it('ignore case, spacing, punctuation, diacritics and the Serbian script', () => {
    expect(normaliseShortAnswer('  Sejdić & Finci ')).toBe('sejdic finci')
    expect(normaliseShortAnswer('Sejdic-Finci')).toBe('sejdic finci')
    expect(normaliseShortAnswer('Сејдић–Финци')).toBe('sejdic finci')
    expect(normaliseShortAnswer('Đurđevdan')).toBe(normaliseShortAnswer('Djurdjevdan'))
    expect(normaliseShortAnswer('ЏЕП Ѓорѓи Ќерка')).toBe('dzep gjorgji kjerka')
    expect(normaliseShortAnswer('16,7')).toBe(normaliseShortAnswer('16.7'))
    expect(normaliseShortAnswer('self-identification.')).toBe('self identification')
  })

  it('grade what a reader would reasonably type as right, and other answers as wrong', () => {
    const grade = (text: string) => gradeQuestion(case_!, { text }, '0').outcome
    for (const typed of [
      'Sejdic-Finci',
      'sejdić & finci',
      'SEJDIC I FINCI',
      'Сејдић и Финци',
      'Sejdić and Finci.',
    ])
      expect(grade(typed), typed).toBe('right')
    for (const typed of ['Sejdic', 'Finci', 'Oršuš', '']) expect(grade(typed), typed).toBe('wrong')
  })

  it('keep the wildcard', () => {
    const [question] = parseGift('::[fact x] W::Word? {\n  =self-ident*#Right.\n}\n').questions
    expect(gradeQuestion(question!, { text: 'Self identification' }, '0').outcome).toBe('right')
    expect(gradeQuestion(question!, { text: 'identification' }, '0').outcome).toBe('wrong')
  })

  it('give full marks for three right answers of 33.33333% each, as Moodle does', () => {
    const [question] = parseGift(
      '::[situation] Thirds::Pick? {\n  ~%33.33333%a#Yes.\n  ~%33.33333%b#Yes.\n  ~%33.33333%c#Yes.\n  ~%-100%d#No.\n}\n',
    ).questions
    const all = gradeQuestion(question!, { choices: ['0', '1', '2'] }, '0')
    expect(all).toMatchObject({ outcome: 'right', points: 1 })
    const two = gradeQuestion(question!, { choices: ['0', '1'] }, '0')
    expect(two).toMatchObject({ outcome: 'partial', points: 0.666667 })
  })
})
