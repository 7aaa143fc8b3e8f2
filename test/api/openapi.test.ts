import { describe, expect } from 'vitest'
import { it } from '../../server/src/testing/app.ts'

interface Operation {
  operationId?: string
  requestBody?: unknown
  responses?: Record<
    string,
    { description?: string; content?: Record<string, { schema?: unknown }> }
  >
  security?: unknown[]
  summary?: string
}

const problemRef = { $ref: '#/components/schemas/Problem' }

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
    expect(Object.keys(spec.components.schemas)).toEqual(['Problem'])

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

  it('describes every error as problem+json with the one Problem component, and names each operation', async ({
    app,
  }) => {
    const spec = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json() as {
      paths: Record<string, Record<string, Operation>>
      components: { schemas: { Problem: { properties: Record<string, unknown> } } }
    }
    expect(spec.components.schemas.Problem.properties.errors).toMatchObject({
      items: {
        properties: { pointer: {}, reason: { enum: expect.arrayContaining(['required']) } },
      },
    })
    const operationIds = new Set<string>()
    let errorResponses = 0
    for (const [path, operations] of Object.entries(spec.paths)) {
      if (!path.startsWith('/api/v1/')) continue
      for (const [method, operation] of Object.entries(operations)) {
        const name = `${method} ${path}`
        expect.soft(operation.operationId, `${name} operationId`).toMatch(/^[a-z]+[A-Za-z0-9]+$/)
        expect.soft(operationIds.has(operation.operationId!), `${name} unique id`).toBe(false)
        operationIds.add(operation.operationId!)
        expect.soft(operation.security, `${name} states its security`).toBeInstanceOf(Array)
        const responses = operation.responses ?? {}
        for (const [status, response] of Object.entries(responses)) {
          // The readiness probe answers 503 with its report (status, database, migrations).
          if (Number(status) < 400 || name === 'get /api/v1/health') continue
          errorResponses++
          expect.soft(response.content, `${name} ${status}`).toEqual({
            'application/problem+json': { schema: problemRef },
          })
          expect.soft(response.description, `${name} ${status}`).not.toBe('Default Response')
        }
        if (operation.requestBody) {
          expect
            .soft(Object.keys(responses), `${name} body errors`)
            .toEqual(expect.arrayContaining(['400', '413', '415']))
        }
        if (operation.security?.length) {
          expect.soft(Object.keys(responses), `${name} 401`).toContain('401')
        }
      }
    }
    expect(errorResponses).toBeGreaterThan(100)
    // Public operations say so; signed-in ones name the bearer token.
    expect(spec.paths['/api/v1/courses']!.get!.security).toEqual([])
    expect(spec.paths['/api/v1/auth/login']!.post!.security).toEqual([])
    expect(spec.paths['/api/v1/me']!.get!.security).toEqual([{ bearerAuth: [] }])
    expect(spec.paths['/api/v1/courses/{slug}/versions/{from}/diff/{to}']!.get!.operationId).toBe(
      'getCoursesBySlugVersionsByFromDiffByTo',
    )
  })

  it('serves the interactive documentation page', async ({ app }) => {
    const response = await app.inject({ method: 'GET', url: '/api/docs/' })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toMatch(/^text\/html/)
  })
})
