import { AjvCompiler, type ValidatorFactory } from '@fastify/ajv-compiler'
import type { FastifySchemaCompiler, FastifyServerOptions } from 'fastify'
import { isLineText, isUserText, lineTextFormat, userTextFormat } from './schemas.ts'

const ajvOptions = {
  // Unknown fields are refused, not stripped (house style), and every bad field is reported.
  removeAdditional: false,
  allErrors: true,
  useDefaults: true,
  formats: { [userTextFormat]: isUserText, [lineTextFormat]: isLineText },
}

// What Fastify calls at runtime: the package's types describe Ajv's compile, not the route compiler
// that the pool really returns ({ schema, method, url, httpPart } in, validator out).
type BuildValidator = (
  externalSchemas: Record<string, unknown>,
  options: { customOptions?: Record<string, unknown> },
) => FastifySchemaCompiler<unknown>

/**
 * Two Ajv instances: path, query and headers arrive as text and are coerced to the schema's
 * numbers and booleans; a JSON body is never coerced, so `{"name": 123}` is a 400, not "123".
 */
export function validationOptions(): Pick<FastifyServerOptions, 'ajv' | 'schemaController'> {
  const fromPool = AjvCompiler() as unknown as BuildValidator
  const buildValidator: BuildValidator = (externalSchemas, options) => {
    const coercing = fromPool(externalSchemas, options)
    const exact = fromPool(externalSchemas, {
      ...options,
      customOptions: { ...options.customOptions, coerceTypes: false },
    })
    return (route) => (route.httpPart === 'body' ? exact : coercing)(route)
  }
  return {
    ajv: { customOptions: { ...ajvOptions, coerceTypes: 'array' } },
    schemaController: {
      compilersFactory: { buildValidator: buildValidator as unknown as ValidatorFactory },
    },
  }
}
