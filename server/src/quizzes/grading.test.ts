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
})
