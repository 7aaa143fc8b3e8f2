import { describe, expect, it } from 'vitest'
import { findAvoidedTerms, findUnlabelledCaseStudies, parseGlossary } from './glossary.ts'

const yaml = `language: sr-Latn
illustrative: '*Ilustrativan primer.*'
terms:
  lnob:
    term: da niko ne bude izostavljen
    avoid: [ne ostaviti nikoga iza sebe]
  duty-bearer:
    term: nosilac obaveza
    avoid: [nosi* dužnost*]
  sami-language:
    term: samski jezik
    avoid: [sami jezik]
`

function glossary(text = yaml) {
  const { glossary, problems } = parseGlossary(text)
  expect(problems).toEqual([])
  return glossary!
}

describe('parseGlossary', () => {
  it('reads language, label and terms', () => {
    expect(glossary()).toEqual({
      language: 'sr-Latn',
      illustrative: '*Ilustrativan primer.*',
      terms: [
        {
          id: 'lnob',
          term: 'da niko ne bude izostavljen',
          avoid: ['ne ostaviti nikoga iza sebe'],
          source: null,
        },
        { id: 'duty-bearer', term: 'nosilac obaveza', avoid: ['nosi* dužnost*'], source: null },
        { id: 'sami-language', term: 'samski jezik', avoid: ['sami jezik'], source: null },
      ],
    })
  })

  it('reports each problem with its line', () => {
    const { glossary, problems } = parseGlossary(
      [
        'language: xx',
        'illustrative: ""',
        'colour: red',
        'terms:',
        '  Bad Id:',
        '    term: a',
        '  lnob:',
        '    avoid: [x]',
        '  equal:',
        '    term: nosilac obaveza',
        '    avoid: [nosi*]',
        '    note: x',
      ].join('\n'),
    )
    expect(glossary).toBeNull()
    expect(problems.map((problem) => [problem.line, problem.message])).toEqual([
      [3, "unknown field 'colour': use language, illustrative and terms"],
      [1, "language must be one of en, sr-Latn, sr-Cyrl, bs, hr, cnr, mk, sq, sv, not 'xx'"],
      [2, 'illustrative (the case-study label) is missing'],
      [5, "'Bad Id' is not a concept id (lowercase-words)"],
      [8, 'lnob: term is missing'],
      [12, "equal: unknown field 'note': use term, avoid and source"],
      [11, "equal: 'nosi*' would also match the accepted term 'nosilac obaveza'"],
    ])
  })

  it('reports broken YAML', () => {
    const { glossary, problems } = parseGlossary('language: [en\n')
    expect(glossary).toBeNull()
    expect(problems.length).toBeGreaterThan(0)
  })
})

describe('findAvoidedTerms', () => {
  it('finds a rejected rendering with its line and column, in any case', () => {
    const text = 'Prvi red.\nPrincip „Ne ostaviti nikoga iza sebe“ važi.\n'
    expect(findAvoidedTerms(glossary(), text)).toEqual([
      {
        line: 2,
        column: 10,
        found: 'Ne ostaviti nikoga iza sebe',
        avoid: 'ne ostaviti nikoga iza sebe',
        id: 'lnob',
        term: 'da niko ne bude izostavljen',
      },
    ])
  })

  it('finds a phrase broken across lines of a hard-wrapped file', () => {
    const hits = findAvoidedTerms(glossary(), 'obaveza da se ne ostaviti\n  nikoga iza sebe')
    expect(hits.map((hit) => [hit.line, hit.column, hit.found])).toEqual([
      [1, 15, 'ne ostaviti nikoga iza sebe'],
    ])
  })

  it('matches word beginnings marked with * and otherwise whole words only', () => {
    const text =
      'Opština je nosilac dužnosti; nosioci dužnosti; samski jezik; sami jezik; Sami jezici.'
    expect(findAvoidedTerms(glossary(), text).map((hit) => hit.found)).toEqual([
      'nosilac dužnosti',
      'nosioci dužnosti',
      'sami jezik',
    ])
  })

  it('finds nothing in text that follows the glossary', () => {
    expect(
      findAvoidedTerms(glossary(), 'Opština je nosilac obaveza da niko ne bude izostavljen.'),
    ).toEqual([])
  })

  it('works for Cyrillic scripts', () => {
    const mk = glossary(
      'language: mk\nillustrative: x\nterms:\n  f:\n    term: шокови и кревкост\n    avoid: [кризи и кревкост]\n',
    )
    expect(findAvoidedTerms(mk, 'Пет фактори, како и Кризи и кревкост.')).toMatchObject([
      { line: 1, column: 21, found: 'Кризи и кревкост' },
    ])
  })
})

describe('findUnlabelledCaseStudies', () => {
  it('wants the label as the first non-empty line of every case study', () => {
    const text = [
      '::: case-study Jedan',
      '*Ilustrativan primer.*',
      '',
      'Tekst.',
      ':::',
      '',
      '::: case-study Dva',
      '',
      'Tekst bez oznake.',
      ':::',
      '::: note',
      'Napomena.',
      ':::',
    ].join('\n')
    expect(findUnlabelledCaseStudies(glossary(), text)).toEqual([
      {
        line: 7,
        column: 1,
        message:
          "the case study does not start with the illustrative label '*Ilustrativan primer.*'",
      },
    ])
  })
})
