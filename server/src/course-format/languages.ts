// Pure: the web reads these through the contract (@agora/server/contract).

/** The UI and content languages of the region; sr-Cyrl is generated from sr-Latn, never stored. */
export const supportedLanguages = [
  'en',
  'sr-Latn',
  'sr-Cyrl',
  'bs',
  'hr',
  'cnr',
  'mk',
  'sq',
  'sv',
] as const
export type SupportedLanguage = (typeof supportedLanguages)[number]

/** Languages made from another one when a course is imported: sr-Cyrl is transliterated sr-Latn. */
export const generatedLanguages: Record<string, string> = { 'sr-Cyrl': 'sr-Latn' }
