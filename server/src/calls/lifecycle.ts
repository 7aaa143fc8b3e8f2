import { recordAudit } from '../audit/service.ts'
import { advanceClusterWith, reachCluster } from '../clusters/service.ts'
import type { Db } from '../db/create-db.ts'
import type { ServiceContext } from '../http/context.ts'
import { type FieldError, Problem } from '../http/problem.ts'
import { reachCallToManage } from './access.ts'
import { canonicalTimeZone, instantOfLocalTime, localTimeOf } from './deadline.ts'
import { checkCriteria, checkForm } from './form.ts'
import {
  type CallRow,
  type CallValues,
  countOtherOpenCalls,
  deleteCall,
  findCall,
  findExistingPlaces,
  insertCall,
  lockCall,
  updateCall,
} from './queries.ts'
import type {
  Call,
  CallCriteria,
  CallStatus,
  CreateCallBody,
  Form,
  UpdateCallBody,
  WhoMayApply,
} from './schemas.ts'
import {
  composedFormOf,
  criteriaOf,
  emptyCriteria,
  formOf,
  viewCall,
  whoMayApplyOf,
} from './views.ts'

const conflict = (title: string, detail: string, errors?: FieldError[]) =>
  new Problem(409, 'conflict', title, detail, errors ? { errors } : {})

/** A call's settings as a whole, before they are stored: what a create or a change yields. */
interface Settings {
  title: string
  body: string
  whoMayApply: WhoMayApply
  applicantKind: 'person' | 'municipality'
  maxNominees: number | null
  places: number | null
  deadline: Date | null
  timeZone: string | null
  form: Form
  criteria: CallCriteria
}

const noRestriction: WhoMayApply = {
  countries: [],
  associationIds: [],
  municipalityIds: [],
  positions: [],
}

/** The deadline a request sets: both parts, or one with the other kept from the call. */
function resolveDeadline(
  body: { deadline?: string; timeZone?: string },
  current: { deadline: Date | null; timeZone: string | null },
  errors: FieldError[],
): { deadline: Date | null; timeZone: string | null } {
  const unchanged = { deadline: current.deadline, timeZone: current.timeZone }
  if (body.deadline === undefined && body.timeZone === undefined) return unchanged
  const zone = body.timeZone ?? current.timeZone
  if (!zone) {
    errors.push({
      pointer: '/body/timeZone',
      reason: 'required',
      detail: 'a deadline is given with its time zone',
    })
    return unchanged
  }
  const canonical = canonicalTimeZone(zone)
  if (!canonical) {
    errors.push({
      pointer: '/body/timeZone',
      reason: 'unknown-reference',
      detail: `"${zone}" is not an IANA time zone (e.g. Europe/Belgrade)`,
    })
    return unchanged
  }
  const local =
    body.deadline ??
    (current.deadline && current.timeZone ? localTimeOf(current.deadline, current.timeZone) : null)
  if (!local) {
    errors.push({
      pointer: '/body/deadline',
      reason: 'required',
      detail: 'a time zone is given with a deadline',
    })
    return unchanged
  }
  const result = instantOfLocalTime(local, canonical)
  if (!result.ok) {
    errors.push(
      result.reason === 'nonexistent'
        ? {
            pointer: '/body/deadline',
            reason: 'invalid',
            detail: `${local} does not exist in ${canonical}: the clocks skip it (daylight saving time begins)`,
          }
        : { pointer: '/body/deadline', reason: 'format', detail: 'is not a date and time' },
    )
    return unchanged
  }
  return { deadline: result.instant, timeZone: canonical }
}

/** Who may apply refers to countries, associations and municipalities that exist. */
async function checkPlaces(db: Db, who: WhoMayApply, errors: FieldError[]) {
  const found = await findExistingPlaces(db, who)
  const unknown = (list: string[], known: Set<string>, field: string, what: string) =>
    list.forEach((value, i) => {
      if (!known.has(value))
        errors.push({
          pointer: `/body/whoMayApply/${field}/${i}`,
          reason: 'unknown-reference',
          detail: `no such ${what}`,
        })
    })
  unknown(who.countries, found.countries, 'countries', 'country')
  unknown(who.associationIds, found.associationIds, 'associationIds', 'association')
  unknown(who.municipalityIds, found.municipalityIds, 'municipalityIds', 'municipality')
}

/** The settings a request leads to from the current ones, with every problem found on the way. */
async function settle(db: Db, current: Settings, body: Partial<CreateCallBody>): Promise<Settings> {
  const errors: FieldError[] = []
  const applicantKind = body.applicantKind ?? current.applicantKind
  let maxNominees = body.maxNominees !== undefined ? body.maxNominees : current.maxNominees
  if (applicantKind === 'person') {
    if (body.maxNominees !== undefined && body.maxNominees !== null)
      errors.push({
        pointer: '/body/maxNominees',
        reason: 'not-allowed',
        detail: 'only a municipality call nominates officials',
      })
    maxNominees = null
  } else if (maxNominees === null)
    errors.push({
      pointer: '/body/maxNominees',
      reason: 'required',
      detail: 'a municipality call says how many officials one application may nominate',
    })
  const next: Settings = {
    title: body.title ?? current.title,
    body: body.body ?? current.body,
    whoMayApply: body.whoMayApply ?? current.whoMayApply,
    applicantKind,
    maxNominees,
    places: body.places ?? current.places,
    ...resolveDeadline(body, current, errors),
    form: body.form ?? current.form,
    criteria: body.criteria ?? current.criteria,
  }
  errors.push(...checkForm(next.form, applicantKind))
  errors.push(...checkCriteria(next.criteria, next.form))
  if (body.whoMayApply) await checkPlaces(db, body.whoMayApply, errors)
  if (errors.length > 0) throw Problem.validation(errors)
  return next
}

function valuesOf(settings: Settings): CallValues {
  return {
    title: settings.title,
    body: settings.body,
    eligibleCountries: settings.whoMayApply.countries,
    eligibleAssociationIds: settings.whoMayApply.associationIds,
    eligibleMunicipalityIds: settings.whoMayApply.municipalityIds,
    eligiblePositions: settings.whoMayApply.positions,
    applicantKind: settings.applicantKind,
    maxNominees: settings.maxNominees,
    places: settings.places,
    deadline: settings.deadline,
    timeZone: settings.timeZone,
    form: JSON.stringify(settings.form),
    criteria: JSON.stringify(settings.criteria),
  }
}

function settingsOf(row: CallRow): Settings {
  return {
    title: row.title,
    body: row.body,
    whoMayApply: whoMayApplyOf(row),
    applicantKind: row.applicantKind,
    maxNominees: row.maxNominees,
    places: row.places,
    deadline: row.deadline ? new Date(row.deadline) : null,
    timeZone: row.timeZone,
    // As composed: a scope the coordinator left unsaid follows a later change of applicant kind.
    form: composedFormOf(row),
    criteria: criteriaOf(row),
  }
}

async function viewOf(db: Db, id: string, now: Date): Promise<Call> {
  const row = await findCall(db, id)
  if (!row) throw Problem.notFound('No such call.')
  return viewCall(row, now)
}

/** A new draft call of a cluster the actor manages; a closed cluster takes no call (409). */
export async function createCall(
  ctx: ServiceContext,
  clusterId: string,
  body: CreateCallBody,
  now: Date,
): Promise<Call> {
  const { db, actor, ip } = ctx
  const cluster = await reachCluster(db, actor, clusterId, 'manage')
  if (cluster.status === 'closed')
    throw conflict('Cluster closed', 'A closed cluster takes no call for participants.')
  const settings = await settle(
    db,
    {
      title: body.title,
      body: '',
      whoMayApply: noRestriction,
      applicantKind: 'person',
      maxNominees: null,
      places: null,
      deadline: null,
      timeZone: null,
      form: [],
      criteria: emptyCriteria,
    },
    body,
  )
  const id = await db.transaction().execute(async (trx) => {
    const id = await insertCall(trx, { ...valuesOf(settings), clusterId, createdBy: actor.id })
    await recordAudit(trx, {
      action: 'call.created',
      actorId: actor.id,
      subject: id,
      ip,
      details: { clusterId, title: settings.title },
    })
    return id
  })
  return viewOf(db, id, now)
}

/** What may change once a call is open: not its form or who may apply; once closed, only its criteria. */
const changeableWhen: Record<CallStatus, ReadonlySet<string> | null> = {
  draft: null,
  open: new Set(['title', 'body', 'places', 'deadline', 'timeZone', 'criteria']),
  closed: new Set(['criteria']),
}

/** Changes a call; the whole result is checked (criteria against the form, the deadline's zone). */
export async function changeCall(
  ctx: ServiceContext,
  id: string,
  body: UpdateCallBody,
  now: Date,
): Promise<Call> {
  const { db, actor, ip } = ctx
  await reachCallToManage(db, actor, id)
  await db.transaction().execute(async (trx) => {
    const row = await lockCall(trx, id)
    if (!row) throw Problem.notFound('No such call.')
    const allowed = changeableWhen[row.status]
    const refused = allowed ? Object.keys(body).filter((field) => !allowed.has(field)) : []
    if (refused.length > 0)
      throw conflict(
        `Call ${row.status}`,
        `This ${row.status} call cannot change ${refused.join(', ')}.`,
        refused.map((field) => ({
          pointer: `/body/${field}`,
          reason: 'conflict',
          detail: `cannot change once the call is ${row.status}`,
        })),
      )
    const settings = await settle(trx, settingsOf(row), body)
    if (row.status === 'open' && settings.deadline && settings.deadline <= now)
      throw Problem.validation([
        {
          pointer: '/body/deadline',
          reason: 'too-small',
          detail: 'an open call keeps its deadline in the future',
        },
      ])
    await updateCall(trx, id, valuesOf(settings))
    await recordAudit(trx, {
      action: 'call.updated',
      actorId: actor.id,
      subject: id,
      ip,
      details: { fields: Object.keys(body) },
    })
  })
  return viewOf(db, id, now)
}

/** What a call lacks before it can open, as pointers into the call. */
function incompleteness(row: CallRow, now: Date): FieldError[] {
  const errors: FieldError[] = []
  if (!row.deadline)
    errors.push({
      pointer: '/deadline',
      reason: 'required',
      detail: 'a call opens with a deadline',
    })
  else if (new Date(row.deadline) <= now)
    errors.push({ pointer: '/deadline', reason: 'too-small', detail: 'is not in the future' })
  if (formOf(row).length === 0)
    errors.push({ pointer: '/form', reason: 'too-short', detail: 'a call opens with a form' })
  if (row.places === null)
    errors.push({ pointer: '/places', reason: 'required', detail: 'a call opens with its places' })
  return errors
}

/**
 * Opens a complete draft (publishing it) or closes an open call. Opening moves a draft cluster to
 * call-open; a cluster already past its call refuses (409). Closing the cluster's last open call
 * moves it to selecting. One transaction, audited; asking for the status a call has changes nothing.
 */
export async function moveCall(
  ctx: ServiceContext,
  id: string,
  status: 'open' | 'closed',
  now: Date,
): Promise<Call> {
  const { db, actor, ip } = ctx
  await reachCallToManage(db, actor, id)
  await db.transaction().execute(async (trx) => {
    const row = await lockCall(trx, id)
    if (!row) throw Problem.notFound('No such call.')
    if (row.status === status) return
    const audit = { actorId: actor.id, ip }
    if (status === 'open') {
      if (row.status !== 'draft')
        throw conflict('Call closed', 'A closed call does not open again.')
      const missing = incompleteness(row, now)
      if (missing.length > 0)
        throw conflict('Call incomplete', 'The call lacks what opening needs.', missing)
      const moved = await advanceClusterWith(trx, row.clusterId, 'draft', 'call-open', audit)
      if (!moved) {
        const cluster = await reachCluster(trx, actor, row.clusterId, 'manage')
        if (cluster.status !== 'call-open')
          throw conflict(
            'Cluster past its call',
            `The cluster is ${cluster.status}: calls open while it is a draft or its call is open.`,
          )
      }
      await updateCall(trx, id, { status: 'open', publishedAt: row.publishedAt ?? now })
      await recordAudit(trx, {
        action: 'call.published',
        actorId: actor.id,
        ip,
        subject: id,
        details: { clusterId: row.clusterId, deadline: new Date(row.deadline!).toISOString() },
      })
      return
    }
    if (row.status !== 'open') throw conflict('Call draft', 'A draft call is deleted, not closed.')
    await updateCall(trx, id, { status: 'closed' })
    if ((await countOtherOpenCalls(trx, row.clusterId, id)) === 0)
      await advanceClusterWith(trx, row.clusterId, 'call-open', 'selecting', audit)
    await recordAudit(trx, {
      action: 'call.closed',
      actorId: actor.id,
      subject: id,
      ip,
      details: { clusterId: row.clusterId },
    })
  })
  return viewOf(db, id, now)
}

/** Deletes a draft call; a published one stays (409), as applicants may hold it. */
export async function removeCall(ctx: ServiceContext, id: string): Promise<void> {
  const { db, actor, ip } = ctx
  await reachCallToManage(db, actor, id)
  await db.transaction().execute(async (trx) => {
    const row = await lockCall(trx, id)
    if (!row) throw Problem.notFound('No such call.')
    if (row.status !== 'draft')
      throw conflict(`Call ${row.status}`, 'Only a draft call can be deleted.')
    await deleteCall(trx, id)
    await recordAudit(trx, {
      action: 'call.deleted',
      actorId: actor.id,
      subject: id,
      ip,
      details: { clusterId: row.clusterId, title: row.title },
    })
  })
}
