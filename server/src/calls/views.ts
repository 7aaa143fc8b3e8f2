import { renderMarkdown } from '../course-format/markdown/index.ts'
import { closingInstant, localTimeOf } from './deadline.ts'
import type { CallRow } from './queries.ts'
import { isPersonalKind } from './constants.ts'
import type {
  ApplicantKind,
  Call,
  CallCriteria,
  CallStatus,
  Deadline,
  Form,
  FormField,
  PublicCall,
  WhoMayApply,
} from './schemas.ts'

export const emptyCriteria: CallCriteria = { eligibility: [], scores: [], balance: [] }

/**
 * A stored field as the API shows it, its scope always said: a person call asks everything once;
 * a municipality call asks facts about a person (position, languages, what they declare) of each
 * nominee, the rest once unless the coordinator chose otherwise.
 */
export function normaliseField(field: FormField, applicantKind: ApplicantKind): FormField {
  const per = applicantKind === 'municipality' && isPersonalKind(field.kind) ? 'nominee' : field.per
  return { ...field, per: per ?? 'application' }
}

/** The form as the coordinator composed it, scopes left unsaid where they were. */
export function composedFormOf(row: Pick<CallRow, 'form'>): Form {
  return (row.form ?? []) as Form
}

export function formOf(row: Pick<CallRow, 'form' | 'applicantKind'>): Form {
  return composedFormOf(row).map((field) => normaliseField(field, row.applicantKind))
}

export function criteriaOf(row: Pick<CallRow, 'criteria'>): CallCriteria {
  return { ...emptyCriteria, ...(row.criteria as Partial<CallCriteria> | null) }
}

export function whoMayApplyOf(row: CallRow): WhoMayApply {
  return {
    countries: row.eligibleCountries,
    associationIds: row.eligibleAssociationIds,
    municipalityIds: row.eligibleMunicipalityIds,
    positions: row.eligiblePositions,
  }
}

export function deadlineOf(row: Pick<CallRow, 'deadline' | 'timeZone'>): Deadline | null {
  if (!row.deadline || !row.timeZone) return null
  const at = new Date(row.deadline)
  return {
    at: at.toISOString(),
    local: localTimeOf(at, row.timeZone),
    timeZone: row.timeZone,
    closesAt: closingInstant(at).toISOString(),
  }
}

/** Open, and the end of the deadline's minute not yet reached by `now` (the server's clock). */
export function isTakingApplications(
  call: { status: CallStatus; deadline: Date | string | null },
  now: Date,
): boolean {
  return (
    call.status === 'open' &&
    call.deadline !== null &&
    now < closingInstant(new Date(call.deadline))
  )
}

function common(row: CallRow, now: Date) {
  return {
    id: row.id,
    clusterId: row.clusterId,
    associationId: row.associationId,
    title: row.title,
    body: row.body,
    bodyHtml: renderMarkdown(row.body),
    status: row.status,
    acceptingApplications: isTakingApplications(row, now),
    applicantKind: row.applicantKind,
    maxNominees: row.maxNominees,
    places: row.places,
    deadline: deadlineOf(row),
    whoMayApply: whoMayApplyOf(row),
    publishedAt: row.publishedAt ? new Date(row.publishedAt).toISOString() : null,
    form: formOf(row),
    association: { id: row.associationId, slug: row.associationSlug, name: row.associationName },
    clusterName: row.clusterName,
  }
}

/** A call as those who manage its cluster see it. */
export function viewCall(row: CallRow, now: Date): Call {
  return {
    ...common(row, now),
    criteria: criteriaOf(row),
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  }
}

/** A call as anyone sees it: without its criteria. */
export function viewPublicCall(row: CallRow, now: Date): PublicCall {
  return common(row, now)
}
