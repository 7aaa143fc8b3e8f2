import { describe, expect } from 'vitest'
import { it } from '../../server/src/testing/app.ts'

interface Operation {
  responses?: Record<string, unknown>
  summary?: string
}

describe('OpenAPI document', () => {
  it('documents every API route with a summary and response schemas', async ({ app }) => {
    const response = await app.inject({ method: 'GET', url: '/api/docs/json' })
    expect(response.statusCode).toBe(200)
    const spec = response.json() as {
      openapi: string
      paths: Record<string, Record<string, Operation>>
      components: { schemas: object }
    }
    expect(spec.openapi).toBe('3.0.3')
    expect(Object.keys(spec.components.schemas)).toContain('Problem')

    const apiPaths = Object.keys(spec.paths).filter((path) => path.startsWith('/api/v1/'))
    expect(apiPaths.length).toBeGreaterThanOrEqual(2)
    for (const path of apiPaths) {
      for (const [method, operation] of Object.entries(spec.paths[path]!)) {
        expect.soft(operation.summary, `${method} ${path} summary`).toBeTruthy()
        const statuses = Object.keys(operation.responses ?? {})
        expect
          .soft(
            statuses.some((status) => /^2\d\d$/.test(status)),
            `${method} ${path} documents its success (${statuses})`,
          )
          .toBe(true)
      }
    }
  })

  it('serves the interactive documentation page', async ({ app }) => {
    const response = await app.inject({ method: 'GET', url: '/api/docs/' })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toMatch(/^text\/html/)
  })
})
