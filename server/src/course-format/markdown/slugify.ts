// Latin letters that Unicode does not decompose into a base letter plus a mark.
const latinLetters: Record<string, string> = {
  đ: 'dj',
  ð: 'd',
  ł: 'l',
  ø: 'o',
  ı: 'i',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  þ: 'th',
}

/**
 * Heading ids that stay readable: Latin diacritics are folded ("Različitost" → "razlicitost"),
 * Cyrillic and other scripts are kept as they are, lowercased.
 */
export function slugify(text: string): string {
  const slug = text
    .toLowerCase()
    .normalize('NFD')
    // Only marks on Latin letters go: Cyrillic й or Devanagari vowel signs must survive.
    .replace(/(\p{Script=Latin})\p{M}+/gu, '$1')
    .normalize('NFC')
    .replace(/[đðłøıæœßþ]/g, (letter) => latinLetters[letter] ?? letter)
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
  return slug || 'section'
}
