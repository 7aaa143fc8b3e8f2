import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { requireRole } from '../http/auth.ts'
import { contextOf } from '../http/context.ts'
import { ProblemSchema } from '../http/problem.ts'
import {
  CertificateListSchema,
  CertificatePageSchema,
  CertificateSchema,
  CertificateVerificationSchema,
  CodeParams,
  CredentialDownloadSchema,
  CredentialQuery,
  CredentialVerificationBody,
  CredentialVerificationSchema,
  ListCertificatesQuery,
  ReissueBody,
  RevocationBody,
  StatusListParams,
} from './schemas.ts'
import {
  type CertificateSettings,
  getCertificate,
  listMyCertificates,
  listStaffCertificates,
  reissueCertificate,
  revokeCertificate,
  statusListCredential,
  verifyCertificate,
  verifyCredential,
} from './service.ts'
import { credentialOf } from './credential.ts'

const security = [{ bearerAuth: [] }]
const tags = ['certificates']
const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema }
const perAddress = (max: number) => ({ rateLimit: { max, timeWindow: 60_000 } })

/** Certificates: the learner's, staff's list, revocation and re-issue, public verification (issue 15). */
export const certificateRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const now = () => app.clock.now()
  const settings = (): CertificateSettings => ({
    platformIssuer: app.config.CERTIFICATE_ISSUER_NAME,
    credentials: app.credentialSettings,
  })

  app.get(
    '/me/certificates',
    {
      onRequest: requireRole(),
      schema: {
        tags,
        summary:
          'My certificates, newest first, with the links to the PDF, the credential and the verification page',
        security,
        response: { 200: CertificateListSchema, 401: ProblemSchema },
      },
    },
    async (request) => ({ items: await listMyCertificates(contextOf(request)) }),
  )

  app.get(
    '/certificates',
    {
      onRequest: requireRole('coordinator', 'admin'),
      schema: {
        tags,
        summary:
          "Certificates for staff, newest first: admins every one (or one association's), coordinators their association's; q matches the code or the name",
        security,
        querystring: ListCertificatesQuery,
        response: {
          200: CertificatePageSchema,
          400: ProblemSchema,
          401: ProblemSchema,
          403: ProblemSchema,
        },
      },
    },
    (request) => listStaffCertificates(contextOf(request), request.query),
  )

  app.get(
    '/certificates/:code',
    {
      onRequest: requireRole(),
      schema: {
        tags,
        summary:
          "A certificate for its holder, admins and the issuing association's coordinators (404 for anyone else)",
        security,
        params: CodeParams,
        response: { 200: CertificateSchema, ...errors },
      },
    },
    (request) => getCertificate(contextOf(request), request.params.code),
  )

  app.get(
    '/certificates/:code/credential',
    {
      onRequest: requireRole(),
      schema: {
        tags,
        summary:
          'The certificate as a signed Open Badges 3.0 credential: {jwt, credential} as a JSON download, or ?format=jwt the VC-JWT (application/vc+jwt)',
        security,
        params: CodeParams,
        querystring: CredentialQuery,
        produces: ['application/json', 'application/vc+jwt'],
        response: {
          200: Type.Union([CredentialDownloadSchema, Type.String({ description: 'the VC-JWT' })]),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const { code, jwt, credential } = await credentialOf(contextOf(request), request.params.code)
      reply.header('cache-control', 'private, no-store')
      if (request.query.format === 'jwt') {
        reply.header('content-disposition', `attachment; filename="agora-credential-${code}.jwt"`)
        return reply.type('application/vc+jwt').send(jwt)
      }
      reply.header('content-disposition', `attachment; filename="agora-credential-${code}.json"`)
      return reply.type('application/json; charset=utf-8').send(JSON.stringify({ jwt, credential }))
    },
  )

  app.post(
    '/certificates/:code/revocation',
    {
      onRequest: requireRole(),
      schema: {
        tags,
        summary:
          "Revoke a certificate with a reason (admins, the issuing association's coordinators; audited); 409 when it is revoked already",
        security,
        params: CodeParams,
        body: RevocationBody,
        response: { 200: CertificateSchema, ...errors, 409: ProblemSchema },
      },
    },
    (request) => revokeCertificate(contextOf(request), request.params.code, request.body, now()),
  )

  app.post(
    '/certificates/:code/reissue',
    {
      onRequest: requireRole(),
      schema: {
        tags,
        summary:
          'Re-issue a valid certificate under a corrected name (admins, the issuing coordinators; audited): a new code, the old one revoked as replaced and pointing to it',
        security,
        params: CodeParams,
        body: ReissueBody,
        response: { 201: CertificateSchema, ...errors, 409: ProblemSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await reissueCertificate(
            contextOf(request),
            request.params.code,
            request.body,
            now(),
            settings(),
          ),
        ),
  )

  app.get(
    '/certificates/:code/verification',
    {
      config: perAddress(60),
      schema: {
        tags,
        summary:
          'Public verification of a code: valid, revoked (date, reason) or replaced (the new code), with name, course, date, issuer and hours only',
        params: CodeParams,
        response: {
          200: CertificateVerificationSchema,
          400: ProblemSchema,
          404: ProblemSchema,
          429: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store')
      return verifyCertificate(app.db, request.params.code)
    },
  )

  app.get(
    '/credentials/status/:list',
    {
      schema: {
        tags,
        summary:
          'The Bitstring Status List credential (revocation) of list :list, as a VC-JWT; certificate i is bit i mod 131,072 of list i ÷ 131,072',
        params: StatusListParams,
        produces: ['application/vc+jwt'],
        response: {
          200: Type.String({ description: 'a BitstringStatusListCredential as VC-JWT' }),
          400: ProblemSchema,
          404: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const jwt = await statusListCredential(app.db, app.credentialSettings, request.params.list)
      reply.headers({ 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' })
      return reply.type('application/vc+jwt').send(jwt)
    },
  )

  app.post(
    '/credential-verifications',
    {
      config: perAddress(30),
      bodyLimit: 128 * 1024,
      schema: {
        tags,
        summary:
          "Verify an uploaded credential (a VC-JWT or this API's JSON download): signature, issuer, expiry and revocation",
        body: CredentialVerificationBody,
        response: {
          200: CredentialVerificationSchema,
          400: ProblemSchema,
          413: ProblemSchema,
          429: ProblemSchema,
        },
      },
    },
    (request) => verifyCredential(app.db, app.credentialSettings, request.body.credential, now()),
  )
}
