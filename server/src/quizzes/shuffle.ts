/** mulberry32: a small seeded generator; the order only needs to be stable per seed, not secret. */
function generator(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A Fisher–Yates shuffle of a copy, the same for the same seed. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = generator(seed)
  const copy = [...items]
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1))
    ;[copy[index], copy[other]] = [copy[other]!, copy[index]!]
  }
  return copy
}

/** A seed for one question of an attempt, so each question's choices get their own order. */
export function questionSeed(seed: number, questionIndex: number): number {
  return (seed ^ Math.imul(questionIndex + 1, 0x9e3779b1)) >>> 0
}
