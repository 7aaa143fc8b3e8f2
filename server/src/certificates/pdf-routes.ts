import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { publicOrigin } from '../config.ts'
import { actorOf, requireRole } from '../http/auth.ts'
import { contextOf } from '../http/context.ts'
import { Problem, ProblemSchema } from '../http/problem.ts'
import { renderCertificatePdf } from './pdf.ts'
import { CodeParams } from './schemas.ts'
import { certificateDocument, mayManage } from './service.ts'

// A render takes tens of milliseconds of CPU; 20 a minute per person (not per address: an office
// may share one) is more than anyone downloading their own or an association's certificates needs.
const pdfRateLimit = {
  max: 20,
  timeWindow: 60_000,
  hook: 'preHandler' as const,
  keyGenerator: (request: FastifyRequest) => `certificate-pdf:${actorOf(request).id}`,
}

/**
 * The certificate as a PDF (issue 15) for its holder, admins and the issuing association's
 * coordinators; 404 for anyone else, as for an unknown code. A revoked or replaced certificate's
 * PDF is still made, stamped as such in the learner's language across its top and in red: the
 * holder and the association keep their record, the page cannot pass for a valid one, and its QR
 * code leads to the verification page, which is the truth.
 */
export const certificatePdfRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/certificates/:code/certificate.pdf',
    {
      onRequest: requireRole(),
      config: { rateLimit: pdfRateLimit },
      schema: {
        tags: ['certificates'],
        summary:
          "The certificate as a PDF (A4 landscape, the learner's language, a QR code of the verification page) for its holder, admins and the issuing association's coordinators",
        security: [{ bearerAuth: [] }],
        params: CodeParams,
        produces: ['application/pdf'],
        response: {
          200: {
            description: 'PDF file, sent as an attachment',
            content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
          },
          400: ProblemSchema,
          401: ProblemSchema,
          404: ProblemSchema,
          429: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request)
      const found = await certificateDocument(ctx.db, request.params.code, publicOrigin(app.config))
      if (!found || (found.userId !== ctx.actor.id && !mayManage(ctx.actor, found)))
        throw Problem.notFound('No such certificate.')
      const pdf = await renderCertificatePdf(found)
      return sendPdf(reply, `agora-certificate-${found.code}.pdf`, pdf)
    },
  )
}

/** The file as an attachment that no cache keeps (it names a person). */
function sendPdf(reply: FastifyReply, fileName: string, pdf: Buffer): FastifyReply {
  return reply
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .header('cache-control', 'private, no-store')
    .type('application/pdf')
    .send(pdf)
}
