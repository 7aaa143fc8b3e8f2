// The applicant's side: a draft saved and changed until the deadline, the submission (idempotent
// under retries), the withdrawal, and what the applicant sees of their applications.
import type { Transaction } from 'kysely'
import { recordAudit } from '../audit/service.ts'
import {
  type CallForApplying,
  getCallForApplying,
  isOpenForApplications,
} from '../calls/service.ts'
import type { Db } from '../db/create-db.ts'
import type { Database } from '../db/schema.ts'
import type { ServiceContext } from '../http/context.ts'
import { idempotencyKey, type Outcome, rememberAnswer, withReplay } from '../http/idempotency.ts'
import { type Page, pageOf } from '../http/pagination.ts'
import { type FieldError, Problem } from '../http/problem.ts'
import { checkAnswers, checkDeclared, type FormField, fieldsOf, missingAnswers } from './form.ts'
import {
  type ApplicationRow,
  type CandidateRow,
  ensureApplication,
  findAccountsByEmail,
  findApplication,
  findMunicipality,
  findPerson,
  listApplicationsOfPerson,
  listCandidates,
  lockApplication,
  type NewCandidate,
  replaceCandidates,
  updateApplication,
} from './queries.ts'
import type {
  Application,
  ApplicationBody,
  CandidateInput,
  ListApplicationsQuery,
  MyApplication,
  SubmissionBody,
} from './schemas.ts'

/** A request's context with the server's clock and the origin of e-mailed links. */
export type ApplyingContext = ServiceContext & { now: Date; origin: string }

const notFound = () => Problem.notFound('No such call.')

/** A call as applications read it (the calls feature's `getCallForApplying`). */
export type CallRow = CallForApplying

/** A call that exists for applicants: published (open or closed). Drafts are not found. */
export async function publishedCall(db: Db, callId: string): Promise<CallRow> {
  const call = await getCallForApplying(db, callId)
  if (!call || call.status === 'draft') throw notFound()
  return call
}

/** Refuses a change once the call is closed or its deadline has passed (409). */
function assertTakingApplications(call: CallRow, now: Date) {
  if (isOpenForApplications(call, now)) return
  const closes = call.closesAt
  if (call.status !== 'open' || !closes)
    throw new Problem(409, 'conflict', 'Call closed', 'This call takes no applications any more.')
  throw new Problem(
    409,
    'deadline-passed',
    'Deadline passed',
    `Applications to this call closed at ${closes.toISOString()}.`,
    { closedAt: closes.toISOString() },
  )
}

const anyDecided = (candidates: readonly CandidateRow[]) =>
  candidates.some((candidate) => candidate.decision !== 'pending')

const iso = (value: Date | string | null) => (value ? new Date(value).toISOString() : null)

/** An application as its applicant sees it. */
async function viewApplication(
  db: Db,
  call: CallRow,
  row: ApplicationRow,
  now: Date,
): Promise<Application> {
  const [candidates, municipality] = await Promise.all([
    listCandidates(db, [row.id]),
    row.municipalityId ? findMunicipality(db, row.municipalityId) : undefined,
  ])
  return {
    id: row.id,
    callId: call.id,
    callTitle: call.title,
    applicantKind: call.applicantKind,
    status: row.status,
    municipality: municipality
      ? { id: municipality.id, name: municipality.name, countryCode: municipality.countryCode }
      : null,
    answers: row.answers as Application['answers'],
    candidates: candidates.map((c) => ({
      id: c.id,
      name: c.fullName,
      email: c.email,
      position: c.position,
      languages: c.languages,
      answers: c.answers as Application['answers'],
      declared: c.declared,
      decision: c.decision,
      decisionReason: c.decisionReason,
      decidedAt: iso(c.decidedAt),
    })),
    deadline: (call.deadline ?? new Date(0)).toISOString(),
    editable:
      isOpenForApplications(call, now) && row.status !== 'withdrawn' && !anyDecided(candidates),
    submittedAt: iso(row.submittedAt),
    withdrawnAt: iso(row.withdrawnAt),
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
  }
}

interface Shaped {
  municipalityId: string | null
  answers: Record<string, string | number | boolean>
  candidates: NewCandidate[]
}

/**
 * Reads an application against the call: its municipality (the applicant's own, and one the call
 * admits), the answers against the form, the candidates (the applicant alone for a person call;
 * named nominees, at most the call's number, for a municipality call) and their positions. A
 * draft may leave answers out; with `complete`, a submission may not. Every problem at once.
 */
async function shape(
  db: Db,
  call: CallRow,
  applicantId: string,
  body: ApplicationBody,
  complete: boolean,
): Promise<Shaped> {
  const person = await findPerson(db, applicantId)
  if (!person) throw Problem.notFound('No such account.')
  const fields = fieldsOf(call.form)
  const level = (per: FormField['per']) => fields.filter((field) => field.per === per)
  const errors: FieldError[] = []

  const municipalityId = body.municipalityId ?? person.municipalityId
  if (body.municipalityId && person.municipalityId && body.municipalityId !== person.municipalityId)
    errors.push({
      pointer: '/body/municipalityId',
      reason: 'conflict',
      detail: 'must be the municipality your account belongs to',
    })
  else if (municipalityId) {
    const place = await findMunicipality(db, municipalityId)
    const at = body.municipalityId ? '/body/municipalityId' : '/body'
    if (!place)
      errors.push({ pointer: at, reason: 'unknown-reference', detail: 'no such municipality' })
    else {
      const refused = (detail: string) =>
        errors.push({ pointer: at, reason: 'not-allowed', detail })
      if (
        call.whoMayApply.countries.length > 0 &&
        !call.whoMayApply.countries.includes(place.countryCode)
      )
        refused('is in a country this call does not admit')
      else if (
        call.whoMayApply.associationIds.length > 0 &&
        !(place.associationId && call.whoMayApply.associationIds.includes(place.associationId))
      )
        refused('is not in an association this call admits')
      else if (
        call.whoMayApply.municipalityIds.length > 0 &&
        !call.whoMayApply.municipalityIds.includes(place.id)
      )
        refused('is not one of the municipalities this call admits')
    }
  } else if (complete)
    errors.push({
      pointer: '/body/municipalityId',
      reason: 'required',
      detail: 'an application names its municipality',
    })

  const applicationAnswers = body.answers ?? {}
  errors.push(...checkAnswers(level('application'), applicationAnswers, '/body/answers'))
  if (complete)
    errors.push(...missingAnswers(level('application'), applicationAnswers, '/body/answers'))

  const limit = call.applicantKind === 'person' ? 1 : (call.maxNominees ?? 1)
  if (body.candidates.length > limit)
    errors.push({
      pointer: '/body/candidates',
      reason: 'too-long',
      detail:
        call.applicantKind === 'person'
          ? 'a person call has one candidate: the applicant'
          : `this call takes at most ${limit} nominees`,
    })
  const languagesField = fields.find((field) => field.type === 'languages')
  const positionField = fields.find((field) => field.key === 'position')
  const seen = new Map<string, number>()
  const candidates = body.candidates.map((input: CandidateInput, i): NewCandidate => {
    const at = `/body/candidates/${i}`
    let fullName = input.name?.trim() ?? ''
    let email = input.email?.trim() ?? ''
    let userId: string | null = null
    if (call.applicantKind === 'person') {
      for (const key of ['name', 'email'] as const)
        if (input[key] !== undefined)
          errors.push({
            pointer: `${at}/${key}`,
            reason: 'not-allowed',
            detail: 'in a person call the candidate is the applicant: it comes from the account',
          })
      fullName = person.name
      email = person.email
      userId = person.id
    } else {
      if (!fullName)
        errors.push({ pointer: `${at}/name`, reason: 'required', detail: 'a nominee has a name' })
      if (!email)
        errors.push({
          pointer: `${at}/email`,
          reason: 'required',
          detail: 'a nominee has an e-mail',
        })
      const key = email.toLowerCase()
      if (key && seen.has(key))
        errors.push({
          pointer: `${at}/email`,
          reason: 'conflict',
          detail: `is nominated already as candidate ${seen.get(key)}`,
        })
      else if (key) seen.set(key, i)
    }
    const position =
      input.position?.trim() ||
      (call.applicantKind === 'person' ? (person.position?.trim() ?? '') : '')
    if (
      position &&
      call.whoMayApply.positions.length > 0 &&
      !call.whoMayApply.positions.includes(position)
    )
      errors.push({
        pointer: `${at}/position`,
        reason: 'not-allowed',
        detail: `must be one of: ${call.whoMayApply.positions.join(', ')}`,
      })
    else if (
      !position &&
      complete &&
      (call.whoMayApply.positions.length > 0 || positionField?.required === true)
    )
      errors.push({
        pointer: `${at}/position`,
        reason: 'required',
        detail: 'is required to submit',
      })
    const languages = input.languages ?? []
    languages.forEach((language, j) => {
      if (
        languagesField &&
        languagesField.options.length > 0 &&
        !languagesField.options.includes(language)
      )
        errors.push({
          pointer: `${at}/languages/${j}`,
          reason: 'not-allowed',
          detail: `must be one of: ${languagesField.options.join(', ')}`,
        })
    })
    if (complete && languagesField?.required && languages.length === 0)
      errors.push({
        pointer: `${at}/languages`,
        reason: 'required',
        detail: 'is required to submit',
      })
    const answers = input.answers ?? {}
    errors.push(...checkAnswers(level('nominee'), answers, `${at}/answers`))
    if (complete) errors.push(...missingAnswers(level('nominee'), answers, `${at}/answers`))
    const declared = input.declared ?? {}
    errors.push(...checkDeclared(fields, declared, `${at}/declared`))
    return { userId, fullName, email, position: position || null, languages, answers, declared }
  })
  if (errors.length > 0) throw Problem.validation(errors)
  // Nominees who have an account are linked to it: they see the nomination among their
  // applications, and an acceptance admits them at once.
  if (call.applicantKind === 'municipality') {
    const accounts = new Map(
      (
        await findAccountsByEmail(
          db,
          candidates.map((c) => c.email),
        )
      ).map((a) => [a.email, a.id]),
    )
    for (const candidate of candidates)
      candidate.userId = accounts.get(candidate.email.toLowerCase()) ?? null
  }
  return { municipalityId, answers: applicationAnswers, candidates }
}

/** The stored application as the body that would save it again (to check a submitted draft). */
function bodyOf(call: CallRow, row: ApplicationRow, candidates: CandidateRow[]): ApplicationBody {
  return {
    ...(row.municipalityId ? { municipalityId: row.municipalityId } : {}),
    answers: row.answers as ApplicationBody['answers'],
    candidates: candidates.map((c) => ({
      ...(call.applicantKind === 'municipality' ? { name: c.fullName, email: c.email } : {}),
      ...(c.position ? { position: c.position } : {}),
      languages: c.languages,
      answers: c.answers as CandidateInput['answers'],
      declared: c.declared,
    })),
  }
}

async function store(trx: Transaction<Database>, row: ApplicationRow, shaped: Shaped) {
  await updateApplication(trx, row.id, {
    municipalityId: shaped.municipalityId,
    answers: shaped.answers,
  })
  await replaceCandidates(trx, row.id, shaped.candidates)
}

/** Refuses changes to a withdrawn application or one with a decision (409). */
async function assertChangeable(db: Db, row: ApplicationRow): Promise<CandidateRow[]> {
  if (row.status === 'withdrawn')
    throw new Problem(409, 'conflict', 'Application withdrawn', 'A withdrawn application stays so.')
  const candidates = await listCandidates(db, [row.id])
  if (anyDecided(candidates))
    throw new Problem(
      409,
      'conflict',
      'Application decided',
      'The selection has decided on this application; it can no longer change.',
    )
  return candidates
}

/** My application to the call (404 when I have none). */
export async function getMyApplication(ctx: ApplyingContext, callId: string): Promise<Application> {
  const call = await publishedCall(ctx.db, callId)
  const row = await findApplication(ctx.db, callId, ctx.actor.id)
  if (!row) throw Problem.notFound('You have no application to this call.')
  return viewApplication(ctx.db, call, row, ctx.now)
}

/**
 * Saves the application until the deadline: a draft may be incomplete; a submitted one stays
 * submitted and must stay complete. Nothing changes once the selection decided on it.
 */
export async function saveDraft(
  ctx: ApplyingContext,
  callId: string,
  body: ApplicationBody,
): Promise<Application> {
  const { db, actor, now } = ctx
  const call = await publishedCall(db, callId)
  assertTakingApplications(call, now)
  const existing = await findApplication(db, callId, actor.id)
  const shaped = await shape(db, call, actor.id, body, existing?.status === 'submitted')
  const row = await db.transaction().execute(async (trx) => {
    await ensureApplication(trx, callId, actor.id)
    const locked = (await lockApplication(trx, callId, actor.id))!
    await assertChangeable(trx, locked)
    // Submitted meanwhile: the change must now be complete.
    if (locked.status === 'submitted' && existing?.status !== 'submitted')
      await shape(trx, call, actor.id, body, true)
    await store(trx, locked, shaped)
    return (await lockApplication(trx, callId, actor.id))!
  })
  return viewApplication(db, call, row, now)
}

/**
 * Submits the application (the saved draft, or the one in the body) before the deadline, complete.
 * With an Idempotency-Key, a repeat returns the first answer and stores nothing; the key with
 * another body is a 422 `idempotency-mismatch`. Without one, a second submission is a 409.
 */
export async function submitApplication(
  ctx: ApplyingContext,
  callId: string,
  body: SubmissionBody,
  key: string | undefined,
): Promise<Outcome<Application>> {
  const { db, actor, now, ip } = ctx
  const idempotency = idempotencyKey({
    userId: actor.id,
    scope: `application-submission:${callId}`,
    key,
    body,
  })
  return withReplay(db, idempotency, async () => {
    const call = await publishedCall(db, callId)
    assertTakingApplications(call, now)
    const given = 'candidates' in body ? await shape(db, call, actor.id, body, true) : null
    const view = await db.transaction().execute(async (trx) => {
      if (given) await ensureApplication(trx, callId, actor.id)
      const locked = await lockApplication(trx, callId, actor.id)
      if (!locked)
        throw new Problem(
          409,
          'conflict',
          'Nothing to submit',
          'Save the application first, or send it whole with the submission.',
        )
      if (locked.status === 'submitted')
        throw new Problem(409, 'conflict', 'Already submitted', 'This application is submitted.')
      const candidates = await assertChangeable(trx, locked)
      if (given) await store(trx, locked, given)
      else await shape(trx, call, actor.id, bodyOf(call, locked, candidates), true)
      await updateApplication(trx, locked.id, { status: 'submitted', submittedAt: now })
      const submitted = (await lockApplication(trx, callId, actor.id))!
      const answer = await viewApplication(trx, call, submitted, now)
      await rememberAnswer(trx, idempotency, 200, answer)
      await recordAudit(trx, {
        action: 'application.submitted',
        actorId: actor.id,
        subject: submitted.id,
        ip,
        details: { callId, candidates: answer.candidates.length },
      })
      return answer
    })
    return { status: 200, body: view, replayed: false }
  })
}

/** Lists my applications and those that put me forward, newest first. */
export async function listMyApplications(
  ctx: ApplyingContext,
  query: ListApplicationsQuery,
): Promise<Page<MyApplication>> {
  const { db, actor } = ctx
  const page = await pageOf(
    query,
    (window) => listApplicationsOfPerson(db, actor.id, window),
    (row) => row,
  )
  const candidates = await listCandidates(
    db,
    page.items.map((row) => row.id),
  )
  return {
    ...page,
    items: page.items.map((row) => ({
      applicationId: row.id,
      callId: row.callId,
      callTitle: row.callTitle,
      deadline: iso(row.deadline) ?? new Date(0).toISOString(),
      role: row.applicantId === actor.id ? 'applicant' : 'candidate',
      status: row.status,
      submittedAt: iso(row.submittedAt),
      candidates: candidates
        .filter((c) => c.applicationId === row.id)
        .map((c) => ({
          id: c.id,
          name: c.fullName,
          decision: c.decision,
          isMe: c.userId === actor.id,
        })),
    })),
  }
}

export { viewApplication }
