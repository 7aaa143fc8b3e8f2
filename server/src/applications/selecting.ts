// The selecting side: the ranking, the proposal, decisions one by one or in bulk, and the places
// that decisions, declines and withdrawals free, which go to the wait-list best-ranked first.
import type { Transaction } from 'kysely'
import { type AuditAction, recordAudit } from '../audit/service.ts'
import { getCallForApplying } from '../calls/service.ts'
import { admitSelected, reachCluster, releaseMember } from '../clusters/service.ts'
import { type SupportedLanguage, supportedLanguages } from '../course-format/languages.ts'
import type { Db } from '../db/create-db.ts'
import type { CandidateDecision, Database } from '../db/schema.ts'
import { forgetReadingAccess } from '../enrolments/service.ts'
import { insertInvitation, inviterName } from '../invitations/service.ts'
import { hasRole } from '../http/auth.ts'
import type { ServiceContext } from '../http/context.ts'
import { type FieldError, Problem } from '../http/problem.ts'
import { propose } from '../selection/index.ts'
import { type ApplyingContext, type CallRow, publishedCall, viewApplication } from './applying.ts'
import { type DecisionMailKind, queueDecisionMail } from './mail.ts'
import {
  findAccountsByEmail,
  findCandidate,
  findLanguages,
  listCandidates,
  listSubmittedCandidates,
  lockApplication,
  lockSubmittedCandidates,
  setDecision,
  type SubmittedCandidateRow,
  updateApplication,
} from './queries.ts'
import { criteriaOf, rank, type Ranked } from './ranking.ts'
import type {
  Application,
  ApplicationExportRow,
  DecisionInput,
  DecisionsResult,
  DeclineResult,
  ListApplicationsQuery,
  ProposalView,
  RankedCandidate,
  Ranking,
} from './schemas.ts'

const noSuchCall = () => Problem.notFound('No such call.')
const noPlaceProblem = () =>
  new Problem(409, 'conflict', 'No place to give back', 'Only an accepted place can be declined.')

/**
 * A call as the actor may reach it for selecting: through its cluster (coordinators of the
 * association and admins manage; the cluster's trainers read). To anyone else it does not exist.
 */
async function reachCall(ctx: ServiceContext, callId: string, need: 'read' | 'manage') {
  const call = await getCallForApplying(ctx.db, callId)
  if (!call) throw noSuchCall()
  try {
    await reachCluster(ctx.db, ctx.actor, call.clusterId, need)
  } catch (error) {
    if (error instanceof Problem && error.status === 404) throw noSuchCall()
    throw error
  }
  return call
}

/**
 * Declared answers (gender, community) are for the coordinators selecting: those of the call's
 * association. Admins select too, but see only what the targets make of them (the proposal);
 * trainers never.
 */
const seesDeclared = (ctx: ServiceContext, call: CallRow) =>
  hasRole(ctx.actor, 'coordinator') && ctx.actor.associationId === call.associationId

const acceptedCount = (rows: readonly { decision: CandidateDecision }[]) =>
  rows.filter((row) => row.decision === 'accepted').length

function viewRanked(entry: Ranked, declared: boolean): RankedCandidate {
  const { row, evaluation } = entry
  return {
    candidateId: row.id,
    applicationId: row.applicationId,
    userId: row.userId,
    name: row.fullName,
    email: row.email,
    position: row.position,
    languages: row.languages,
    municipality:
      row.municipalityId && row.municipalityName && row.countryCode
        ? { id: row.municipalityId, name: row.municipalityName, countryCode: row.countryCode }
        : null,
    submittedAt: new Date(row.submittedAt ?? 0).toISOString(),
    firstTime: entry.firstTime,
    answers: evaluation.applicant.answers as RankedCandidate['answers'],
    ...(declared ? { declared: row.declared } : {}),
    decision: row.decision,
    decisionReason: row.decisionReason,
    eligible: evaluation.eligible,
    failed: evaluation.failed.map((f) => ({ rule: f.rule, kind: f.kind })),
    score: evaluation.score,
    breakdown: evaluation.breakdown.map((b) => ({ rule: b.rule, kind: b.kind, points: b.points })),
    rank: evaluation.rank,
  }
}

/** The candidates of submitted applications, ranked, with a page of them. */
export async function rankApplications(
  ctx: ServiceContext,
  callId: string,
  query: ListApplicationsQuery,
): Promise<Ranking> {
  const call = await reachCall(ctx, callId, 'read')
  const rows = await listSubmittedCandidates(ctx.db, callId)
  const ranked = await rank(ctx.db, call, rows)
  const declared = seesDeclared(ctx, call)
  return {
    callId,
    places: call.places ?? 0,
    accepted: acceptedCount(rows),
    declaredVisible: declared,
    items: ranked
      .slice(query.offset, query.offset + query.limit)
      .map((entry) => viewRanked(entry, declared)),
    total: ranked.length,
    limit: query.limit,
    offset: query.offset,
  }
}

/**
 * A proposal for the places not yet taken, among the candidates not yet decided or wait-listed.
 * Limits count the accepted already: a municipality or country at its limit offers nobody more;
 * so do count targets of a declared group. Other targets are solved over the remaining places.
 */
export async function proposeSelection(ctx: ServiceContext, callId: string): Promise<ProposalView> {
  const call = await reachCall(ctx, callId, 'manage')
  const rows = await listSubmittedCandidates(ctx.db, callId)
  const ranked = await rank(ctx.db, call, rows)
  const criteria = criteriaOf(call)
  const accepted = ranked.filter((entry) => entry.row.decision === 'accepted')
  const full = (entry: Ranked) =>
    criteria.balance.some((rule) => {
      if (rule.kind !== 'per-municipality' && rule.kind !== 'per-country') return false
      const key = (e: Ranked) =>
        rule.kind === 'per-municipality' ? e.row.municipalityId : e.row.countryCode
      return accepted.filter((a) => key(a) === key(entry)).length >= rule.max
    })
  const open = ranked.filter(
    (entry) =>
      (entry.row.decision === 'pending' || entry.row.decision === 'wait-listed') && !full(entry),
  )
  // Re-rank the pool so `propose` compares with pure ranking among those still open.
  let next = 0
  const pool = open.map((entry) => ({
    ...entry.evaluation,
    rank: entry.evaluation.eligible ? ++next : null,
  }))
  const places = call.places ?? 0
  const remaining = Math.max(0, places - accepted.length)
  // A count target the accepted already go towards asks the remaining places only for the rest.
  const balance = criteria.balance.map((rule) =>
    rule.kind === 'group-count'
      ? {
          ...rule,
          min: Math.max(
            0,
            rule.min - accepted.filter((a) => a.row.declared[rule.attribute] === rule.value).length,
          ),
        }
      : rule,
  )
  const proposal = await propose(pool, remaining, { ...criteria, balance })
  return {
    callId,
    places,
    accepted: accepted.length,
    remaining,
    selected: [...proposal.selected],
    totalScore: proposal.totalScore,
    targets: proposal.targets.map((t) => ({ ...t, target: { ...t.target } })),
    inByBalance: [...proposal.inByBalance],
    outByBalance: [...proposal.outByBalance],
  }
}

interface Change {
  candidateId: string
  decision: 'accepted' | 'rejected' | 'wait-listed' | 'declined'
  reason: string | null
}

interface Settled {
  decided: { candidateId: string; decision: CandidateDecision }[]
  promoted: string[]
  invited: string[]
  accepted: number
  /** Enrolments withdrawn from people who left; their reading access is forgotten after commit. */
  withdrawnEnrolments: string[]
}

const mailKind: Record<Change['decision'], DecisionMailKind | null> = {
  accepted: 'accepted',
  rejected: 'rejected',
  'wait-listed': 'wait-listed',
  declined: null,
}

/**
 * Applies decisions to a call's candidates under the lock of all its submitted candidates, in the
 * caller's transaction: each changed decision is stored, audited and e-mailed; never more accepted
 * than places (409, nothing stored); the accepted who have an account become members of the
 * cluster (source `selection`); a place freed (an accepted candidate rejected, wait-listed or
 * declining, or `freedBefore` by a withdrawal) goes to the best-ranked eligible wait-listed.
 */
async function settle(
  trx: Transaction<Database>,
  ctx: ApplyingContext,
  call: CallRow,
  changes: readonly Change[],
  freedBefore = 0,
  withdrawnBefore: string[] = [],
): Promise<Settled> {
  const rows = await lockSubmittedCandidates(trx, call.id)
  const byId = new Map(rows.map((row) => [row.id, row]))
  const errors: FieldError[] = []
  changes.forEach((change, i) => {
    const row = byId.get(change.candidateId)
    if (!row)
      errors.push({
        pointer: `/body/decisions/${i}/candidateId`,
        reason: 'unknown-reference',
        detail: 'is no candidate of a submitted application to this call',
      })
    else if (row.decision === 'declined' && change.decision !== 'declined')
      errors.push({
        pointer: `/body/decisions/${i}/candidateId`,
        reason: 'not-allowed',
        detail: 'gave the place back; that is final',
      })
  })
  if (errors.length > 0) throw Problem.validation(errors)
  if (
    changes.some(
      (c) => c.decision === 'declined' && byId.get(c.candidateId)!.decision !== 'accepted',
    )
  )
    throw noPlaceProblem()

  const languages = await languagesOf(trx, rows)
  let freed = freedBefore
  const released: string[] = []
  const admitted: string[] = []
  const invited: string[] = []
  const decided: Settled['decided'] = []
  const emails = changes
    .filter((c) => c.decision === 'accepted' && !byId.get(c.candidateId)!.userId)
    .map((c) => byId.get(c.candidateId)!.email)
  const accounts = new Map(
    (await findAccountsByEmail(trx, emails)).map((account) => [account.email, account.id]),
  )
  for (const change of changes) {
    const row = byId.get(change.candidateId)!
    const before = row.decision
    const found =
      change.decision === 'accepted' && !row.userId
        ? accounts.get(row.email.toLowerCase())
        : undefined
    // Accepting again someone accepted without an account, who has one now, admits them.
    if (before === 'accepted' && change.decision === 'accepted' && found) {
      await setDecision(trx, row.id, {
        decision: 'accepted',
        reason: row.decisionReason,
        decidedBy: ctx.actor.id,
        userId: found,
      })
      row.userId = found
      admitted.push(found)
      decided.push({ candidateId: row.id, decision: 'accepted' })
      await recordAudit(trx, {
        action: 'application.decided',
        actorId: ctx.actor.id,
        subject: row.id,
        ip: ctx.ip,
        details: { callId: call.id, decision: 'accepted', previous: before, linkedAccount: found },
      })
      continue
    }
    if (before === change.decision && (row.decisionReason ?? null) === change.reason) continue
    const userId =
      row.userId ??
      (change.decision === 'accepted' ? accounts.get(row.email.toLowerCase()) : undefined) ??
      null
    await setDecision(trx, row.id, {
      decision: change.decision,
      reason: change.reason,
      decidedBy: ctx.actor.id,
      ...(userId && !row.userId ? { userId } : {}),
    })
    row.decision = change.decision
    row.decisionReason = change.reason
    row.userId = userId
    decided.push({ candidateId: row.id, decision: change.decision })
    if (before === 'accepted' && change.decision !== 'accepted') {
      freed++
      if (userId) released.push(userId)
    }
    if (change.decision === 'accepted' && before !== 'accepted') {
      if (userId) admitted.push(userId)
      else invited.push(row.id)
    }
    await tell(trx, ctx, call, row, mailKind[change.decision], languages)
    await recordAudit(trx, {
      action: (change.decision === 'declined'
        ? 'application.declined'
        : 'application.decided') as AuditAction,
      actorId: ctx.actor.id,
      subject: row.id,
      ip: ctx.ip,
      details: {
        callId: call.id,
        applicationId: row.applicationId,
        decision: change.decision,
        previous: before,
        ...(change.reason ? { reason: change.reason } : {}),
      },
    })
  }
  const places = call.places ?? 0
  if (acceptedCount(rows) > places)
    throw new Problem(
      409,
      'conflict',
      'More accepted than places',
      `The call has ${places} places; these decisions would accept ${acceptedCount(rows)}.`,
      { places, accepted: acceptedCount(rows) },
    )
  const withdrawnEnrolments = [...withdrawnBefore]
  for (const userId of released)
    withdrawnEnrolments.push(
      ...((await releaseMember(trx, ctx, call.clusterId, userId, 'Not selected any more')) ?? []),
    )
  const promoted = await promote(trx, ctx, call, rows, freed, languages)
  for (const id of promoted) {
    const row = byId.get(id)!
    if (row.userId) admitted.push(row.userId)
    else invited.push(row.id)
  }
  if (admitted.length > 0) await admitSelected(trx, ctx, call.clusterId, admitted)
  await invite(
    trx,
    ctx,
    rows.filter((row) => invited.includes(row.id)),
    languages,
  )
  return { decided, promoted, invited, accepted: acceptedCount(rows), withdrawnEnrolments }
}

const supported = (language: string): SupportedLanguage =>
  (supportedLanguages as readonly string[]).includes(language)
    ? (language as SupportedLanguage)
    : 'en'

/**
 * Accepted nominees without an account are invited (learners, placed in the application's
 * municipality) through invitations, in the decision's transaction. Accepting the invitation makes
 * the account; the coordinator's accepting them again then admits them to the cluster.
 */
async function invite(
  trx: Transaction<Database>,
  ctx: ApplyingContext,
  rows: readonly SubmittedCandidateRow[],
  language: (row: SubmittedCandidateRow) => string,
) {
  if (rows.length === 0) return
  const name = await inviterName(trx, ctx.actor)
  for (const row of rows)
    await insertInvitation(
      trx,
      ctx,
      {
        email: row.email,
        name: row.fullName,
        roles: ['learner'],
        ...(row.municipalityId ? { municipalityId: row.municipalityId } : {}),
        ...(row.position ? { position: row.position } : {}),
        preferredLanguage: supported(language(row)),
      },
      { inviterName: name, registered: false },
    )
}

/** The language each candidate reads mail in: their own, else the applicant's. */
async function languagesOf(db: Db, rows: readonly SubmittedCandidateRow[]) {
  const ids = [
    ...new Set(rows.flatMap((row) => [row.applicantId, ...(row.userId ? [row.userId] : [])])),
  ]
  const known = new Map(
    (await findLanguages(db, ids)).map((row) => [row.id, row.preferredLanguage]),
  )
  return (row: SubmittedCandidateRow) =>
    (row.userId ? known.get(row.userId) : undefined) ?? known.get(row.applicantId) ?? 'en'
}

async function tell(
  db: Db,
  ctx: ApplyingContext,
  call: CallRow,
  row: SubmittedCandidateRow,
  kind: DecisionMailKind | null,
  language: (row: SubmittedCandidateRow) => string,
) {
  if (!kind) return
  await queueDecisionMail(
    db,
    kind,
    { name: row.fullName, email: row.email, language: language(row) },
    { call: call.title, reason: row.decisionReason, origin: ctx.origin },
  )
}

/**
 * Gives freed places, as many as there are free, to the eligible wait-listed in ranking order;
 * each accepted, audited and e-mailed. Returns their candidate ids.
 */
async function promote(
  trx: Transaction<Database>,
  ctx: ApplyingContext,
  call: CallRow,
  rows: SubmittedCandidateRow[],
  freed: number,
  language: (row: SubmittedCandidateRow) => string,
): Promise<string[]> {
  const free = Math.min(freed, (call.places ?? 0) - acceptedCount(rows))
  if (free <= 0) return []
  const ranked = await rank(trx, call, rows)
  const next = ranked
    .filter((entry) => entry.row.decision === 'wait-listed' && entry.evaluation.eligible)
    .slice(0, free)
  for (const { row } of next) {
    await setDecision(trx, row.id, { decision: 'accepted', reason: null, decidedBy: null })
    row.decision = 'accepted'
    row.decisionReason = null
    await tell(trx, ctx, call, row, 'promoted', language)
    await recordAudit(trx, {
      action: 'application.promoted',
      actorId: ctx.actor.id,
      subject: row.id,
      ip: ctx.ip,
      details: { callId: call.id, applicationId: row.applicationId, from: 'wait-listed' },
    })
  }
  return next.map(({ row }) => row.id)
}

/**
 * Decides on candidates, one or many, all or nothing: accepted, rejected or wait-listed, a reason
 * required for the last two. See `settle` for what follows.
 */
export async function decide(
  ctx: ApplyingContext,
  callId: string,
  decisions: readonly DecisionInput[],
): Promise<DecisionsResult> {
  const call = await reachCall(ctx, callId, 'manage')
  const errors: FieldError[] = []
  const seen = new Map<string, number>()
  decisions.forEach((d, i) => {
    if (seen.has(d.candidateId))
      errors.push({
        pointer: `/body/decisions/${i}/candidateId`,
        reason: 'conflict',
        detail: `is decided already by decision ${seen.get(d.candidateId)}`,
      })
    else seen.set(d.candidateId, i)
    if (d.decision !== 'accepted' && !d.reason?.trim())
      errors.push({
        pointer: `/body/decisions/${i}/reason`,
        reason: 'required',
        detail: 'rejecting or wait-listing needs a reason',
      })
  })
  if (errors.length > 0) throw Problem.validation(errors)
  const settled = await ctx.db.transaction().execute((trx) =>
    settle(
      trx,
      ctx,
      call,
      decisions.map((d) => ({
        candidateId: d.candidateId,
        decision: d.decision,
        reason: d.reason?.trim() ?? null,
      })),
    ),
  )
  for (const id of settled.withdrawnEnrolments) forgetReadingAccess(id)
  return {
    decided: settled.decided,
    promoted: settled.promoted,
    invited: settled.invited,
    accepted: settled.accepted,
    places: call.places ?? 0,
  }
}

/** The accepted candidate gives the place back (final); the wait-list's best takes it. */
export async function declinePlace(
  ctx: ApplyingContext,
  candidateId: string,
  reason: string | undefined,
): Promise<DeclineResult> {
  const candidate = await findCandidate(ctx.db, candidateId)
  if (!candidate || candidate.userId !== ctx.actor.id)
    throw Problem.notFound('No such candidate of yours.')
  if (candidate.decision !== 'accepted' || candidate.status !== 'submitted')
    throw new Problem(
      409,
      'conflict',
      'No place to give back',
      'Only an accepted place can be declined.',
    )
  const call = (await getCallForApplying(ctx.db, candidate.callId))!
  const settled = await ctx.db
    .transaction()
    .execute((trx) =>
      settle(trx, ctx, call, [
        { candidateId, decision: 'declined', reason: reason?.trim() || null },
      ]),
    )
  for (const id of settled.withdrawnEnrolments) forgetReadingAccess(id)
  if (!settled.decided.some((d) => d.candidateId === candidateId))
    throw new Problem(
      409,
      'conflict',
      'No place to give back',
      'Only an accepted place can be declined.',
    )
  return { candidateId, decision: 'declined', promoted: settled.promoted }
}

/**
 * The applicant withdraws their application, before or after the deadline. Places its candidates
 * held are given back (each such candidate is `declined`, and leaves the cluster) and go to the
 * wait-list's best.
 */
export async function withdrawApplication(
  ctx: ApplyingContext,
  callId: string,
): Promise<Application> {
  const { db, actor, ip, now } = ctx
  const call = await publishedCall(db, callId)
  const { row, withdrawn } = await db.transaction().execute(async (trx) => {
    const locked = await lockApplication(trx, callId, actor.id)
    if (!locked) throw Problem.notFound('You have no application to this call.')
    if (locked.status === 'withdrawn')
      throw new Problem(
        409,
        'conflict',
        'Application withdrawn',
        'This application is withdrawn already.',
      )
    // Hold the call's candidates first, in the order every decision takes them.
    await lockSubmittedCandidates(trx, callId)
    await updateApplication(trx, locked.id, { status: 'withdrawn', withdrawnAt: now })
    let freed = 0
    const enrolments: string[] = []
    for (const candidate of await listCandidates(trx, [locked.id])) {
      if (candidate.decision !== 'accepted') continue
      freed++
      await setDecision(trx, candidate.id, {
        decision: 'declined',
        reason: 'The application was withdrawn.',
        decidedBy: actor.id,
      })
      if (candidate.userId)
        enrolments.push(
          ...((await releaseMember(
            trx,
            ctx,
            call.clusterId,
            candidate.userId,
            'Application withdrawn',
          )) ?? []),
        )
    }
    await recordAudit(trx, {
      action: 'application.withdrawn',
      actorId: actor.id,
      subject: locked.id,
      ip,
      details: { callId, placesFreed: freed },
    })
    const settled = await settle(trx, ctx, call, [], freed, enrolments)
    return {
      row: (await lockApplication(trx, callId, actor.id))!,
      withdrawn: settled.withdrawnEnrolments,
    }
  })
  for (const id of withdrawn) forgetReadingAccess(id)
  return viewApplication(db, call, row, now)
}

/**
 * A call's applications for the exports helper: per candidate of a submitted application, the
 * name, place, position, status, decision, score and points per criterion, ranked. Never the
 * declared answers. Reached as the ranking is (coordinators of the association, admins, trainers
 * of the cluster).
 */
export async function listApplicationsForExport(
  ctx: ServiceContext,
  callId: string,
): Promise<ApplicationExportRow[]> {
  const call = await reachCall(ctx, callId, 'read')
  const rows = await listSubmittedCandidates(ctx.db, callId)
  const ranked = await rank(ctx.db, call, rows)
  return ranked.map(({ row, evaluation }) => ({
    candidateName: row.fullName,
    municipality: row.municipalityName,
    country: row.countryCode,
    position: row.position,
    status: 'submitted',
    decision: row.decision,
    eligible: evaluation.eligible,
    rank: evaluation.rank,
    score: evaluation.score,
    points: Object.fromEntries(evaluation.breakdown.map((b) => [`${b.rule}:${b.kind}`, b.points])),
  }))
}
