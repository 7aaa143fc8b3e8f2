import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { publicOrigin } from '../config.ts'
import { requireRole } from '../http/auth.ts'
import { contextOf } from '../http/context.ts'
import { registerTableExport } from '../http/exports.ts'
import { ProblemSchema } from '../http/problem.ts'
import { IdempotencyHeaders } from '../http/schemas.ts'
import {
  ApplicationBody,
  ApplicationSchema,
  CallParams,
  CandidateParams,
  DecisionsBody,
  DecisionsResultSchema,
  DeclineBody,
  DeclineResultSchema,
  ListApplicationsQuery,
  MyApplicationPageSchema,
  ProposalSchema,
  RankingSchema,
  SubmissionBody,
} from './schemas.ts'
import {
  declinePlace,
  decide,
  exportApplications,
  getMyApplication,
  listMyApplications,
  proposeSelection,
  rankApplications,
  saveDraft,
  submitApplication,
  withdrawApplication,
} from './service.ts'

const security = [{ bearerAuth: [] }]
const tags = ['applications']
const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema }
// Anyone signed in may apply; an account is what makes an application someone's.
const applicants = requireRole()
// Coordinators of the call's association and admins select; the cluster's trainers may read.
const selectors = requireRole('admin', 'coordinator')
const readers = requireRole('admin', 'coordinator', 'trainer')

export const applicationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const origin = publicOrigin(app.config)
  const at = (request: Parameters<typeof contextOf>[0]) => ({
    ...contextOf(request),
    now: app.clock.now(),
    origin,
  })

  app.get(
    '/calls/:callId/application',
    {
      onRequest: applicants,
      schema: {
        tags,
        summary: 'My application to this call (404 when I have none)',
        security,
        params: CallParams,
        response: { 200: ApplicationSchema, ...errors },
      },
    },
    (request) => getMyApplication(at(request), request.params.callId),
  )

  app.put(
    '/calls/:callId/application',
    {
      onRequest: applicants,
      schema: {
        tags,
        summary:
          'Save my application as a draft (may be incomplete), or change a submitted one (must stay complete); until the deadline',
        security,
        params: CallParams,
        body: ApplicationBody,
        response: { 200: ApplicationSchema, ...errors, 409: ProblemSchema },
      },
    },
    (request) => saveDraft(at(request), request.params.callId, request.body),
  )

  app.post(
    '/calls/:callId/application/submission',
    {
      onRequest: applicants,
      // An empty POST submits the saved draft.
      preValidation: async (request) => {
        request.body ??= {}
      },
      schema: {
        tags,
        summary:
          'Submit my application (the saved draft, or the whole application in the body); Idempotency-Key: a replay returns the first answer',
        security,
        params: CallParams,
        headers: IdempotencyHeaders,
        body: SubmissionBody,
        response: { 200: ApplicationSchema, ...errors, 409: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request, reply) => {
      const outcome = await submitApplication(
        at(request),
        request.params.callId,
        request.body,
        request.headers['idempotency-key'],
      )
      if (outcome.replayed) reply.header('idempotent-replayed', 'true')
      return reply.code(outcome.status).send(outcome.body)
    },
  )

  app.post(
    '/calls/:callId/application/withdrawal',
    {
      onRequest: applicants,
      schema: {
        tags,
        summary:
          'Withdraw my application; places its candidates held go to the wait-list, best-ranked first',
        security,
        params: CallParams,
        response: { 200: ApplicationSchema, ...errors, 409: ProblemSchema },
      },
    },
    (request) => withdrawApplication(at(request), request.params.callId),
  )

  app.get(
    '/me/applications',
    {
      onRequest: applicants,
      schema: {
        tags,
        summary: 'My applications, and the applications that put me forward as a candidate',
        security,
        querystring: ListApplicationsQuery,
        response: { 200: MyApplicationPageSchema, 400: ProblemSchema, 401: ProblemSchema },
      },
    },
    (request) => listMyApplications(at(request), request.query),
  )

  app.get(
    '/calls/:callId/applications',
    {
      onRequest: readers,
      schema: {
        tags,
        summary:
          "The candidates of submitted applications, ranked by the call's criteria with the score per criterion and failed eligibility rules; declared answers only for the association's coordinators",
        security,
        params: CallParams,
        querystring: ListApplicationsQuery,
        response: { 200: RankingSchema, ...errors },
      },
    },
    (request) => rankApplications(at(request), request.params.callId, request.query),
  )

  registerTableExport<{ callId: string }>(app, {
    url: '/calls/:callId/exports/applications',
    onRequest: readers,
    tags,
    summary:
      "A call's candidates, ranked: place, position, eligibility, score and points per criterion, decision (never the declared answers)",
    params: CallParams,
    load: (request, lang) => exportApplications(contextOf(request), request.params.callId, lang),
  })

  app.get(
    '/calls/:callId/proposal',
    {
      onRequest: selectors,
      schema: {
        tags,
        summary:
          'A proposed selection for the remaining places under the limits and balance targets, and how it differs from pure ranking',
        security,
        params: CallParams,
        response: { 200: ProposalSchema, ...errors },
      },
    },
    (request) => proposeSelection(at(request), request.params.callId),
  )

  app.post(
    '/calls/:callId/decisions',
    {
      onRequest: selectors,
      schema: {
        tags,
        summary:
          'Accept, reject or wait-list candidates (a reason for reject and wait-list), all or nothing; each audited and e-mailed; never more accepted than places',
        security,
        params: CallParams,
        body: DecisionsBody,
        response: { 200: DecisionsResultSchema, ...errors, 409: ProblemSchema },
      },
    },
    (request) => decide(at(request), request.params.callId, request.body.decisions),
  )

  app.post(
    '/application-candidates/:id/decline',
    {
      onRequest: applicants,
      preValidation: async (request) => {
        request.body ??= {}
      },
      schema: {
        tags,
        summary:
          'The accepted candidate gives the place back; the best-ranked wait-listed candidate is accepted instead',
        security,
        params: CandidateParams,
        body: DeclineBody,
        response: { 200: DeclineResultSchema, ...errors, 409: ProblemSchema },
      },
    },
    (request) => declinePlace(at(request), request.params.id, request.body.reason),
  )
}
