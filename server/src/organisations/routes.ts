import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { requireRole } from '../http/auth.ts'
import { contextOf } from '../http/context.ts'
import { PageSchema } from '../http/pagination.ts'
import { ProblemSchema } from '../http/problem.ts'
import { CsvImportBody, DryRunQuery, UuidSchema } from '../http/schemas.ts'
import {
  AssociationSchema,
  CountrySchema,
  CreateMunicipalityBody,
  ImportReportSchema,
  ListMunicipalitiesQuery,
  MunicipalitySchema,
} from './schemas.ts'
import {
  createMunicipality,
  importMunicipalities,
  listAssociations,
  listCountries,
  listMunicipalities,
  mergeMunicipality,
} from './service.ts'

const adminOnly = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema }
const security = [{ bearerAuth: [] }]

export const organisationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/countries',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Countries',
        response: { 200: Type.Array(CountrySchema) },
      },
    },
    async () =>
      (await listCountries(app.db)).map((country) => ({ ...country, code: country.code.trim() })),
  )

  app.get(
    '/associations',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Local-government associations',
        response: { 200: Type.Array(AssociationSchema) },
      },
    },
    async () =>
      (await listAssociations(app.db)).map((a) => ({
        ...a,
        countryCode: a.countryCode?.trim() ?? null,
      })),
  )

  app.get(
    '/municipalities',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Municipalities, by country, association or name',
        querystring: ListMunicipalitiesQuery,
        response: { 200: PageSchema(MunicipalitySchema), 400: ProblemSchema },
      },
    },
    (request) => listMunicipalities(app.db, request.query),
  )

  app.post(
    '/municipalities',
    {
      onRequest: requireRole('admin'),
      schema: {
        tags: ['organisations'],
        summary: 'Add a municipality',
        security,
        body: CreateMunicipalityBody,
        response: { 201: MunicipalitySchema, ...adminOnly, 409: ProblemSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createMunicipality(contextOf(request), request.body)),
  )

  app.post(
    '/municipalities/:id/merge',
    {
      onRequest: requireRole('admin'),
      schema: {
        tags: ['organisations'],
        summary: 'Merge a duplicate municipality into another',
        security,
        params: Type.Object({ id: UuidSchema }),
        body: Type.Object({ intoId: UuidSchema }, { additionalProperties: false }),
        response: { 200: MunicipalitySchema, ...adminOnly, 404: ProblemSchema },
      },
    },
    (request) => mergeMunicipality(contextOf(request), request.params.id, request.body.intoId),
  )

  app.post(
    '/municipalities/import',
    {
      onRequest: requireRole('admin'),
      schema: {
        tags: ['organisations'],
        summary:
          'Import municipalities from CSV (country,association,code,name,alt_names); dry run by default',
        security,
        querystring: DryRunQuery,
        body: CsvImportBody,
        response: { 200: ImportReportSchema, ...adminOnly },
      },
    },
    (request) => importMunicipalities(contextOf(request), request.body.csv, request.query.dryRun),
  )
}
