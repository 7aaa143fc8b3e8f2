import { describe, expect, it } from 'vitest'
import {
  foldForSearch,
  foldWithOffsets,
  headlineMarks,
  headlineSource,
  leadSnippet,
  searchConfigOf,
  snippetFromHeadline,
} from './search-text.ts'

const { start: S, stop: E, fragments: F } = headlineMarks

describe('text folded for search', () => {
  it('writes Serbian and Macedonian Cyrillic in Latin letters and drops every diacritic', () => {
    expect(foldForSearch('Разноликост и различитост')).toBe('Raznolikost i razlicitost')
    expect(foldForSearch('Ђурђевдан, Љубовија, Њиве, Џеп, ћошак, жена, чаша, шума')).toBe(
      'Djurdjevdan, Ljubovija, Njive, Dzep, cosak, zena, casa, suma',
    )
    expect(foldForSearch('međunarodni Đakovica')).toBe('medjunarodni Djakovica')
    expect(foldForSearch('Ѓорче, Ќерка, Ѕвезда')).toBe('Gjorce, Kjerka, Dzvezda')
    expect(foldForSearch('Përfshirja, mångfald, ǆungla, c\u030Cetiri')).toBe(
      'Perfshirja, mangfald, dzungla, cetiri',
    )
  })

  it('keeps, for each folded unit, the span of the text it came from', () => {
    const { folded, from, to } = foldWithOffsets('Љ😀ž')
    expect(folded).toBe('Lj😀z')
    expect(from).toEqual([0, 0, 1, 1, 3])
    expect(to).toEqual([1, 1, 3, 3, 4])
  })

  it('chooses the configuration of the language, simple where PostgreSQL has no stemmer', () => {
    expect(
      ['en', 'sv', 'sr-Latn', 'sr-Cyrl', 'bs', 'hr', 'cnr', 'mk', 'sq'].map(searchConfigOf),
    ).toEqual([
      'english',
      'swedish',
      'serbian',
      'serbian',
      'serbian',
      'serbian',
      'serbian',
      'simple',
      'simple',
    ])
  })
})

describe('snippets', () => {
  it('carries ts_headline marks over to the words as written, escaped', () => {
    const original = 'Прво <b>разноликост</b> & друго. Још једна разноликост на крају текста.'
    const { source } = headlineSource(original)
    expect(source).toBe('Prvo  b raznolikost /b  & drugo. Jos jedna raznolikost na kraju teksta.')
    const headline = `${S}raznolikost${E} /b  & drugo${F}Jos jedna ${S}raznolikost${E} na kraju`
    expect(snippetFromHeadline(original, headline)).toEqual({
      text: '… разноликост</b> & друго … Још једна разноликост на крају …',
      html: '… <mark>разноликост</mark>&lt;/b&gt; &amp; друго … Још једна <mark>разноликост</mark> на крају …',
    })
  })

  it('gives up when a fragment is not a piece of the text', () => {
    expect(snippetFromHeadline('Some text here.', `${S}other${E} words`)).toBeUndefined()
  })

  it('starts at the beginning without a query, cut at a word', () => {
    expect(leadSnippet('Short <text>.')).toEqual({
      text: 'Short <text>.',
      html: 'Short &lt;text&gt;.',
    })
    const long = leadSnippet('word '.repeat(100), 30)
    expect(long.text).toBe('word word word word word word…')
  })
})
