// What calls offer the routes and other features (applications reads a call through
// `getCallForApplying` and `isOpenForApplications`). The rules live in files by noun: access.ts (who
// reaches a call), lifecycle.ts (create, change, open, close, delete), form.ts (the form and
// criteria rules), deadline.ts (local time in a zone to an instant), public.ts (the open calls
// list, the Atom feed and the embeddable list), views.ts (what the API shows).
import type { Db } from '../db/create-db.ts'
import type { Actor } from '../http/auth.ts'
import type { ServiceContext } from '../http/context.ts'
import { type Page, pageOf } from '../http/pagination.ts'
import { reachCluster } from '../clusters/service.ts'
import type { Criteria } from '../selection/index.ts'
import { reachCallToManage, reachCallToRead } from './access.ts'
import { closingInstant } from './deadline.ts'
import { findCall, listCallsOfCluster } from './queries.ts'
import type {
  ApplicantKind,
  Call,
  CallCriteria,
  CallStatus,
  CallView,
  Form,
  ListClusterCallsQuery,
  WhoMayApply,
} from './schemas.ts'
import {
  criteriaOf,
  formOf,
  isTakingApplications,
  viewCall,
  viewPublicCall,
  whoMayApplyOf,
} from './views.ts'

export { changeCall, createCall, moveCall, removeCall } from './lifecycle.ts'
export { embedOpenCalls, listOpenCalls, openCallsFeed } from './public.ts'
export { closingInstant, instantOfLocalTime, localTimeOf } from './deadline.ts'
export { answerTypeOfKind, declaredFieldKinds } from './constants.ts'

/** The calls of a cluster the actor manages, newest first (drafts included). */
export async function listClusterCalls(
  ctx: ServiceContext,
  clusterId: string,
  query: ListClusterCallsQuery,
  now: Date,
): Promise<Page<Call>> {
  await reachCluster(ctx.db, ctx.actor, clusterId, 'manage')
  return pageOf(
    query,
    (window) => listCallsOfCluster(ctx.db, clusterId, { status: query.status }, window),
    (row) => viewCall(row, now),
  )
}

/** One call: public once open or closed; a draft, and the criteria, only for its cluster's managers. */
export async function getCall(
  db: Db,
  actor: Actor | null,
  id: string,
  now: Date,
): Promise<CallView> {
  const { call, manages } = await reachCallToRead(db, actor, id)
  return manages ? viewCall(call, now) : viewPublicCall(call, now)
}

/** A call as its cluster's managers see it (404 to others, 403 to its trainers). */
export async function getManagedCall(ctx: ServiceContext, id: string, now: Date): Promise<Call> {
  return viewCall(await reachCallToManage(ctx.db, ctx.actor, id), now)
}

/** What applying to a call needs to know of it. */
export interface CallForApplying {
  id: string
  clusterId: string
  associationId: string
  title: string
  status: CallStatus
  applicantKind: ApplicantKind
  /** Municipality calls: how many officials one application may nominate; null for person calls. */
  maxNominees: number | null
  /** Null only while a draft. */
  places: number | null
  /** The deadline's minute as an instant; null only while a draft. */
  deadline: Date | null
  /** Applications are taken until this instant (the end of the deadline's minute). */
  closesAt: Date | null
  timeZone: string | null
  whoMayApply: WhoMayApply
  form: Form
  criteria: CallCriteria
}

/** A call for the applications feature, whoever asks (access is the caller's rule); undefined if none. */
export async function getCallForApplying(
  db: Db,
  callId: string,
): Promise<CallForApplying | undefined> {
  const row = await findCall(db, callId)
  if (!row) return undefined
  const deadline = row.deadline ? new Date(row.deadline) : null
  return {
    id: row.id,
    clusterId: row.clusterId,
    associationId: row.associationId,
    title: row.title,
    status: row.status,
    applicantKind: row.applicantKind,
    maxNominees: row.maxNominees,
    places: row.places,
    deadline,
    closesAt: deadline ? closingInstant(deadline) : null,
    timeZone: row.timeZone,
    whoMayApply: whoMayApplyOf(row),
    form: formOf(row),
    criteria: criteriaOf(row),
  }
}

/**
 * Whether a call takes applications at `now`: it is open and the end of its deadline's minute has
 * not come (a deadline of 23:59 takes an application at 23:59:59, not at 00:00).
 */
export function isOpenForApplications(
  call: Pick<CallForApplying, 'status' | 'deadline'>,
  now: Date,
): boolean {
  return isTakingApplications(call, now)
}

/**
 * A call's criteria as the selection library takes them, with the municipalities that already have
 * a member in the cluster (for "a municipality with no participant yet"). The compiler checks that
 * the stored shape is the library's.
 */
export function selectionCriteriaOf(
  criteria: CallCriteria,
  representedMunicipalityIds: readonly string[],
): Criteria {
  return { ...criteria, representedMunicipalityIds }
}
