// Submitting a good practice and editing it until it is approved.
import type { Transaction } from 'kysely'
import { requireCourseVersion } from '../courses/service.ts'
import type { Database } from '../db/schema.ts'
import { type LockedEnrolment, lockForChange } from '../enrolments/service.ts'
import type { ServiceContext } from '../http/context.ts'
import { type FieldError, Problem } from '../http/problem.ts'
import { standingOf } from '../progression/index.ts'
import {
  findAuthorPlace,
  findCountryName,
  findMunicipalityIn,
  findPractice,
  findPracticeOfStep,
  insertPractice,
  lockPractice,
  type PracticeValues,
  type SearchDocument,
  updatePracticeText,
} from './queries.ts'
import type { CreatePracticeBody, GoodPractice, UpdatePracticeBody } from './schemas.ts'
import { foldForSearch, searchConfigOf } from './search-text.ts'
import { moderates, noSuchPractice, viewPractice } from './views.ts'

// A contact is a role ("Office for Youth"), not a person's address or number: an e-mail address
// anywhere, or a run of 6 or more digits with the usual separators, is refused.
const emailLike = /[^\s@]+@[^\s@]+\.[^\s@]+/u
const phoneLike = /\+?\d(?:[\s./()-]*\d){5,}/u

export function contactRoleProblem(text: string): string | undefined {
  if (emailLike.test(text)) return 'an e-mail address; name the role or office instead'
  if (phoneLike.test(text)) return 'a phone number; name the role or office instead'
  return undefined
}

type Fields = Omit<CreatePracticeBody, 'enrolmentId' | 'step'>

/** The values to store: the place resolved (defaults from the author's municipality), the contact checked. */
async function valuesOf(
  ctx: ServiceContext,
  body: Fields,
): Promise<{ values: PracticeValues; errors: FieldError[] }> {
  const errors: FieldError[] = []
  const contact = contactRoleProblem(body.contactRole)
  if (contact)
    errors.push({ pointer: '/body/contactRole', reason: 'personal-information', detail: contact })
  const home = await findAuthorPlace(ctx.db, ctx.actor.id)
  const countryCode = body.countryCode ?? home?.countryCode
  let municipalityId = body.municipalityId
  if (municipalityId === undefined)
    municipalityId =
      body.municipalityName === undefined && home && home.countryCode === countryCode
        ? home.municipalityId
        : null
  let municipalityName = body.municipalityName
  if (!countryCode) {
    errors.push({
      pointer: '/body/countryCode',
      reason: 'required',
      detail: 'you have no municipality to take the country from; name the country',
    })
  } else if (!(await findCountryName(ctx.db, countryCode))) {
    errors.push({
      pointer: '/body/countryCode',
      reason: 'unknown-reference',
      detail: 'no such country',
    })
  } else if (municipalityId) {
    const municipality = await findMunicipalityIn(ctx.db, municipalityId)
    if (!municipality || municipality.countryCode !== countryCode) {
      errors.push({
        pointer: '/body/municipalityId',
        reason: 'unknown-reference',
        detail: `no such municipality in ${countryCode}`,
      })
    } else municipalityName = municipality.name
  }
  if (countryCode && !municipalityId && municipalityName === undefined) {
    errors.push({
      pointer: '/body/municipalityName',
      reason: 'required',
      detail: 'name the municipality, or choose one of the list',
    })
  }
  return {
    values: {
      countryCode: countryCode ?? '',
      municipalityId: municipalityId ?? null,
      municipalityName: municipalityName ?? '',
      area: body.area,
      title: body.title,
      problem: body.problem,
      actions: body.actions,
      results: body.results,
      contactRole: body.contactRole,
      body: body.body,
      language: body.language,
      public: body.public,
    },
    errors,
  }
}

/** The folded texts of a practice for its search vector, in its language's configuration. */
export function searchDocumentOf(values: PracticeValues): SearchDocument {
  return {
    config: searchConfigOf(values.language),
    title: foldForSearch(values.title),
    sections: foldForSearch([values.problem, values.actions, values.results].join('\n')),
    body: foldForSearch(values.body),
  }
}

/**
 * The enrolment a practice replaces a webinar of: the author's own live enrolment, the step a
 * webinar whose alternative is a good practice in the pinned version, the gate open now (the
 * learner's current step: the machine excuses only there) and not attended or excused, and no
 * other practice for it. Locked, so two submissions at once cannot both pass.
 */
async function gateOf(
  trx: Transaction<Database>,
  ctx: ServiceContext,
  enrolmentId: string,
  step: string,
): Promise<LockedEnrolment> {
  const row = await lockForChange(trx, enrolmentId).catch((error: unknown) => {
    throw error instanceof Problem && error.status === 404 ? notYours() : error
  })
  if (row.userId !== ctx.actor.id) throw notYours()
  if (row.status !== 'active') {
    throw Problem.validation([
      {
        pointer: '/body/enrolmentId',
        reason: 'not-allowed',
        detail: `the enrolment is ${row.status}`,
      },
    ])
  }
  const version = await requireCourseVersion(trx, row.courseVersionId)
  const gate = version.steps.find((candidate) => candidate.slug === step)
  if (gate?.kind !== 'webinar' || gate.alternative !== 'good-practice') {
    throw Problem.validation([
      {
        pointer: '/body/step',
        reason: 'not-allowed',
        detail: 'not a webinar step whose alternative is a good practice',
      },
    ])
  }
  const outcome = row.progress.context.outcomes[step]
  if (outcome === 'attended' || outcome === 'excused')
    throw new Problem(409, 'conflict', 'Webinar done', `The webinar step is already ${outcome}.`)
  if (standingOf(row.progress).current !== step) {
    throw new Problem(
      409,
      'step-locked',
      'Step not open',
      'The webinar step opens once the steps before it are done.',
    )
  }
  if (await findPracticeOfStep(trx, enrolmentId, step)) {
    throw new Problem(
      409,
      'conflict',
      'Practice already submitted',
      'A good practice already stands for this webinar step; edit that one.',
    )
  }
  return row
}

const notYours = () =>
  Problem.validation([
    {
      pointer: '/body/enrolmentId',
      reason: 'unknown-reference',
      detail: 'no such enrolment of yours',
    },
  ])

/** Submits a practice (status submitted), outside a course or as a webinar's written alternative. */
export async function submitPractice(
  ctx: ServiceContext,
  body: CreatePracticeBody,
  now: Date,
): Promise<GoodPractice> {
  const { enrolmentId, step, ...fields } = body
  const { values, errors } = await valuesOf(ctx, fields)
  if ((enrolmentId === undefined) !== (step === undefined)) {
    errors.push({
      pointer: enrolmentId === undefined ? '/body/enrolmentId' : '/body/step',
      reason: 'required',
      detail: 'enrolmentId and step go together',
    })
  }
  if (errors.length > 0) throw Problem.validation(errors)
  const id = await ctx.db.transaction().execute(async (trx) => {
    const enrolment =
      enrolmentId !== undefined && step !== undefined
        ? await gateOf(trx, ctx, enrolmentId, step)
        : undefined
    return insertPractice(
      trx,
      {
        ...values,
        authorId: ctx.actor.id,
        enrolmentId: enrolment?.id ?? null,
        step: enrolment ? (step ?? null) : null,
        courseId: enrolment?.courseId ?? null,
        submittedAt: now,
      },
      searchDocumentOf(values),
    )
  })
  const row = await findPractice(ctx.db, id)
  if (!row) throw noSuchPractice()
  return viewPractice(row, { author: true, moderator: false })
}

/**
 * The author's edit while the practice is submitted or returned: the whole text again, from the
 * revision they read (another is 409 stale-version); it goes back to the moderators as submitted.
 */
export async function editPractice(
  ctx: ServiceContext,
  id: string,
  body: UpdatePracticeBody,
  now: Date,
): Promise<GoodPractice> {
  const { revision, enrolmentId, step, ...fields } = body
  await ctx.db.transaction().execute(async (trx) => {
    const row = await lockPractice(trx, id)
    if (!row) throw noSuchPractice()
    if (row.authorId !== ctx.actor.id) {
      const visible = row.status === 'approved' || (await moderates(trx, ctx.actor, row))
      if (!visible) throw noSuchPractice()
      throw Problem.forbidden('Only the author edits a good practice.')
    }
    if (row.status === 'approved')
      throw new Problem(409, 'conflict', 'Already approved', 'An approved practice is not edited.')
    if (row.revision !== revision) {
      throw new Problem(
        409,
        'stale-version',
        'Changed meanwhile',
        `The practice is at revision ${row.revision}, not ${revision}; read it again.`,
        { current: row.revision },
      )
    }
    const errors: FieldError[] = []
    if (enrolmentId !== undefined && enrolmentId !== row.enrolmentId)
      errors.push({
        pointer: '/body/enrolmentId',
        reason: 'conflict',
        detail: 'the enrolment of a practice does not change',
      })
    if (step !== undefined && step !== row.step)
      errors.push({
        pointer: '/body/step',
        reason: 'conflict',
        detail: 'the step of a practice does not change',
      })
    const resolved = await valuesOf({ ...ctx, db: trx }, fields)
    errors.push(...resolved.errors)
    if (errors.length > 0) throw Problem.validation(errors)
    await updatePracticeText(trx, id, resolved.values, searchDocumentOf(resolved.values), now)
  })
  const row = await findPractice(ctx.db, id)
  if (!row) throw noSuchPractice()
  return viewPractice(row, { author: true, moderator: false })
}
