import { describe, expect, it } from 'vitest'
import { Lru } from './lru.ts'

describe('Lru', () => {
  it('forgets the entry used longest ago once full, and a read counts as a use', () => {
    const lru = new Lru<number>(2)
    lru.set('a', 1)
    lru.set('b', 2)
    expect(lru.get('a')).toBe(1)
    lru.set('c', 3)
    expect([lru.get('a'), lru.get('b'), lru.get('c')]).toEqual([1, undefined, 3])
  })

  it('replaces a value without growing, and deletes', () => {
    const lru = new Lru<string>(2)
    lru.set('a', 'one')
    lru.set('a', 'uno')
    lru.set('b', 'two')
    expect([lru.get('a'), lru.get('b')]).toEqual(['uno', 'two'])
    lru.delete('a')
    expect(lru.get('a')).toBeUndefined()
  })
})
