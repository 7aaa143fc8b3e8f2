import { latinToCyrillic } from '../course-format/transliterate.ts'

/**
 * A column header or a value word of an export, in English and Serbian (Latin). Serbian Cyrillic
 * is made from the Latin; the other UI languages get English until they have their own words.
 */
export interface Label {
  en: string
  'sr-Latn': string
}

export function labelIn(label: Label, language: string | undefined): string {
  if (language === 'sr-Latn') return label['sr-Latn']
  if (language === 'sr-Cyrl') return latinToCyrillic(label['sr-Latn'])
  return label.en
}
