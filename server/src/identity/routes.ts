import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { publicOrigin } from '../config.ts'
import { actorOf, requireRole } from '../http/auth.ts'
import { contextOf, publicContextOf } from '../http/context.ts'
import { ProblemSchema } from '../http/problem.ts'
import { authRateLimit } from '../http/rate-limit.ts'
import { TokenParams } from '../http/schemas.ts'
import { resolvePasswordResetRequests } from './links.ts'
import { exportPersonalData, type PersonalDataHolder } from './personal-data.ts'
import {
  ChangePasswordBody,
  EmailBody,
  LoginBody,
  RegisterBody,
  RegistrationStatusSchema,
  ResetConfirmBody,
  SessionSchema,
  SetupBody,
  SetupLinkSchema,
  TokenBody,
  UpdateMeBody,
  UserSchema,
} from './schemas.ts'
import * as identity from './service.ts'
import {
  clearRefreshCookie,
  familyOf,
  refreshCookieName,
  rotateSession,
  sendSession,
} from './sessions.ts'

const problems = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  410: ProblemSchema,
  429: ProblemSchema,
}
const NoContent = Type.Null({ description: 'no content' })

export const identityRoutes: FastifyPluginAsyncTypebox<{
  personalData: readonly PersonalDataHolder[]
}> = async (app, { personalData }) => {
  const settings: identity.IdentitySettings = {
    sign: (claims) => app.jwt.sign(claims),
    origin: publicOrigin(app.config),
    selfRegistration: app.config.SELF_REGISTRATION,
  }
  const signedIn = { onRequest: requireRole(), schema: { security: [{ bearerAuth: [] }] } }
  // Reset requests are answered at once and resolved by the outbox worker (links.ts).
  app.outbox.queueFrom(() => resolvePasswordResetRequests(app.db, settings))

  app.post(
    '/auth/login',
    {
      config: { rateLimit: authRateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with e-mail and password',
        body: LoginBody,
        response: { 200: SessionSchema, ...problems },
      },
    },
    async (request, reply) =>
      sendSession(
        request,
        reply,
        await identity.login(publicContextOf(request), settings, {
          ...request.body,
          refreshToken: request.cookies[refreshCookieName],
        }),
      ),
  )

  app.post(
    '/auth/refresh',
    {
      schema: {
        tags: ['auth'],
        summary: 'Trade the refresh cookie for a new session (the cookie rotates)',
        response: { 200: SessionSchema, 401: ProblemSchema },
      },
    },
    async (request, reply) => {
      try {
        return sendSession(
          request,
          reply,
          await rotateSession(
            app.db,
            (claims) => app.jwt.sign(claims),
            request.cookies[refreshCookieName],
            request.ip,
          ),
        )
      } catch (error) {
        clearRefreshCookie(request, reply)
        throw error
      }
    },
  )

  app.post(
    '/auth/logout',
    {
      schema: { tags: ['auth'], summary: 'End this session', response: { 204: NoContent } },
    },
    async (request, reply) => {
      await identity.signOut(publicContextOf(request), request.cookies[refreshCookieName])
      clearRefreshCookie(request, reply)
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/auth/logout-everywhere',
    {
      ...signedIn,
      schema: {
        ...signedIn.schema,
        tags: ['auth'],
        summary: 'End every session of the signed-in user',
        response: { 204: NoContent, 401: ProblemSchema },
      },
    },
    async (request, reply) => {
      await identity.signOutEverywhere(contextOf(request))
      clearRefreshCookie(request, reply)
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/auth/password-reset',
    {
      config: { rateLimit: authRateLimit },
      schema: {
        tags: ['auth'],
        summary: 'E-mail a password reset link (answers 202 whether or not the address is known)',
        body: EmailBody,
        response: { 202: NoContent, 400: ProblemSchema, 429: ProblemSchema },
      },
    },
    async (request, reply) => {
      await identity.requestPasswordReset(publicContextOf(request), request.body.email)
      return reply.code(202).send(null)
    },
  )

  app.post(
    '/auth/password-reset/confirm',
    {
      config: { rateLimit: authRateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Set a new password with a reset link',
        body: ResetConfirmBody,
        response: { 204: NoContent, ...problems },
      },
    },
    async (request, reply) => {
      await identity.confirmPasswordReset(
        publicContextOf(request),
        request.body.token,
        request.body.password,
      )
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/auth/registration',
    {
      schema: {
        tags: ['auth'],
        summary: 'Whether learners may create their own account',
        response: { 200: RegistrationStatusSchema },
      },
    },
    async () => ({ enabled: app.config.SELF_REGISTRATION }),
  )

  app.post(
    '/auth/register',
    {
      config: { rateLimit: authRateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Create a learner account (when enabled); a confirmation link is e-mailed',
        body: RegisterBody,
        response: { 202: NoContent, ...problems },
      },
    },
    async (request, reply) => {
      await identity.register(publicContextOf(request), settings, request.body)
      return reply.code(202).send(null)
    },
  )

  app.post(
    '/auth/verify-email',
    {
      config: { rateLimit: authRateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Confirm the e-mail address of a new account and sign in',
        body: TokenBody,
        response: { 200: SessionSchema, ...problems },
      },
    },
    async (request, reply) =>
      sendSession(
        request,
        reply,
        await identity.verifyEmail(publicContextOf(request), settings, request.body.token),
      ),
  )

  app.get(
    '/setup/:token',
    {
      schema: {
        tags: ['auth'],
        summary: 'Check a first-start setup link',
        params: TokenParams,
        response: {
          200: SetupLinkSchema,
          400: ProblemSchema,
          404: ProblemSchema,
        },
      },
    },
    async (request) => {
      await identity.checkSetupToken(app.db, request.params.token)
      return { valid: true }
    },
  )

  app.post(
    '/setup/:token',
    {
      config: { rateLimit: authRateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Create the first administrator',
        params: TokenParams,
        body: SetupBody,
        response: { 201: SessionSchema, ...problems },
      },
    },
    async (request, reply) =>
      sendSession(
        request,
        reply,
        await identity.completeSetup(
          publicContextOf(request),
          settings,
          request.params.token,
          request.body,
        ),
        201,
      ),
  )

  app.get(
    '/me',
    {
      ...signedIn,
      schema: {
        ...signedIn.schema,
        tags: ['me'],
        summary: 'The signed-in user',
        response: { 200: UserSchema, 401: ProblemSchema },
      },
    },
    (request) => identity.getMe(app.db, actorOf(request)),
  )

  app.patch(
    '/me',
    {
      ...signedIn,
      schema: {
        ...signedIn.schema,
        tags: ['me'],
        summary: 'Change name, language, time zone or position',
        body: UpdateMeBody,
        response: { 200: UserSchema, 400: ProblemSchema, 401: ProblemSchema },
      },
    },
    (request) => identity.updateMe(app.db, actorOf(request), request.body),
  )

  app.put(
    '/me/password',
    {
      ...signedIn,
      config: { rateLimit: authRateLimit },
      schema: {
        ...signedIn.schema,
        tags: ['me'],
        summary: 'Change the password (other sessions end)',
        body: ChangePasswordBody,
        response: { 204: NoContent, 400: ProblemSchema, 401: ProblemSchema, 429: ProblemSchema },
      },
    },
    async (request, reply) => {
      const keep = await familyOf(app.db, request.cookies[refreshCookieName])
      await identity.changePassword(
        contextOf(request),
        request.body.currentPassword,
        request.body.newPassword,
        keep,
      )
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/me/data',
    {
      ...signedIn,
      schema: {
        ...signedIn.schema,
        tags: ['me'],
        summary: 'Download everything stored about the signed-in user (JSON)',
        response: { 200: Type.Object({}, { additionalProperties: true }), 401: ProblemSchema },
      },
    },
    async (request, reply) => {
      const data = await exportPersonalData(contextOf(request), personalData)
      return reply
        .header('content-disposition', 'attachment; filename="agora-my-data.json"')
        .send(data)
    },
  )
}
