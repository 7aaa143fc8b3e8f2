import cookie from '@fastify/cookie'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { type Config, publicOrigin } from './config.ts'
import { applicationRoutes } from './applications/routes.ts'
import { attendanceRoutes } from './attendance/routes.ts'
import { attendancePersonalData } from './attendance/service.ts'
import { applicationPersonalData } from './applications/service.ts'
import { callRoutes } from './calls/routes.ts'
import { clusterRoutes } from './clusters/routes.ts'
import { certificatePdfRoutes } from './certificates/pdf-routes.ts'
import { certificateRoutes } from './certificates/routes.ts'
import {
  type CertificateSettings,
  certificateIssueTask,
  certificatePersonalData,
  certificatesOfEnrolments,
  issueOnCompletion,
} from './certificates/service.ts'
import { credentialRoutes, issuerKeyRoutes } from './credentials/routes.ts'
import {
  checkSigningKeyAtStart,
  type CredentialSettings,
  credentialSettings,
} from './credentials/service.ts'
import { clusterPersonalData } from './clusters/service.ts'
import { courseRoutes } from './courses/routes.ts'
import { createDb, type Db, type DbHandle, dbTargetFromConfig } from './db/create-db.ts'
import { auditRoutes } from './audit/routes.ts'
import { moduleRoutes } from './courses/module-routes.ts'
import { modulePreviewRoutes } from './courses/preview-routes.ts'
import { studioRoutes } from './courses/studio-routes.ts'
import { courseTrainerRoutes } from './courses/trainers.ts'
import { ProgressionBus } from './enrolments/bus.ts'
import { enrolmentRoutes } from './enrolments/routes.ts'
import { enrolmentPersonalData } from './enrolments/service.ts'
import { healthRoutes } from './health/routes.ts'
import { Scheduler } from './housekeeping/scheduler.ts'
import { purgeTasks } from './housekeeping/tasks.ts'
import { registerAuth } from './http/auth.ts'
import { type Clock, systemClock } from './http/clock.ts'
import { lazyChildLogger } from './http/request-logger.ts'
import { registerSecurityHeaders } from './http/security-headers.ts'
import { registerRateLimit } from './http/rate-limit.ts'
import { identityRoutes } from './identity/routes.ts'
import { sessionEpochsOf } from './identity/service.ts'
import { userRoutes } from './identity/users-routes.ts'
import { invitationRoutes } from './invitations/routes.ts'
import { createMailTransport, type MailTransport } from './mail/transport.ts'
import { OutboxWorker } from './mail/worker.ts'
import { organisationRoutes } from './organisations/routes.ts'
import { practiceRoutes } from './practices/routes.ts'
import { practicePersonalData } from './practices/service.ts'
import { quizRoutes } from './quizzes/routes.ts'
import { quizPersonalData } from './quizzes/service.ts'
import { reportRoutes } from './reports/routes.ts'
import { reminderPersonalData } from './reports/service.ts'
import { surveyRoutes } from './surveys/routes.ts'
import { webinarRoutes } from './webinars/routes.ts'
import { webinarPersonalData, webinarReminderTask } from './webinars/service.ts'
import { setStatementOrigin, XapiForwarder, xapiPersonalData } from './xapi/service.ts'
import {
  clientErrorHandler,
  notFoundProblem,
  refuseWhileClosing,
  registerErrorHandler,
} from './http/error-handler.ts'
import { ProblemSchema } from './http/problem.ts'
import { registerJsonBody } from './http/json-body.ts'
import { docsContentSecurityPolicy, registerOpenApiConventions } from './http/openapi.ts'
import { validationOptions } from './http/validation.ts'
import { mountWeb } from './web/mount.ts'

declare module 'fastify' {
  interface FastifyInstance {
    db: Db
    config: Config
    /** The public origin and the key that opens the credential signing keys (CREDENTIAL_KEY). */
    credentialSettings: CredentialSettings
    outbox: OutboxWorker
    scheduler: Scheduler
    progressionBus: ProgressionBus
    /** Forwards xAPI statements to the LRS; only when XAPI_LRS_URL is set. */
    xapiForwarder: XapiForwarder | null
    clock: Clock
  }
}

export interface BuildOptions {
  /** An open database; the app owns it from here and closes it on close(). Default: from config. */
  database?: DbHandle
  /** Serve the SvelteKit pages (needs `npm run build`); API-only when false. */
  web?: boolean
  /** Replaces the configured mail transport (tests). */
  mailTransport?: MailTransport
  /** The clock deadlines are read against (tests set one). Default: the system's. */
  clock?: Clock
}

/** Fastify's options: bodies are never coerced, unknown fields are refused, every field error is named. */
export function serverOptions(config: Config): FastifyServerOptions {
  return {
    logger: { level: config.LOG_LEVEL },
    childLoggerFactory: lazyChildLogger,
    // X-Forwarded-* count only from the proxies listed (docker-compose: Caddy's address): the
    // client is the nearest address in X-Forwarded-For that none of them added.
    trustProxy: config.TRUST_PROXY.length > 0 ? [...config.TRUST_PROXY] : false,
    genReqId: () => crypto.randomUUID(),
    bodyLimit: 1024 * 1024,
    ...validationOptions(),
    // Every error is problem+json: the parser's own (431, 408) and those sent while closing (503).
    clientErrorHandler,
    return503OnClosing: false,
  }
}

export async function buildApp(
  config: Config,
  options: BuildOptions = {},
): Promise<FastifyInstance> {
  if (!config.JWT_SECRET) throw new Error('buildApp needs config.JWT_SECRET')
  const database = options.database ?? (await createDb(dbTargetFromConfig(config)))

  const app = Fastify(serverOptions(config)).withTypeProvider<TypeBoxTypeProvider>()

  app.decorate('db', database.db)
  app.decorate('config', config)
  app.decorate('clock', options.clock ?? systemClock)
  app.addHook('onClose', () => database.close())
  // The credential signing key: created at the first start, and opened at every start, so that a
  // wrong CREDENTIAL_KEY stops the server here instead of failing at the first certificate.
  app.decorate('credentialSettings', credentialSettings(config))
  app.addHook('onReady', () =>
    checkSigningKeyAtStart(database.db, app.credentialSettings, app.clock.now(), app.log),
  )

  const outbox = new OutboxWorker(
    database.db,
    options.mailTransport ??
      createMailTransport({
        smtpUrl: config.SMTP_URL,
        from: config.MAIL_FROM,
        dataDir: config.AGORA_DATA_DIR,
        log: app.log,
      }),
    app.log,
  )
  app.decorate('outbox', outbox)
  app.decorate('progressionBus', new ProgressionBus(app.log))
  app.addHook('onReady', async () => outbox.start(config.OUTBOX_POLL_MS))
  app.addHook('onClose', () => outbox.stop())
  const calendar = { origin: publicOrigin(config), mailFrom: config.MAIL_FROM }
  // Certificates: issued by the bus listener as an enrolment completes, and by a sweep every
  // minute for any completion the listener missed (exactly once either way; see ARCHITECTURE).
  const certificates: CertificateSettings = {
    platformIssuer: config.CERTIFICATE_ISSUER_NAME,
    credentials: app.credentialSettings,
  }
  app.progressionBus.subscribe(
    issueOnCompletion(database.db, app.progressionBus, app.clock, certificates),
  )
  const tasks = [
    ...purgeTasks,
    webinarReminderTask(calendar, app.clock),
    certificateIssueTask(app.progressionBus, app.clock, certificates),
  ]
  const scheduler = new Scheduler(database.db, tasks, app.log)
  app.decorate('scheduler', scheduler)
  app.addHook('onReady', async () => scheduler.start(config.SCHEDULER_POLL_MS))
  app.addHook('onClose', () => scheduler.stop())
  setStatementOrigin(publicOrigin(config))
  const xapiForwarder = config.XAPI_LRS_URL
    ? new XapiForwarder(
        database.db,
        {
          url: config.XAPI_LRS_URL,
          username: config.XAPI_LRS_USERNAME,
          password: config.XAPI_LRS_PASSWORD,
        },
        app.clock,
        app.log,
      )
    : null
  app.decorate('xapiForwarder', xapiForwarder)
  if (xapiForwarder) {
    app.addHook('onReady', async () => xapiForwarder.start(config.OUTBOX_POLL_MS))
    app.addHook('onClose', () => xapiForwarder.stop())
  }

  registerErrorHandler(app)
  refuseWhileClosing(app)
  registerJsonBody(app)
  app.addSchema(ProblemSchema)
  // The pages set their own CSP through SvelteKit (hashes for its inline scripts); headers such as
  // X-Content-Type-Options, Referrer-Policy and frame-ancestors come from helmet for everything.
  // Referrer-Policy same-origin, not helmet's no-referrer: with no-referrer Chromium sends
  // "Origin: null" on form posts, and SvelteKit refuses them as cross-site (forms without JS break).
  registerSecurityHeaders(app, {
    contentSecurityPolicy: false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'same-origin' },
  })
  await app.register(cookie)
  await registerRateLimit(app, database.db)
  registerOpenApiConventions(app)
  await app.register(swagger, {
    // Shared schemas keep their $id as the component name (#/components/schemas/Problem).
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`),
    },
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Agora API',
        version: '1',
        description: 'Learning platform for local-government human-rights training',
      },
      servers: [{ url: '/', description: 'this Agora installation' }],
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
    },
  })
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: docsContentSecurityPolicy(),
  })
  await registerAuth(app, config.JWT_SECRET, (userIds) => sessionEpochsOf(database.db, userIds))

  await app.register(
    async (api) => {
      await api.register(healthRoutes, { dbKind: database.kind })
      await api.register(courseRoutes)
      await api.register(courseTrainerRoutes)
      await api.register(modulePreviewRoutes)
      await api.register(studioRoutes)
      await api.register(moduleRoutes)
      await api.register(enrolmentRoutes, { certificatesOf: certificatesOfEnrolments })
      await api.register(quizRoutes)
      // What each feature keeps about a person, for the data export and erasure.
      const personalData = [
        enrolmentPersonalData,
        quizPersonalData,
        reminderPersonalData,
        clusterPersonalData,
        applicationPersonalData,
        practicePersonalData,
        webinarPersonalData,
        attendancePersonalData,
        certificatePersonalData,
        xapiPersonalData,
      ]
      await api.register(identityRoutes, { personalData })
      await api.register(userRoutes, { personalData })
      await api.register(invitationRoutes)
      await api.register(organisationRoutes)
      await api.register(auditRoutes)
      await api.register(clusterRoutes)
      await api.register(reportRoutes)
      await api.register(callRoutes)
      await api.register(applicationRoutes)
      await api.register(webinarRoutes)
      await api.register(attendanceRoutes)
      await api.register(practiceRoutes)
      await api.register(surveyRoutes)
      await api.register(certificateRoutes)
      await api.register(certificatePdfRoutes)
      await api.register(credentialRoutes)
    },
    { prefix: '/api/v1' },
  )

  await app.register(issuerKeyRoutes)

  if (options.web) await mountWeb(app, config)
  else app.setNotFoundHandler(notFoundProblem)

  return app
}
