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
about:
  en:
    summary: >-
      What diversity means for a municipality.
      How to manage it.
    audience: Municipal officials.
    outcomes:
      - Name the grounds of discrimination.
      - Plan an accessible service.
      - Involve minorities in decisions.
  sr-Latn:
    summary: Šta različitost znači za opštinu. Kako se njome upravlja.
    audience: Opštinski službenici.
    outcomes: [Nabroji osnove diskriminacije., Planira dostupnu uslugu., Uključi manjine.]
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
      about: {
        en: {
          summary: 'What diversity means for a municipality. How to manage it.',
          audience: 'Municipal officials.',
          outcomes: [
            'Name the grounds of discrimination.',
            'Plan an accessible service.',
            'Involve minorities in decisions.',
          ],
        },
        'sr-Latn': {
          summary: 'Šta različitost znači za opštinu. Kako se njome upravlja.',
          audience: 'Opštinski službenici.',
          outcomes: [
            'Nabroji osnove diskriminacije.',
            'Planira dostupnu uslugu.',
            'Uključi manjine.',
          ],
        },
      },
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
      "2:1 unknown key 'author'; allowed: slug, title, about, languages, quiz, steps",
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
      "22:3 about in 'sr-Latn', which is not in languages",
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
    expect(problemsOf(valid.replace(/steps:[\s\S]*(?=about:)/, steps))).toEqual([
      "6:13 module name 'introduction' must look like 01-introduction",
      "8:18 alternative must be 'good-practice'",
      "9:5 unknown step 'lecture'; a step is module, webinar or survey",
      "11:5 module '01-introduction' appears twice in steps",
      "13:5 unknown key 'extra' in a survey step",
    ])
    expect(
      problemsOf(valid.replace(/steps:[\s\S]*(?=about:)/, 'steps:\n  - survey: evaluation\n')),
    ).toEqual(['6:3 a course needs at least one module step'])
  })

  it('checks what the course says about itself, per stored language', () => {
    const about = (block: string) => valid.replace(/about:[\s\S]*$/, block)
    expect(
      problemsOf(
        about(`about:
  en:
    summary: '  '
    audience: Municipal officials.
    outcomes: [Only one.]
    level: beginner
  sv:
    summary: x
  sr-Cyrl:
    summary: x
`),
      ),
    ).toEqual([
      "17:5 unknown key 'level' in about.en; allowed: summary, audience, outcomes",
      '14:14 about.en.summary is empty',
      '16:15 about.en.outcomes has 1 items; give 3 to 6',
      "18:3 about in 'sv', which is not in languages",
      "20:3 about in 'sr-Cyrl' is generated from sr-Latn; remove it",
      "13:3 about in 'sr-Latn' is missing",
    ])
    expect(
      problemsOf(
        about(`about:
  en:
    audience: ''
    outcomes: [a, b, c, d, e, f, g]
  sr-Latn: Šta različitost znači.
`),
      ),
    ).toEqual([
      '14:5 about.en.summary is missing',
      '14:15 about.en.audience is empty',
      '15:15 about.en.outcomes has 7 items; give 3 to 6',
      '16:12 about.sr-Latn must give summary, audience and outcomes',
    ])
    expect(problemsOf(valid.replace(/about:[\s\S]*$/, ''))).toEqual([
      "1:1 'about' is missing: give summary, audience and outcomes in en, sr-Latn",
    ])
    expect(
      problemsOf(
        about(`about:
  en:
    summary: ${'Long. '.repeat(120)}
    audience: Officials.
    outcomes: [a, '', c]
  sr-Latn:
    summary: S.
    audience: A.
    outcomes: not a list
`),
      ),
    ).toEqual([
      '14:14 about.en.summary is 719 characters; at most 700',
      '16:19 an outcome in about.en is empty',
      '20:15 about.sr-Latn.outcomes must be a list of 3 to 6 items',
    ])
  })
})
