import { describe, expect, it } from 'vitest'
import { slugify } from './slugify.ts'

describe('slugify', () => {
  it.each([
    ['Različitost na radnom mestu', 'razlicitost-na-radnom-mestu'],
    ['Đorđe i Šćepan: žene u lokalnoj upravi', 'djordje-i-scepan-zene-u-lokalnoj-upravi'],
    ['Увод у тему', 'увод-у-тему'],
    ['Мајка и дете: й stays й', 'мајка-и-дете-й-stays-й'],
    ['Straße & Ærø', 'strasse-aero'],
    ['  What is "inclusion"?  ', 'what-is-inclusion'],
    ['Step 2 — 2024', 'step-2-2024'],
    ['!!!', 'section'],
  ])('%s → %s', (text, slug) => {
    expect(slugify(text)).toBe(slug)
  })
})
