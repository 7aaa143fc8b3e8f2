import type { CourseFunnel, QuestionStats } from '@agora/server/contract'
import { describe, expect, it } from 'vitest'
import { funnelBars, funnelColumns } from './funnel'
import { hardQuestions, questionBars } from './quizzes'

const course: Pick<CourseFunnel, 'steps' | 'overall'> = {
  steps: [
    { step: '01-intro', kind: 'module', title: 'Introduction' },
    { step: 'peer-exchange', kind: 'webinar', title: 'peer-exchange' },
    { step: 'evaluation', kind: 'survey', title: 'Evaluation' },
  ],
  overall: {
    members: 12,
    enrolled: 10,
    steps: [
      { step: '01-intro', kind: 'module', read: 8, passed: 5 },
      { step: 'peer-exchange', kind: 'webinar', attended: 3, excused: 1 },
      { step: 'evaluation', kind: 'survey', evaluated: 2 },
    ],
    completed: 2,
  },
}

describe('the funnel of a course', () => {
  it('counts every step in the course’s order, the webinar attended or excused', () => {
    expect(funnelBars(funnelColumns(course), course.overall)).toEqual([
      { label: 'Enrolled', value: 10 },
      { label: 'Read: Introduction', value: 8 },
      { label: 'Passed: Introduction', value: 5 },
      { label: 'Webinar attended or excused: peer-exchange', value: 4 },
      { label: 'Evaluated: Evaluation', value: 2 },
      { label: 'Completed', value: 2 },
    ])
  })

  it('counts a step a row does not have as nobody', () => {
    const row = { members: 1, enrolled: 1, steps: [], completed: 0 }
    expect(funnelBars(funnelColumns(course), row).map((bar) => bar.value)).toEqual([
      1, 0, 0, 0, 0, 0,
    ])
  })
})

const question = (over: Partial<QuestionStats>): QuestionStats => ({
  version: 1,
  question: 0,
  text: 'Q',
  kind: 'multiple-choice',
  answers: 10,
  shareRight: 0.5,
  facilityIndex: 0.5,
  ...over,
})

describe('the questions of a module', () => {
  it('are charted by facility index when answered, numbered from 1', () => {
    const bars = questionBars([
      question({ question: 0, facilityIndex: 0.9, text: 'Who?' }),
      question({ question: 1, answers: 0, facilityIndex: null }),
      question({ question: 2, facilityIndex: 0.1, answers: 7, text: 'Why?' }),
    ])
    expect(bars).toEqual([
      { label: 'Question 1', value: 0.9, note: 'Who? (10 answers)' },
      { label: 'Question 3', value: 0.1, note: 'Why? (7 answers)' },
    ])
  })

  it('name the version when several versions were asked', () => {
    const bars = questionBars([question({ version: 1 }), question({ version: 2 })])
    expect(bars.map((bar) => bar.label)).toEqual([
      'Question 1 (version 1)',
      'Question 1 (version 2)',
    ])
  })

  it('that most learners miss are named for the trainers', () => {
    expect(
      hardQuestions([
        question({ question: 0, facilityIndex: 0.29 }),
        question({ question: 1, facilityIndex: 0.3 }),
        question({ question: 2, facilityIndex: null, answers: 0 }),
      ]),
    ).toEqual(['Question 1'])
  })
})
