import { describe, expect, it } from 'vitest'
import { parseManifest } from './manifest.ts'

const valid = `slug: diversity-management
title: { en: Diversity Management, sr-Latn: Upravljanje različitostima }
languages: [en, sr-Latn, sr-Cyrl]
quiz: { passMark: 0.7, maxAttempts: 3 }
steps:
  - module: 01-introduction
  - module: 02-workplace
  - webinar: peer-exchange
    alternative: good-practice
  - module: 03-services
  - survey: evaluation
`

const problemsOf = (source: string) =>
  parseManifest(source).problems.map((p) => `${p.line}:${p.column} ${p.message}`)

describe('course.yaml', () => {
  it('reads a valid manifest, with the line of every step', () => {
    const { manifest, problems } = parseManifest(valid)
    expect(problems).toEqual([])
    expect(manifest).toEqual({
      slug: 'diversity-management',
      title: { en: 'Diversity Management', 'sr-Latn': 'Upravljanje različitostima' },
      languages: ['en', 'sr-Latn', 'sr-Cyrl'],
      quiz: { passMark: 0.7, maxAttempts: 3 },
      steps: [
        { kind: 'module', slug: '01-introduction', line: 6 },
        { kind: 'module', slug: '02-workplace', line: 7 },
        { kind: 'webinar', slug: 'peer-exchange', alternative: 'good-practice', line: 8 },
        { kind: 'module', slug: '03-services', line: 10 },
        { kind: 'survey', slug: 'evaluation', line: 11 },
      ],
    })
  })

  it('reports YAML syntax errors with their line', () => {
    expect(problemsOf('slug: x\ntitle: [en\nlanguages: [en]\n')[0]).toMatch(/^3:1 YAML: /)
  })

  it('reports missing and unknown keys', () => {
    expect(problemsOf('slug: a-course\nauthor: me\n')).toEqual([
      "2:1 unknown key 'author'; allowed: slug, title, languages, quiz, steps",
      "1:1 'languages' is missing",
      "1:1 'title' is missing",
      "1:1 'quiz' is missing",
      "1:1 'steps' is missing",
    ])
  })

  it('checks slug, languages and titles', () => {
    const source = valid
      .replace('slug: diversity-management', 'slug: Diversity_Management')
      .replace('languages: [en, sr-Latn, sr-Cyrl]', 'languages: [en, fr, en, sr-Cyrl]')
    expect(problemsOf(source)).toEqual([
      "1:7 slug must be lowercase words joined by '-', e.g. diversity-management",
      "3:17 unknown language 'fr'; use one of en, sr-Latn, sr-Cyrl, bs, hr, cnr, mk, sq, sv",
      "3:21 language 'en' is listed twice",
      '3:12 sr-Cyrl is generated from sr-Latn, so sr-Latn must be listed too',
      "2:36 title in 'sr-Latn', which is not in languages",
    ])
    expect(
      problemsOf(
        valid.replace(
          'title: { en: Diversity Management, sr-Latn: Upravljanje različitostima }',
          'title: { en: Diversity Management }',
        ),
      ),
    ).toEqual(["2:8 title in 'sr-Latn' is missing"])
  })

  it('checks the quiz settings', () => {
    expect(
      problemsOf(
        valid.replace(
          '{ passMark: 0.7, maxAttempts: 3 }',
          '{ passMark: 70, maxAttempts: 0, retries: 2 }',
        ),
      ),
    ).toEqual([
      "4:39 unknown quiz setting 'retries'; allowed: passMark, maxAttempts",
      '4:19 quiz.passMark must be a number above 0 and at most 1, e.g. 0.7',
      '4:36 quiz.maxAttempts must be a whole number from 1 to 20',
    ])
  })

  it('checks the steps', () => {
    const steps = `steps:
  - module: introduction
  - webinar: peer-exchange
    alternative: essay
  - lecture: 04-x
  - module: 01-introduction
  - module: 01-introduction
  - survey: evaluation
    extra: 1
`
    expect(problemsOf(valid.replace(/steps:[\s\S]*$/, steps))).toEqual([
      "6:13 module name 'introduction' must look like 01-introduction",
      "8:18 alternative must be 'good-practice'",
      "9:5 unknown step 'lecture'; a step is module, webinar or survey",
      "11:5 module '01-introduction' appears twice in steps",
      "13:5 unknown key 'extra' in a survey step",
    ])
    expect(problemsOf(valid.replace(/steps:[\s\S]*$/, 'steps:\n  - survey: evaluation\n'))).toEqual(
      ['6:3 a course needs at least one module step'],
    )
  })
})
