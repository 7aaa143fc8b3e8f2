// Pure: Serbian (Vuk) and Macedonian Cyrillic read in Latin letters, for comparing what people type
// or search in either script (the other direction, for generated sr-Cyrl, is transliterate.ts).

// Serbian (Vuk) and Macedonian Cyrillic in the Latin letters each language writes them with;
// Macedonian ѓ ќ ѕ as gj kj dz, as Macedonian Latin usually spells them.
const lower: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  ђ: 'đ',
  ѓ: 'gj',
  е: 'e',
  ж: 'ž',
  з: 'z',
  ѕ: 'dz',
  и: 'i',
  ј: 'j',
  к: 'k',
  л: 'l',
  љ: 'lj',
  м: 'm',
  н: 'n',
  њ: 'nj',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  ћ: 'ć',
  ќ: 'kj',
  у: 'u',
  ф: 'f',
  х: 'h',
  ц: 'c',
  ч: 'č',
  џ: 'dž',
  ш: 'š',
}
const cyrillic: Record<string, string> = { ...lower }
for (const [letter, latin] of Object.entries(lower)) {
  cyrillic[letter.toUpperCase()] = latin[0]!.toUpperCase() + latin.slice(1)
}

/** The text with each Serbian or Macedonian Cyrillic letter in Latin (diacritics kept: ж → ž). */
export function cyrillicToLatin(text: string): string {
  let out = ''
  for (const char of text) out += cyrillic[char] ?? char
  return out
}
