// A call's candidates read as the selection library's applicants, evaluated by the call's criteria.
import { membersOfOtherClusters, representedMunicipalities } from '../clusters/service.ts'
import type { Db } from '../db/create-db.ts'
import {
  type Answer,
  type Applicant,
  type Criteria,
  type Evaluation,
  evaluate,
} from '../selection/index.ts'
import type { CallRow } from './applying.ts'
import type { SubmittedCandidateRow } from './queries.ts'

export interface Ranked {
  row: SubmittedCandidateRow
  evaluation: Evaluation
  firstTime: boolean
}

/** The call's criteria (calls checks them against the form) as the selection library reads them. */
export function criteriaOf(call: Pick<CallRow, 'criteria'>): Criteria {
  return call.criteria
}

/**
 * Evaluates the candidates: each one's answers are the application's and their own together, the
 * municipality is the application's, a first-timer was never a member of another cluster of the
 * association, and "a municipality with no participant yet" is read against the cluster's current
 * members. Ranked as `evaluate` ranks: the eligible by score, then the ineligible.
 */
export async function rank(
  db: Db,
  call: CallRow,
  rows: readonly SubmittedCandidateRow[],
): Promise<Ranked[]> {
  const userIds = rows.flatMap((row) => (row.userId ? [row.userId] : []))
  const [represented, returning] = await Promise.all([
    representedMunicipalities(db, call.clusterId),
    membersOfOtherClusters(db, call.associationId, call.clusterId, userIds),
  ])
  const byId = new Map(rows.map((row) => [row.id, row]))
  const applicants: Applicant[] = rows.map((row) => ({
    id: row.id,
    submittedAt: new Date(row.submittedAt ?? 0).toISOString(),
    municipalityId: row.municipalityId ?? '',
    countryCode: row.countryCode ?? '',
    ...(row.municipalityAssociationId ? { associationId: row.municipalityAssociationId } : {}),
    ...(row.position ? { position: row.position } : {}),
    languages: row.languages,
    answers: {
      ...(row.applicationAnswers as Record<string, Answer>),
      ...(row.answers as Record<string, Answer>),
    },
    firstTime: !(row.userId && returning.has(row.userId)),
    declared: row.declared,
  }))
  const evaluations = evaluate(applicants, {
    ...criteriaOf(call),
    representedMunicipalityIds: represented,
  })
  return evaluations.map((evaluation) => ({
    row: byId.get(evaluation.applicant.id)!,
    evaluation,
    firstTime: evaluation.applicant.firstTime,
  }))
}
