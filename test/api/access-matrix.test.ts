import { randomUUID } from 'node:crypto'
import type { Server } from 'node:http'
import type { FastifyInstance } from 'fastify'
import request from 'supertest'
import { describe, expect } from 'vitest'
import { it as base } from '../../server/src/testing/app.ts'
import { replaceRoles } from '../../server/src/identity/queries.ts'
import {
  associationId,
  bearer,
  createUser,
  currentTokenFor,
  municipalityId,
  type TestUser,
  tokenFor,
} from '../../server/src/testing/factories.ts'
import { issuedCertificate } from '../../server/src/testing/certificates.ts'
import { importCivicBasics } from '../../server/src/testing/learning.ts'

/**
 * Every API route, called as each kind of caller: the guard's decision must match the entry here.
 * The list of routes comes from the OpenAPI document, so a new route without an entry fails.
 */
/**
 * `owner` is the learner a per-user resource (an enrolment, an attempt) belongs to; on other routes
 * it is one more learner. `learner` is another learner of the same association. `trainer` teaches
 * no course, `courseTrainer` teaches civic-basics (the course of every enrolment here). Coordinators
 * are of the owner's association (skgo) and of another one (zels).
 */
type Caller =
  | 'anonymous'
  | 'owner'
  | 'learner'
  | 'trainer'
  | 'courseTrainer'
  | 'coordinator'
  | 'otherCoordinator'
  | 'admin'
/** 404: the route pretends someone else's resource does not exist (counted only where an entry `hides`). */
type Decision = 'allow' | 401 | 403 | 404
type Access = Record<Caller, Decision>

const callers: Caller[] = [
  'anonymous',
  'owner',
  'learner',
  'trainer',
  'courseTrainer',
  'coordinator',
  'otherCoordinator',
  'admin',
]
const everyone: Access = {
  anonymous: 'allow',
  owner: 'allow',
  learner: 'allow',
  trainer: 'allow',
  courseTrainer: 'allow',
  coordinator: 'allow',
  otherCoordinator: 'allow',
  admin: 'allow',
}
const signedIn: Access = { ...everyone, anonymous: 401 }
const nobody: Access = {
  anonymous: 401,
  owner: 401,
  learner: 401,
  trainer: 401,
  courseTrainer: 401,
  coordinator: 401,
  otherCoordinator: 401,
  admin: 401,
}
const staff: Access = {
  anonymous: 401,
  owner: 403,
  learner: 403,
  trainer: 403,
  courseTrainer: 403,
  coordinator: 'allow',
  otherCoordinator: 'allow',
  admin: 'allow',
}
/** Staff, but the resource belongs to the first coordinator's association. */
const ownAssociation: Access = { ...staff, otherCoordinator: 403 }
const adminOnly: Access = {
  anonymous: 401,
  owner: 403,
  learner: 403,
  trainer: 403,
  courseTrainer: 403,
  coordinator: 403,
  otherCoordinator: 403,
  admin: 'allow',
}
const teaching: Access = { ...adminOnly, trainer: 'allow', courseTrainer: 'allow' }
/**
 * Someone's enrolment: its learner, trainers of its course, coordinators of the learner's
 * association and admins see it; to anyone else it does not exist (404, so ids reveal nothing).
 */
const enrolmentViewers: Access = {
  anonymous: 401,
  owner: 'allow',
  learner: 404,
  trainer: 404,
  courseTrainer: 'allow',
  coordinator: 'allow',
  otherCoordinator: 404,
  admin: 'allow',
}
/** Seen by the enrolment's viewers, but only its learner may do it. */
const learnerActs: Access = {
  ...enrolmentViewers,
  courseTrainer: 403,
  coordinator: 403,
  admin: 403,
}
/** Quiz attempts are the learner's alone: everyone else gets 404 (trainers review them through the list). */
const ownerOnly: Access = {
  anonymous: 401,
  owner: 'allow',
  learner: 404,
  trainer: 404,
  courseTrainer: 404,
  coordinator: 404,
  otherCoordinator: 404,
  admin: 404,
}

/**
 * A learning cluster of skgo (the first coordinator's association) that the course trainer trains:
 * its coordinators and admins manage it, its trainers read it; to another association's
 * coordinator and other trainers it does not exist.
 */
const clusterReaders: Access = {
  anonymous: 401,
  owner: 403,
  learner: 403,
  trainer: 404,
  courseTrainer: 'allow',
  coordinator: 'allow',
  otherCoordinator: 404,
  admin: 'allow',
}
const clusterManagers: Access = { ...clusterReaders, trainer: 403, courseTrainer: 403 }
/**
 * A good practice outside a course, not yet approved: its author and its moderators (admins and
 * any trainer) see it; to anyone else it does not exist.
 */
const practiceModerators: Access = {
  anonymous: 404,
  owner: 'allow',
  learner: 404,
  trainer: 'allow',
  courseTrainer: 'allow',
  coordinator: 404,
  otherCoordinator: 404,
  admin: 'allow',
}
/** Staff of a session of an skgo cluster trained by the course trainer (see webinarOf). */
const webinarStaff: Access = {
  anonymous: 401,
  owner: 403,
  learner: 403,
  trainer: 403,
  courseTrainer: 'allow',
  coordinator: 'allow',
  otherCoordinator: 403,
  admin: 'allow',
}
/** A session read by its staff and its registered learner (the owner); to anyone else it does not exist. */
const webinarReaders: Access = {
  ...webinarStaff,
  owner: 'allow',
  learner: 404,
  trainer: 404,
  otherCoordinator: 404,
}

/** A certificate of an skgo learner issued by an skgo cluster (see certificateCall). */
const certificateViewers: Access = {
  anonymous: 401,
  owner: 'allow',
  learner: 404,
  trainer: 404,
  courseTrainer: 404,
  coordinator: 'allow',
  otherCoordinator: 404,
  admin: 'allow',
}
/** Revoked and re-issued by the issuing association's coordinators and admins; its holder may only read it. */
const certificateManagers: Access = { ...certificateViewers, owner: 403 }

interface Fixtures {
  app: FastifyInstance
  skgoMunicipality: string
  /** A new learner of skgo, enrolled in civic-basics; `read` marks module 1 read, `attempt` also starts its quiz. */
  enrolment(
    stage?: 'enrolled' | 'read' | 'attempt',
  ): Promise<{ owner: TestUser; enrolmentId: string; attemptId: string | null }>
  /** A new draft cluster of skgo trained by the course trainer, with one learner of skgo as member. */
  cluster(): Promise<{ clusterId: string; member: TestUser }>
  /** The course trainer, who trains every cluster here. */
  clusterTrainerId: string
  /** A learner of skgo who is in no cluster. */
  learnerOfSkgo(): Promise<TestUser>
}
interface Call {
  url: string
  payload?: object
  /** Whose resource the call is about: the `owner` caller calls as them. */
  owner?: TestUser
}

const token = () => 'T'.repeat(43)
/** Several entries may test one route with different bodies: `METHOD /path · what`. */
const routeOf = (entry: string) => entry.split(' · ')[0]!
const enrolmentCall = async (
  fx: Fixtures,
  stage: 'enrolled' | 'read' | 'attempt',
  path: (ids: { enrolmentId: string; attemptId: string | null }) => string,
  payload?: object,
): Promise<Call> => {
  const { owner, ...ids } = await fx.enrolment(stage)
  return { url: path(ids), owner, ...(payload ? { payload } : {}) }
}
const matrix: Record<
  string,
  { access: Access; hides?: true; call: (fx: Fixtures) => Promise<Call> | Call }
> = {
  'GET /api/v1/health': { access: everyone, call: () => ({ url: '/api/v1/health' }) },
  'GET /api/v1/courses': { access: everyone, call: () => ({ url: '/api/v1/courses' }) },
  'GET /api/v1/courses/{slug}': {
    access: everyone,
    call: () => ({ url: '/api/v1/courses/civic-basics' }),
  },
  'GET /api/v1/courses/{slug}/trainers': {
    access: teaching,
    call: () => ({ url: '/api/v1/courses/no-such-course/trainers' }),
  },
  // A real course: a trainer who does not teach it is refused, its own trainer is not.
  'GET /api/v1/courses/{slug}/enrolments': {
    access: { ...teaching, trainer: 403 },
    call: () => ({ url: '/api/v1/courses/civic-basics/enrolments' }),
  },
  'PUT /api/v1/courses/{slug}/trainers/{userId}': {
    access: adminOnly,
    call: () => ({ url: `/api/v1/courses/no-such-course/trainers/${randomUUID()}` }),
  },
  'DELETE /api/v1/courses/{slug}/trainers/{userId}': {
    access: adminOnly,
    call: () => ({ url: `/api/v1/courses/no-such-course/trainers/${randomUUID()}` }),
  },
  'POST /api/v1/module-previews': {
    access: teaching,
    call: () => ({ url: '/api/v1/module-previews', payload: { markdown: '# Hi' } }),
  },
  'GET /api/v1/courses/{slug}/drafts/{language}/{step}': {
    access: teaching,
    call: () => ({ url: '/api/v1/courses/no-such-course/drafts/en/01-introduction' }),
  },
  'PUT /api/v1/courses/{slug}/drafts/{language}/{step}': {
    access: teaching,
    call: () => ({
      url: '/api/v1/courses/no-such-course/drafts/en/01-introduction',
      payload: { markdown: '#', baseRevision: 0 },
    }),
  },
  'GET /api/v1/courses/{slug}/versions': {
    access: teaching,
    call: () => ({ url: '/api/v1/courses/no-such-course/versions' }),
  },
  'POST /api/v1/courses/{slug}/versions': {
    access: teaching,
    call: () => ({
      url: '/api/v1/courses/no-such-course/versions',
      payload: { changeSummary: 'x' },
    }),
  },
  'GET /api/v1/courses/{slug}/versions/{from}/diff/{to}': {
    access: teaching,
    call: () => ({ url: '/api/v1/courses/no-such-course/versions/1/diff/2' }),
  },
  'GET /api/v1/courses/{slug}/draft.zip': {
    access: teaching,
    call: () => ({ url: '/api/v1/courses/no-such-course/draft.zip' }),
  },
  'GET /api/v1/courses/{slug}/modules/{step}': {
    access: { ...teaching, trainer: 403 },
    call: () => ({ url: '/api/v1/courses/civic-basics/modules/01-rights' }),
  },
  'POST /api/v1/auth/login': {
    access: everyone,
    call: () => ({
      url: '/api/v1/auth/login',
      payload: { email: 'x@example.org', password: 'nothing' },
    }),
  },
  // The refresh cookie is the credential here, and the matrix sends none.
  'POST /api/v1/auth/refresh': { access: nobody, call: () => ({ url: '/api/v1/auth/refresh' }) },
  'POST /api/v1/auth/logout': { access: everyone, call: () => ({ url: '/api/v1/auth/logout' }) },
  'POST /api/v1/auth/logout-everywhere': {
    access: signedIn,
    call: () => ({ url: '/api/v1/auth/logout-everywhere' }),
  },
  'POST /api/v1/auth/password-reset': {
    access: everyone,
    call: () => ({ url: '/api/v1/auth/password-reset', payload: { email: 'x@example.org' } }),
  },
  'POST /api/v1/auth/password-reset/confirm': {
    access: everyone,
    call: () => ({
      url: '/api/v1/auth/password-reset/confirm',
      payload: { token: token(), password: 'a long passphrase' },
    }),
  },
  'GET /api/v1/auth/registration': {
    access: everyone,
    call: () => ({ url: '/api/v1/auth/registration' }),
  },
  'POST /api/v1/auth/register': {
    access: everyone,
    call: () => ({
      url: '/api/v1/auth/register',
      payload: { email: 'x@example.org', name: 'X', password: 'a long passphrase' },
    }),
  },
  'POST /api/v1/auth/verify-email': {
    access: everyone,
    call: () => ({ url: '/api/v1/auth/verify-email', payload: { token: token() } }),
  },
  'GET /api/v1/setup/{token}': {
    access: everyone,
    call: () => ({ url: `/api/v1/setup/${token()}` }),
  },
  'POST /api/v1/setup/{token}': {
    access: everyone,
    call: () => ({
      url: `/api/v1/setup/${token()}`,
      payload: { email: 'x@example.org', name: 'X', password: 'a long passphrase' },
    }),
  },
  'GET /api/v1/me': { access: signedIn, call: () => ({ url: '/api/v1/me' }) },
  'PATCH /api/v1/me': {
    access: signedIn,
    call: () => ({ url: '/api/v1/me', payload: { timeZone: 'Europe/Skopje' } }),
  },
  'PUT /api/v1/me/password': {
    access: signedIn,
    call: () => ({
      url: '/api/v1/me/password',
      payload: { currentPassword: 'wrong one', newPassword: 'a long passphrase' },
    }),
  },
  'GET /api/v1/me/data': { access: signedIn, call: () => ({ url: '/api/v1/me/data' }) },
  'GET /api/v1/users': { access: staff, call: () => ({ url: '/api/v1/users' }) },
  'GET /api/v1/users/{id}': {
    access: ownAssociation,
    call: async ({ app }) => ({
      url: `/api/v1/users/${(await createUser(app, { association: 'skgo' })).id}`,
    }),
  },
  'PUT /api/v1/users/{id}/roles': {
    access: adminOnly,
    call: async ({ app }) => ({
      url: `/api/v1/users/${(await createUser(app, { association: 'skgo' })).id}/roles`,
      payload: { roles: ['learner'] },
    }),
  },
  'DELETE /api/v1/users/{id}/personal-data': {
    access: adminOnly,
    call: async ({ app }) => ({
      url: `/api/v1/users/${(await createUser(app, { association: 'skgo' })).id}/personal-data`,
    }),
  },
  'POST /api/v1/invitations': {
    access: ownAssociation,
    call: ({ skgoMunicipality }) => ({
      url: '/api/v1/invitations',
      payload: {
        email: `${randomUUID()}@example.org`,
        name: 'New Learner',
        roles: ['learner'],
        municipalityId: skgoMunicipality,
      },
    }),
  },
  'POST /api/v1/invitations/bulk': {
    access: staff,
    call: () => ({
      url: '/api/v1/invitations/bulk',
      payload: { csv: 'email,name,roles\nx@example.org,X Y,learner\n' },
    }),
  },
  'GET /api/v1/invitations': { access: staff, call: () => ({ url: '/api/v1/invitations' }) },
  'GET /api/v1/invitations/{token}': {
    access: everyone,
    call: () => ({ url: `/api/v1/invitations/${token()}` }),
  },
  'POST /api/v1/invitations/{token}/accept': {
    access: everyone,
    call: () => ({
      url: `/api/v1/invitations/${token()}/accept`,
      payload: { password: 'a long passphrase' },
    }),
  },
  'GET /api/v1/countries': { access: everyone, call: () => ({ url: '/api/v1/countries' }) },
  'GET /api/v1/associations': { access: everyone, call: () => ({ url: '/api/v1/associations' }) },
  'GET /api/v1/municipalities': {
    access: everyone,
    call: () => ({ url: '/api/v1/municipalities' }),
  },
  'POST /api/v1/municipalities': {
    access: adminOnly,
    call: () => ({
      url: '/api/v1/municipalities',
      payload: { countryCode: 'SE', name: `Test ${randomUUID()}` },
    }),
  },
  'POST /api/v1/municipalities/{id}/merge': {
    access: adminOnly,
    call: () => ({
      url: `/api/v1/municipalities/${randomUUID()}/merge`,
      payload: { intoId: randomUUID() },
    }),
  },
  'POST /api/v1/municipalities/import': {
    access: adminOnly,
    call: () => ({
      url: '/api/v1/municipalities/import',
      payload: { csv: 'country,association,code,name,alt_names\nSE,,,Nyby,\n' },
    }),
  },
  'GET /api/v1/audit-events': { access: adminOnly, call: () => ({ url: '/api/v1/audit-events' }) },
  'POST /api/v1/enrolments': {
    access: signedIn,
    call: () => ({ url: '/api/v1/enrolments', payload: { courseSlug: 'civic-basics' } }),
  },
  'GET /api/v1/enrolments': { access: signedIn, call: () => ({ url: '/api/v1/enrolments' }) },
  'GET /api/v1/enrolments/{id}': {
    access: enrolmentViewers,
    hides: true,
    call: (fx) =>
      enrolmentCall(fx, 'enrolled', ({ enrolmentId }) => `/api/v1/enrolments/${enrolmentId}`),
  },
  'PATCH /api/v1/enrolments/{id}': {
    access: { ...learnerActs, admin: 'allow' },
    hides: true,
    call: (fx) =>
      enrolmentCall(fx, 'enrolled', ({ enrolmentId }) => `/api/v1/enrolments/${enrolmentId}`, {
        language: 'sr-Latn',
      }),
  },
  'POST /api/v1/enrolments/{id}/withdrawal': {
    // The learner, or a coordinator or admin for them; not a trainer.
    access: { ...enrolmentViewers, courseTrainer: 403 },
    hides: true,
    call: (fx) =>
      enrolmentCall(
        fx,
        'enrolled',
        ({ enrolmentId }) => `/api/v1/enrolments/${enrolmentId}/withdrawal`,
        { reason: 'Access matrix' },
      ),
  },
  'POST /api/v1/enrolments/{id}/events': {
    access: learnerActs,
    hides: true,
    call: (fx) =>
      enrolmentCall(
        fx,
        'enrolled',
        ({ enrolmentId }) => `/api/v1/enrolments/${enrolmentId}/events`,
        { type: 'module.read', step: '01-rights', expectedVersion: 0 },
      ),
  },
  'POST /api/v1/enrolments/{id}/events · attempt.granted': {
    // Trainer events: the course's trainers and admins; never the learner themself.
    access: { ...enrolmentViewers, owner: 403, coordinator: 403 },
    hides: true,
    call: (fx) =>
      enrolmentCall(
        fx,
        'enrolled',
        ({ enrolmentId }) => `/api/v1/enrolments/${enrolmentId}/events`,
        {
          type: 'attempt.granted',
          step: '01-rights',
          expectedVersion: 0,
          reason: 'Access matrix',
        },
      ),
  },
  'GET /api/v1/enrolments/{id}/events': {
    access: enrolmentViewers,
    hides: true,
    call: (fx) =>
      enrolmentCall(
        fx,
        'enrolled',
        ({ enrolmentId }) => `/api/v1/enrolments/${enrolmentId}/events`,
      ),
  },
  'PUT /api/v1/enrolments/{id}/reading-positions/{step}': {
    access: learnerActs,
    hides: true,
    call: (fx) =>
      enrolmentCall(
        fx,
        'enrolled',
        ({ enrolmentId }) => `/api/v1/enrolments/${enrolmentId}/reading-positions/01-rights`,
        { anchor: 'the-declaration' },
      ),
  },
  'GET /api/v1/enrolments/{id}/steps/{step}': {
    access: enrolmentViewers,
    hides: true,
    call: (fx) =>
      enrolmentCall(
        fx,
        'enrolled',
        ({ enrolmentId }) => `/api/v1/enrolments/${enrolmentId}/steps/01-rights`,
      ),
  },
  'POST /api/v1/enrolments/{id}/attempts': {
    access: ownerOnly,
    hides: true,
    call: (fx) =>
      enrolmentCall(fx, 'read', ({ enrolmentId }) => `/api/v1/enrolments/${enrolmentId}/attempts`, {
        step: '01-rights',
      }),
  },
  'GET /api/v1/enrolments/{id}/attempts': {
    access: enrolmentViewers,
    hides: true,
    call: (fx) =>
      enrolmentCall(
        fx,
        'attempt',
        ({ enrolmentId }) => `/api/v1/enrolments/${enrolmentId}/attempts`,
      ),
  },
  'GET /api/v1/attempts/{id}': {
    access: ownerOnly,
    hides: true,
    call: (fx) => enrolmentCall(fx, 'attempt', ({ attemptId }) => `/api/v1/attempts/${attemptId}`),
  },
  'PUT /api/v1/attempts/{id}/answers': {
    access: ownerOnly,
    hides: true,
    call: (fx) =>
      enrolmentCall(fx, 'attempt', ({ attemptId }) => `/api/v1/attempts/${attemptId}/answers`, {
        answers: { '0': { number: 1948 } },
      }),
  },
  'POST /api/v1/attempts/{id}/submit': {
    access: ownerOnly,
    hides: true,
    call: (fx) =>
      enrolmentCall(fx, 'attempt', ({ attemptId }) => `/api/v1/attempts/${attemptId}/submit`, {
        answers: { '0': { number: 1948 } },
      }),
  },
  'POST /api/v1/learning-clusters/{id}/calls': {
    access: clusterManagers,
    hides: true,
    call: async (fx) => ({
      url: `/api/v1/learning-clusters/${(await fx.cluster()).clusterId}/calls`,
      payload: { title: 'Access matrix' },
    }),
  },
  'GET /api/v1/learning-clusters/{id}/calls': {
    access: clusterManagers,
    hides: true,
    call: async (fx) => ({
      url: `/api/v1/learning-clusters/${(await fx.cluster()).clusterId}/calls`,
    }),
  },
  'GET /api/v1/calls': { access: everyone, call: () => ({ url: '/api/v1/calls' }) },
  'GET /api/v1/calls/feed': { access: everyone, call: () => ({ url: '/api/v1/calls/feed' }) },
  'GET /api/v1/calls/embed': {
    access: everyone,
    call: () => ({ url: '/api/v1/calls/embed?association=skgo' }),
  },
  // A draft exists only for those who manage its cluster (its trainers included, it is hidden).
  'GET /api/v1/calls/{callId} · a draft': {
    access: {
      anonymous: 404,
      owner: 404,
      learner: 404,
      trainer: 404,
      courseTrainer: 404,
      coordinator: 'allow',
      otherCoordinator: 404,
      admin: 'allow',
    },
    hides: true,
    call: async (fx) => ({ url: `/api/v1/calls/${(await callOf(fx, 'draft')).callId}` }),
  },
  'GET /api/v1/calls/{callId} · an open call': {
    access: everyone,
    hides: true,
    call: async (fx) => ({ url: `/api/v1/calls/${(await callOf(fx, 'open')).callId}` }),
  },
  'PATCH /api/v1/calls/{callId}': {
    access: clusterManagers,
    hides: true,
    call: async (fx) => ({
      url: `/api/v1/calls/${(await callOf(fx, 'draft')).callId}`,
      payload: { title: 'Renamed' },
    }),
  },
  'PUT /api/v1/calls/{callId}/status': {
    access: clusterManagers,
    hides: true,
    call: async (fx) => ({
      url: `/api/v1/calls/${(await callOf(fx, 'open')).callId}/status`,
      payload: { status: 'closed' },
    }),
  },
  'DELETE /api/v1/calls/{callId}': {
    access: clusterManagers,
    hides: true,
    call: async (fx) => ({ url: `/api/v1/calls/${(await callOf(fx, 'draft')).callId}` }),
  },
  'POST /api/v1/learning-clusters': {
    // A coordinator's cluster is always their association's; an admin names one.
    access: staff,
    call: () => ({
      url: '/api/v1/learning-clusters',
      payload: {
        name: 'Access matrix',
        startsOn: '2027-01-01',
        endsOn: '2027-02-01',
        capacity: 10,
        courses: [{ courseSlug: 'civic-basics', languages: ['en'] }],
      },
    }),
  },
  'GET /api/v1/learning-clusters': {
    access: { ...staff, trainer: 'allow', courseTrainer: 'allow' },
    call: () => ({ url: '/api/v1/learning-clusters' }),
  },
  'GET /api/v1/learning-clusters/{id}': {
    access: clusterReaders,
    hides: true,
    call: async (fx) => ({ url: `/api/v1/learning-clusters/${(await fx.cluster()).clusterId}` }),
  },
  'PATCH /api/v1/learning-clusters/{id}': {
    access: clusterManagers,
    hides: true,
    call: async (fx) => ({
      url: `/api/v1/learning-clusters/${(await fx.cluster()).clusterId}`,
      payload: { capacity: 20 },
    }),
  },
  'PUT /api/v1/learning-clusters/{id}/status': {
    access: clusterManagers,
    hides: true,
    call: async (fx) => ({
      url: `/api/v1/learning-clusters/${(await fx.cluster()).clusterId}/status`,
      payload: { status: 'call-open' },
    }),
  },
  'GET /api/v1/learning-clusters/{id}/members': {
    access: clusterReaders,
    hides: true,
    call: async (fx) => ({
      url: `/api/v1/learning-clusters/${(await fx.cluster()).clusterId}/members`,
    }),
  },
  'GET /api/v1/learning-clusters/{id}/exports/members.csv': {
    access: clusterReaders,
    hides: true,
    call: async (fx) => ({
      url: `/api/v1/learning-clusters/${(await fx.cluster()).clusterId}/exports/members.csv`,
    }),
  },
  'GET /api/v1/learning-clusters/{id}/exports/members.xlsx': {
    access: clusterReaders,
    hides: true,
    call: async (fx) => ({
      url: `/api/v1/learning-clusters/${(await fx.cluster()).clusterId}/exports/members.xlsx`,
    }),
  },
  'POST /api/v1/learning-clusters/{id}/members': {
    access: clusterManagers,
    hides: true,
    call: async (fx) => ({
      url: `/api/v1/learning-clusters/${(await fx.cluster()).clusterId}/members`,
      payload: { userIds: [(await fx.learnerOfSkgo()).id] },
    }),
  },
  'POST /api/v1/learning-clusters/{id}/members/import': {
    access: clusterManagers,
    hides: true,
    call: async (fx) => ({
      url: `/api/v1/learning-clusters/${(await fx.cluster()).clusterId}/members/import`,
      payload: { csv: `email\n${(await fx.learnerOfSkgo()).email}\n` },
    }),
  },
  'POST /api/v1/learning-clusters/{id}/members/{userId}/withdrawal': {
    access: clusterManagers,
    hides: true,
    call: async (fx) => {
      const { clusterId, member } = await fx.cluster()
      return {
        url: `/api/v1/learning-clusters/${clusterId}/members/${member.id}/withdrawal`,
        payload: { reason: 'Access matrix' },
      }
    },
  },
  'PUT /api/v1/learning-clusters/{id}/trainers/{userId}': {
    access: clusterManagers,
    hides: true,
    call: async (fx) => ({
      url: `/api/v1/learning-clusters/${(await fx.cluster()).clusterId}/trainers/${fx.clusterTrainerId}`,
    }),
  },
  'DELETE /api/v1/learning-clusters/{id}/trainers/{userId}': {
    access: clusterManagers,
    hides: true,
    call: async (fx) => ({
      url: `/api/v1/learning-clusters/${(await fx.cluster()).clusterId}/trainers/${fx.clusterTrainerId}`,
    }),
  },
  'GET /api/v1/learning-clusters/{id}/dashboard': {
    access: clusterReaders,
    hides: true,
    call: async (fx) => ({
      url: `/api/v1/learning-clusters/${(await fx.cluster()).clusterId}/dashboard`,
    }),
  },
  'GET /api/v1/learning-clusters/{id}/exports/progress.csv': {
    access: clusterReaders,
    hides: true,
    call: async (fx) => ({
      url: `/api/v1/learning-clusters/${(await fx.cluster()).clusterId}/exports/progress.csv`,
    }),
  },
  'GET /api/v1/learning-clusters/{id}/exports/progress.xlsx': {
    access: clusterReaders,
    hides: true,
    call: async (fx) => ({
      url: `/api/v1/learning-clusters/${(await fx.cluster()).clusterId}/exports/progress.xlsx`,
    }),
  },
  'POST /api/v1/learning-clusters/{id}/members/{userId}/reminder': {
    access: clusterManagers,
    hides: true,
    call: async (fx) => {
      const { clusterId, member } = await fx.cluster()
      return { url: `/api/v1/learning-clusters/${clusterId}/members/${member.id}/reminder` }
    },
  },
  // Evaluations: a course's reports for its trainers and admins (another trainer 403), a
  // cluster's for its readers. With no responses the CSV answers 409, past the guard.
  'GET /api/v1/courses/{slug}/evaluations': {
    access: { ...teaching, trainer: 403 },
    call: () => ({ url: '/api/v1/courses/civic-basics/evaluations' }),
  },
  'GET /api/v1/courses/{slug}/evaluations/{versionId}': {
    access: { ...teaching, trainer: 403 },
    call: async (fx) => ({
      url: `/api/v1/courses/civic-basics/evaluations/${await civicBasicsVersion(fx)}`,
    }),
  },
  'GET /api/v1/courses/{slug}/evaluations/{versionId}/export.csv': {
    access: { ...teaching, trainer: 403 },
    call: async (fx) => ({
      url: `/api/v1/courses/civic-basics/evaluations/${await civicBasicsVersion(fx)}/export.csv`,
    }),
  },
  'GET /api/v1/learning-clusters/{id}/evaluations': {
    access: clusterReaders,
    hides: true,
    call: async (fx) => ({
      url: `/api/v1/learning-clusters/${(await fx.cluster()).clusterId}/evaluations`,
    }),
  },
  'GET /api/v1/learning-clusters/{id}/evaluations/export.csv': {
    access: clusterReaders,
    hides: true,
    call: async (fx) => ({
      url: `/api/v1/learning-clusters/${(await fx.cluster()).clusterId}/evaluations/export.csv`,
    }),
  },
  'GET /api/v1/reports/overview': {
    // A coordinator's own association (or the region, for a network such as NALAS); admins all.
    access: staff,
    call: () => ({ url: '/api/v1/reports/overview' }),
  },
  // Applications: anyone signed in applies (their own application, so no one else's to find);
  // the ranking, the proposal and decisions are the call's cluster's, as its other routes.
  'GET /api/v1/calls/{callId}/application': {
    access: signedIn,
    call: async (fx) => ({ url: `/api/v1/calls/${(await callOf(fx, 'open')).callId}/application` }),
  },
  'PUT /api/v1/calls/{callId}/application': {
    access: signedIn,
    call: async (fx) => ({
      url: `/api/v1/calls/${(await callOf(fx, 'open')).callId}/application`,
      payload: { candidates: [{}] },
    }),
  },
  'POST /api/v1/calls/{callId}/application/submission': {
    access: signedIn,
    call: async (fx) => ({
      url: `/api/v1/calls/${(await callOf(fx, 'open')).callId}/application/submission`,
      payload: {},
    }),
  },
  'POST /api/v1/calls/{callId}/application/withdrawal': {
    access: signedIn,
    call: async (fx) => ({
      url: `/api/v1/calls/${(await callOf(fx, 'open')).callId}/application/withdrawal`,
    }),
  },
  'GET /api/v1/me/applications': {
    access: signedIn,
    call: () => ({ url: '/api/v1/me/applications' }),
  },
  'GET /api/v1/calls/{callId}/applications': {
    access: clusterReaders,
    hides: true,
    call: async (fx) => ({
      url: `/api/v1/calls/${(await callOf(fx, 'open')).callId}/applications`,
    }),
  },
  'GET /api/v1/calls/{callId}/exports/applications.csv': {
    access: clusterReaders,
    hides: true,
    call: async (fx) => ({
      url: `/api/v1/calls/${(await callOf(fx, 'open')).callId}/exports/applications.csv`,
    }),
  },
  'GET /api/v1/calls/{callId}/exports/applications.xlsx': {
    access: clusterReaders,
    hides: true,
    call: async (fx) => ({
      url: `/api/v1/calls/${(await callOf(fx, 'open')).callId}/exports/applications.xlsx`,
    }),
  },
  'GET /api/v1/calls/{callId}/proposal': {
    access: clusterManagers,
    hides: true,
    call: async (fx) => ({ url: `/api/v1/calls/${(await callOf(fx, 'open')).callId}/proposal` }),
  },
  'POST /api/v1/calls/{callId}/decisions': {
    access: clusterManagers,
    hides: true,
    call: async (fx) => ({
      url: `/api/v1/calls/${(await callOf(fx, 'open')).callId}/decisions`,
      payload: { decisions: [{ candidateId: randomUUID(), decision: 'accepted' }] },
    }),
  },
  // Only the accepted candidate gives their place back; to anyone else it does not exist.
  'POST /api/v1/application-candidates/{id}/decline': {
    access: ownerOnly,
    hides: true,
    call: async (fx) => {
      const { candidateId, owner } = await acceptedCandidateOf(fx)
      return { url: `/api/v1/application-candidates/${candidateId}/decline`, payload: {}, owner }
    },
  },
  // Webinars: a session of civic-basics for a cluster of skgo that the course trainer trains.
  // Staff (admins, the course's or cluster's trainers, skgo's coordinators) manage it; another
  // association's coordinator is refused (403); a learner reads it only when registered or
  // allowed to register, and to everyone else it does not exist.
  'POST /api/v1/courses/{slug}/webinars': {
    access: { ...clusterManagers, trainer: 403, courseTrainer: 'allow', otherCoordinator: 403 },
    call: async (fx) => ({
      url: '/api/v1/courses/civic-basics/webinars',
      payload: {
        step: 'peer-exchange',
        clusterId: (await fx.cluster()).clusterId,
        title: 'Access matrix',
        agenda: '',
        start: '2099-01-01T10:00',
        timeZone: 'Europe/Belgrade',
        durationMinutes: 60,
        joinUrl: 'https://meet.example.org/x',
        capacity: null,
        language: 'en',
      },
    }),
  },
  'GET /api/v1/courses/{slug}/webinars': {
    access: { ...staff, trainer: 'allow', courseTrainer: 'allow' },
    call: () => ({ url: '/api/v1/courses/civic-basics/webinars' }),
  },
  'GET /api/v1/webinars/{id}': {
    access: webinarReaders,
    hides: true,
    call: async (fx) => {
      const { sessionId, owner } = await webinarOf(fx, { registered: true })
      return { url: `/api/v1/webinars/${sessionId}`, owner }
    },
  },
  'PATCH /api/v1/webinars/{id}': {
    access: webinarStaff,
    call: async (fx) => ({
      url: `/api/v1/webinars/${(await webinarOf(fx)).sessionId}`,
      payload: { title: 'Changed' },
    }),
  },
  'POST /api/v1/webinars/{id}/cancellation': {
    access: webinarStaff,
    call: async (fx) => ({
      url: `/api/v1/webinars/${(await webinarOf(fx)).sessionId}/cancellation`,
      payload: { reason: 'Access matrix' },
    }),
  },
  'PUT /api/v1/webinars/{id}/recording': {
    access: webinarStaff,
    call: async (fx) => ({
      url: `/api/v1/webinars/${(await webinarOf(fx)).sessionId}/recording`,
      payload: { url: 'https://video.example.org/1' },
    }),
  },
  'GET /api/v1/webinars/{id}/registrations': {
    access: webinarStaff,
    call: async (fx) => ({
      url: `/api/v1/webinars/${(await webinarOf(fx)).sessionId}/registrations`,
    }),
  },
  'GET /api/v1/webinars/{id}/calendar.ics': {
    access: webinarReaders,
    hides: true,
    call: async (fx) => {
      const { sessionId, owner } = await webinarOf(fx, { registered: true })
      return { url: `/api/v1/webinars/${sessionId}/calendar.ics`, owner }
    },
  },
  'GET /api/v1/enrolments/{id}/webinars': {
    access: ownerOnly,
    hides: true,
    call: (fx) =>
      enrolmentCall(
        fx,
        'enrolled',
        ({ enrolmentId }) => `/api/v1/enrolments/${enrolmentId}/webinars`,
      ),
  },
  'PUT /api/v1/enrolments/{id}/webinar-registration': {
    access: ownerOnly,
    hides: true,
    call: async (fx) => {
      const { sessionId } = await webinarOf(fx, { open: true })
      return enrolmentCall(
        fx,
        'enrolled',
        ({ enrolmentId }) => `/api/v1/enrolments/${enrolmentId}/webinar-registration`,
        { step: 'peer-exchange', sessionId },
      )
    },
  },
  'DELETE /api/v1/enrolments/{id}/webinar-registration': {
    access: ownerOnly,
    hides: true,
    call: async (fx) => {
      const { enrolmentId, owner } = await webinarOf(fx, { open: true, registered: true })
      return {
        url: `/api/v1/enrolments/${enrolmentId}/webinar-registration?step=peer-exchange`,
        owner,
      }
    },
  },
  'GET /api/v1/me/webinars': { access: signedIn, call: () => ({ url: '/api/v1/me/webinars' }) },
  'GET /api/v1/me/calendar-feed': {
    access: signedIn,
    call: () => ({ url: '/api/v1/me/calendar-feed' }),
  },
  'POST /api/v1/me/calendar-feed': {
    access: signedIn,
    call: () => ({ url: '/api/v1/me/calendar-feed' }),
  },
  'DELETE /api/v1/me/calendar-feed': {
    access: signedIn,
    call: () => ({ url: '/api/v1/me/calendar-feed' }),
  },
  // The secret in the address is the credential; an unknown one is 404 for everyone.
  'GET /api/v1/calendar-feeds/{token}.ics': {
    access: everyone,
    call: () => ({ url: `/api/v1/calendar-feeds/${token()}.ics` }),
  },
  // Attendance: the session's staff read and mark the list and read the code (a session in 2099
  // is not markable yet: 409, past the guard); the registered learner checks in (422, closed).
  'GET /api/v1/webinars/{id}/attendance': {
    access: webinarStaff,
    call: async (fx) => ({ url: `/api/v1/webinars/${(await webinarOf(fx)).sessionId}/attendance` }),
  },
  'PUT /api/v1/webinars/{id}/attendance': {
    access: webinarStaff,
    call: async (fx) => ({
      url: `/api/v1/webinars/${(await webinarOf(fx)).sessionId}/attendance`,
      payload: { marks: [{ userId: randomUUID(), status: 'attended' }] },
    }),
  },
  'GET /api/v1/webinars/{id}/check-in-code': {
    access: webinarStaff,
    call: async (fx) => ({
      url: `/api/v1/webinars/${(await webinarOf(fx)).sessionId}/check-in-code`,
    }),
  },
  'POST /api/v1/webinars/{id}/check-in': {
    access: {
      anonymous: 401,
      owner: 'allow',
      learner: 404,
      trainer: 403,
      courseTrainer: 403,
      coordinator: 403,
      otherCoordinator: 403,
      admin: 403,
    },
    hides: true,
    call: async (fx) => {
      const { sessionId, owner } = await webinarOf(fx, { registered: true })
      return { url: `/api/v1/webinars/${sessionId}/check-in`, payload: { code: 'ABCDEF' }, owner }
    },
  },
  // Good practices: the author and moderators (admins; any trainer outside a course, the course's
  // trainers for a webinar's alternative) see one before approval; to anyone else it does not exist.
  'POST /api/v1/good-practices': {
    access: signedIn,
    call: () => ({ url: '/api/v1/good-practices', payload: practiceBody }),
  },
  'GET /api/v1/good-practices/review-queue': {
    access: teaching,
    call: () => ({ url: '/api/v1/good-practices/review-queue' }),
  },
  'GET /api/v1/good-practices/{id} · a submitted practice': {
    access: practiceModerators,
    hides: true,
    call: async (fx) => {
      const { practiceId, owner } = await practiceOf(fx, 'submitted')
      return { url: `/api/v1/good-practices/${practiceId}`, owner }
    },
  },
  'GET /api/v1/good-practices/{id} · an approved public practice': {
    access: everyone,
    call: async (fx) => ({
      url: `/api/v1/good-practices/${(await practiceOf(fx, 'approved')).practiceId}`,
    }),
  },
  'GET /api/v1/good-practices/{id} · an approved members-only practice': {
    access: { ...signedIn, anonymous: 404 },
    hides: true,
    call: async (fx) => ({
      url: `/api/v1/good-practices/${(await practiceOf(fx, 'approved', { public: false })).practiceId}`,
    }),
  },
  'PUT /api/v1/good-practices/{id}': {
    access: {
      ...practiceModerators,
      anonymous: 401,
      trainer: 403,
      courseTrainer: 403,
      admin: 403,
    },
    hides: true,
    call: async (fx) => {
      const { practiceId, owner } = await practiceOf(fx, 'submitted')
      return {
        url: `/api/v1/good-practices/${practiceId}`,
        payload: { ...practiceBody, revision: 1 },
        owner,
      }
    },
  },
  'POST /api/v1/good-practices/{id}/review': {
    access: { ...teaching, owner: 403 },
    call: async (fx) => {
      const { practiceId, owner } = await practiceOf(fx, 'submitted')
      return {
        url: `/api/v1/good-practices/${practiceId}/review`,
        payload: { decision: 'return', comment: 'Please add figures.' },
        owner,
      }
    },
  },
  'POST /api/v1/good-practices/{id}/review · a webinar alternative': {
    access: { ...teaching, owner: 403, trainer: 404 },
    hides: true,
    call: async (fx) => {
      const { practiceId, owner } = await practiceOf(fx, 'submitted', { course: true })
      return {
        url: `/api/v1/good-practices/${practiceId}/review`,
        payload: { decision: 'return', comment: 'Please add figures.' },
        owner,
      }
    },
  },
  'GET /api/v1/me/good-practices': {
    access: signedIn,
    call: () => ({ url: '/api/v1/me/good-practices' }),
  },
  'GET /api/v1/library/good-practices': {
    access: everyone,
    call: () => ({ url: '/api/v1/library/good-practices?q=raznolikost' }),
  },
  'GET /api/v1/library/good-practices/export.csv': {
    access: everyone,
    call: () => ({ url: '/api/v1/library/good-practices/export.csv?country=RS' }),
  },
  // Credentials: the signing keys are admins' alone; the issuers' public keys are for everyone.
  'GET /api/v1/signing-keys': { access: adminOnly, call: () => ({ url: '/api/v1/signing-keys' }) },
  'POST /api/v1/signing-keys/rotation': {
    access: adminOnly,
    call: () => ({ url: '/api/v1/signing-keys/rotation' }),
  },
  'GET /.well-known/jwks.json': {
    access: everyone,
    call: () => ({ url: '/.well-known/jwks.json' }),
  },
  'GET /.well-known/did.json': { access: everyone, call: () => ({ url: '/.well-known/did.json' }) },
  'GET /issuers/{slug}/did.json': {
    access: everyone,
    call: () => ({ url: '/issuers/skgo/did.json' }),
  },
  // Certificates: each call gets a new certificate of a new skgo learner (the owner), issued by
  // an skgo cluster; its holder, skgo's coordinators and admins see it, to others it does not exist.
  'GET /api/v1/me/certificates': {
    access: signedIn,
    call: () => ({ url: '/api/v1/me/certificates' }),
  },
  'GET /api/v1/certificates': { access: staff, call: () => ({ url: '/api/v1/certificates' }) },
  'GET /api/v1/certificates/{code}': {
    access: certificateViewers,
    hides: true,
    call: async (fx) => certificateCall(fx, (code) => `/api/v1/certificates/${code}`),
  },
  'GET /api/v1/certificates/{code}/credential': {
    access: certificateViewers,
    hides: true,
    call: async (fx) => certificateCall(fx, (code) => `/api/v1/certificates/${code}/credential`),
  },
  'GET /api/v1/certificates/{code}/certificate.pdf': {
    access: certificateViewers,
    hides: true,
    call: async (fx) =>
      certificateCall(fx, (code) => `/api/v1/certificates/${code}/certificate.pdf`),
  },
  'POST /api/v1/certificates/{code}/revocation': {
    access: certificateManagers,
    hides: true,
    call: async (fx) =>
      certificateCall(fx, (code) => `/api/v1/certificates/${code}/revocation`, {
        reason: 'Access matrix',
      }),
  },
  'POST /api/v1/certificates/{code}/reissue': {
    access: certificateManagers,
    hides: true,
    call: async (fx) =>
      certificateCall(fx, (code) => `/api/v1/certificates/${code}/reissue`, {
        learnerName: 'Corrected Name',
      }),
  },
  'GET /api/v1/certificates/{code}/verification': {
    access: everyone,
    call: async (fx) => certificateCall(fx, (code) => `/api/v1/certificates/${code}/verification`),
  },
  'GET /api/v1/credentials/status/{list}': {
    access: everyone,
    call: () => ({ url: '/api/v1/credentials/status/0' }),
  },
  'POST /api/v1/credential-verifications': {
    access: everyone,
    call: () => ({
      url: '/api/v1/credential-verifications',
      payload: { credential: 'not.a.credential' },
    }),
  },
}

const practiceBody = {
  title: 'A diversity desk',
  countryCode: 'RS',
  municipalityName: 'Kragujevac',
  area: 'services',
  problem: 'Nobody came.',
  actions: 'We opened a desk.',
  results: 'Many came.',
  contactRole: 'Office for Social Protection',
  body: '',
  language: 'en',
  public: true,
}

/** A good practice by a new learner of skgo, inserted directly; `course`: civic-basics' alternative. */
async function practiceOf(
  fx: Fixtures,
  status: 'submitted' | 'approved',
  options: { public?: boolean; course?: boolean } = {},
) {
  const owner = await fx.learnerOfSkgo()
  const course = options.course
    ? await fx.app.db
        .selectFrom('courses')
        .select('id')
        .where('slug', '=', 'civic-basics')
        .executeTakeFirstOrThrow()
    : null
  const { countryCode, municipalityName, area, title, problem, actions, results } = practiceBody
  const { id: practiceId } = await fx.app.db
    .insertInto('goodPractices')
    .values({
      authorId: owner.id,
      courseId: course?.id ?? null,
      step: course ? 'peer-exchange' : null,
      enrolmentId: null,
      countryCode,
      municipalityId: null,
      municipalityName,
      area: area as 'services',
      title,
      problem,
      actions,
      results,
      contactRole: practiceBody.contactRole,
      language: 'en',
      public: options.public ?? true,
      status,
      approvedAt: status === 'approved' ? new Date() : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { practiceId, owner }
}

/** The current version of civic-basics, whose evaluation the course's report routes read. */
async function civicBasicsVersion(fx: Fixtures): Promise<string> {
  const course = await fx.app.db
    .selectFrom('courses')
    .select('currentVersionId')
    .where('slug', '=', 'civic-basics')
    .executeTakeFirstOrThrow()
  return course.currentVersionId!
}

function decisionOf(
  response: { status: number; body: { type?: string } },
  hides: boolean,
): Decision {
  // Only the guard's refusals count as denials; a 401 for a wrong password is the route working.
  if (response.status === 401 && response.body.type === '/problems/unauthorized') return 401
  if (response.status === 403 && response.body.type === '/problems/forbidden') return 403
  // Where the call names a resource that exists, a 404 is the route hiding it from this caller.
  if (hides && response.status === 404 && response.body.type === '/problems/not-found') return 404
  return 'allow'
}

/**
 * The matrix calls go over HTTP (supertest) to the app listening on a port of its own, so that
 * the guard's decisions are the ones a client gets, headers and body parsing included. Rows are
 * still set up with inject.
 */
const it = base.extend<{ server: Server }>({
  server: [
    async ({ app }, use) => {
      await app.listen({ host: '127.0.0.1', port: 0 })
      await use(app.server)
    },
    { scope: 'file' },
  ],
})

let learnerCount = 0
/** A learner of skgo, inserted directly (no password hashing: the matrix signs tokens itself). */
async function freshLearner(app: FastifyInstance): Promise<TestUser> {
  learnerCount++
  const skgo = await associationId(app, 'skgo')
  const email = `owner${learnerCount}-${randomUUID().slice(0, 8)}@example.org`
  const { id } = await app.db
    .insertInto('users')
    .values({
      email,
      name: `Owner Number${learnerCount}`,
      associationId: skgo,
      municipalityId: null,
      passwordHash: null,
      emailVerifiedAt: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await replaceRoles(app.db, id, ['learner'])
  return {
    id,
    email,
    name: `Owner Number${learnerCount}`,
    password: '',
    roles: ['learner'],
    associationId: skgo,
  }
}

async function enrolmentOf(app: FastifyInstance, stage: 'enrolled' | 'read' | 'attempt') {
  const owner = await freshLearner(app)
  const headers = bearer(tokenFor(app, owner))
  const enrolled = await app.inject({
    method: 'POST',
    url: '/api/v1/enrolments',
    headers,
    payload: { courseSlug: 'civic-basics' },
  })
  if (enrolled.statusCode !== 201) throw new Error(`enrol: ${enrolled.statusCode} ${enrolled.body}`)
  const enrolmentId = enrolled.json().id as string
  if (stage === 'enrolled') return { owner, enrolmentId, attemptId: null }
  const read = await app.inject({
    method: 'POST',
    url: `/api/v1/enrolments/${enrolmentId}/events`,
    headers,
    payload: { type: 'module.read', step: '01-rights', expectedVersion: 0 },
  })
  if (read.statusCode !== 200) throw new Error(`module.read: ${read.statusCode} ${read.body}`)
  if (stage === 'read') return { owner, enrolmentId, attemptId: null }
  const attempt = await app.inject({
    method: 'POST',
    url: `/api/v1/enrolments/${enrolmentId}/attempts`,
    headers,
    payload: { step: '01-rights' },
  })
  if (attempt.statusCode !== 201) throw new Error(`attempt: ${attempt.statusCode} ${attempt.body}`)
  return { owner, enrolmentId, attemptId: attempt.json().id as string }
}

/** A draft cluster of skgo with its trainer and one member, inserted directly. */
async function clusterOf(app: FastifyInstance, trainer: TestUser) {
  const member = await freshLearner(app)
  const { id: clusterId } = await app.db
    .insertInto('clusters')
    .values({
      associationId: await associationId(app, 'skgo'),
      name: 'Access matrix',
      startsOn: '2027-01-01',
      endsOn: '2027-02-01',
      capacity: 10,
      createdBy: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await app.db.insertInto('clusterTrainers').values({ clusterId, userId: trainer.id }).execute()
  await app.db
    .insertInto('clusterMembers')
    .values({ clusterId, userId: member.id, source: 'assignment' })
    .execute()
  return { clusterId, member }
}

/** A call of a new skgo cluster (`fx.cluster()`), inserted directly: a draft, or open until 2099. */
async function callOf(fx: Fixtures, status: 'draft' | 'open') {
  const { clusterId } = await fx.cluster()
  const open = {
    places: 10,
    deadline: new Date('2099-01-01T00:00:00Z'),
    timeZone: 'Europe/Belgrade',
    publishedAt: new Date(),
  }
  const { id: callId } = await fx.app.db
    .insertInto('calls')
    .values({
      clusterId,
      title: 'Access matrix',
      applicantKind: 'person',
      status,
      createdBy: null,
      ...(status === 'open' ? open : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { clusterId, callId }
}

/** A learner of skgo accepted by an open call's selection, inserted directly. */
async function acceptedCandidateOf(fx: Fixtures) {
  const { callId } = await callOf(fx, 'open')
  const owner = await fx.learnerOfSkgo()
  const { id: applicationId } = await fx.app.db
    .insertInto('applications')
    .values({ callId, applicantId: owner.id, status: 'submitted', submittedAt: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow()
  const { id: candidateId } = await fx.app.db
    .insertInto('applicationCandidates')
    .values({
      applicationId,
      userId: owner.id,
      fullName: owner.name,
      email: owner.email,
      position: null,
      decision: 'accepted',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { candidateId, owner }
}

describe('route × role matrix', () => {
  it('has an entry for every documented API route, and no entry for a route that is gone', async ({
    server,
  }) => {
    const spec = (await request(server).get('/api/docs/json').expect(200)).body as {
      paths: Record<string, Record<string, unknown>>
    }
    const routes = Object.entries(spec.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    )
    const covered = new Set(Object.keys(matrix).map(routeOf))
    expect(
      routes.filter((route) => !covered.has(route)),
      'routes without a matrix entry',
    ).toEqual([])
    expect(
      Object.keys(matrix).filter((entry) => !routes.includes(routeOf(entry))),
      'matrix entries without a route',
    ).toEqual([])
  })

  it('every caller gets exactly the expected decision on every route', async ({ app, server }) => {
    await importCivicBasics(app)
    const users: Record<Exclude<Caller, 'anonymous'>, TestUser> = {
      owner: await createUser(app, { roles: ['learner'], association: 'skgo' }),
      learner: await createUser(app, { roles: ['learner'], association: 'skgo' }),
      trainer: await createUser(app, { roles: ['trainer'], association: 'skgo' }),
      courseTrainer: await createUser(app, { roles: ['trainer'], association: 'skgo' }),
      coordinator: await createUser(app, { roles: ['coordinator'], association: 'skgo' }),
      otherCoordinator: await createUser(app, { roles: ['coordinator'], association: 'zels' }),
      admin: await createUser(app, { roles: ['admin'] }),
    }
    const course = await app.db
      .selectFrom('courses')
      .select('id')
      .where('slug', '=', 'civic-basics')
      .executeTakeFirstOrThrow()
    await app.db
      .insertInto('courseTrainers')
      .values({ courseId: course.id, userId: users.courseTrainer.id })
      .execute()
    const fixtures: Fixtures = {
      app,
      skgoMunicipality: await municipalityId(app, 'RS', 'Kragujevac'),
      enrolment: (stage = 'enrolled') => enrolmentOf(app, stage),
      cluster: () => clusterOf(app, users.courseTrainer),
      learnerOfSkgo: () => freshLearner(app),
      clusterTrainerId: users.courseTrainer.id,
    }
    const outcomes: string[] = []
    for (const [route, entry] of Object.entries(matrix)) {
      const [method] = route.split(' ')
      for (const caller of callers) {
        const { url, payload, owner } = await entry.call(fixtures)
        const user =
          caller === 'owner'
            ? (owner ?? users.owner)
            : caller === 'anonymous'
              ? null
              : users[caller]
        const call = request(server)[method!.toLowerCase() as 'get'](url)
        // Current epoch: signing out everywhere, as every caller does once, ends older tokens.
        if (user) call.set(bearer(await currentTokenFor(app, user)))
        const response = await (payload ? call.send(payload) : call)
        expect(response.status, `${route} as ${caller}: ${response.text}`).toBeLessThan(500)
        outcomes.push(`${route} as ${caller}: ${decisionOf(response, entry.hides === true)}`)
      }
    }
    const expected = Object.entries(matrix).flatMap(([route, entry]) =>
      callers.map((caller) => `${route} as ${caller}: ${entry.access[caller]}`),
    )
    expect(outcomes).toEqual(expected)
    // Several hundred requests, each a real route (a certificate row issues a certificate per
    // caller): 89 s on PGlite with the machine's load at 13, so room for a loaded CI machine.
  }, 300_000)
})

/**
 * A session of civic-basics' webinar step in 2099, inserted directly: for a new skgo cluster
 * (`fx.cluster()`), or open to every learner of the course; `registered` enrols a new learner and
 * registers them (the owner).
 */
async function webinarOf(fx: Fixtures, options: { open?: boolean; registered?: boolean } = {}) {
  const course = await fx.app.db
    .selectFrom('courses')
    .select('id')
    .where('slug', '=', 'civic-basics')
    .executeTakeFirstOrThrow()
  const clusterId = options.open ? null : (await fx.cluster()).clusterId
  const { id: sessionId } = await fx.app.db
    .insertInto('webinarSessions')
    .values({
      courseId: course.id,
      step: 'peer-exchange',
      clusterId,
      title: 'Access matrix',
      startsAt: new Date('2099-01-01T09:00:00Z'),
      durationMinutes: 60,
      timeZone: 'Europe/Belgrade',
      joinUrl: 'https://meet.example.org/x',
      capacity: null,
      language: 'en',
      organiserId: null,
      checkInCode: 'ABCDEF',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  if (!options.registered) return { sessionId, owner: undefined, enrolmentId: undefined }
  const { owner, enrolmentId } = await fx.enrolment('enrolled')
  await fx.app.db
    .insertInto('webinarRegistrations')
    .values({ sessionId, userId: owner.id, enrolmentId })
    .execute()
  return { sessionId, owner, enrolmentId }
}

/** A new certificate of a new skgo learner (the owner), issued by a new skgo cluster. */
async function certificateCall(
  fx: Fixtures,
  path: (code: string) => string,
  payload?: object,
): Promise<Call> {
  const { clusterId } = await fx.cluster()
  const { learner, code } = await issuedCertificate(fx.app, { association: 'skgo', clusterId })
  return { url: path(code), owner: learner.user, ...(payload ? { payload } : {}) }
}
