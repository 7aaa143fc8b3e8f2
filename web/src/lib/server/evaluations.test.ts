import { describe, expect, it } from 'vitest'
import { clusterEvaluationsCsvQuery } from './evaluations'

const version = '5b3f4c1e-2a7d-4c1b-9f3e-1d2c3b4a5e6f'
const query = (search: string) => clusterEvaluationsCsvQuery(new URLSearchParams(search))

describe("a cluster's evaluation CSV address", () => {
  it('passes a course, and a version of it, on to the API', () => {
    expect(query('course=civic-basics')).toBe('course=civic-basics')
    expect(query(`course=civic-basics&version=${version}`)).toBe(
      `course=civic-basics&version=${version}`,
    )
  })

  it('refuses what the page never links to', () => {
    expect(query('')).toBeNull()
    expect(query('course=Civic%20Basics')).toBeNull()
    expect(query('course=civic-basics&version=')).toBeNull()
    expect(query('course=civic-basics&version=v1')).toBeNull()
    expect(query(`course=civic-basics&version=${version}%26x%3D1`)).toBeNull()
  })
})
