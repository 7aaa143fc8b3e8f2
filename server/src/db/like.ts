/** An ILIKE pattern that finds `text` anywhere, with LIKE's own characters taken literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`
}
