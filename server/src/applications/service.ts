// What applications offer the routes and other features. The rules live in files by noun:
// applying.ts (the applicant's draft, submission and list), selecting.ts (ranking, proposal,
// decisions, declines, withdrawals and the wait-list), ranking.ts (candidates as the selection
// library reads them), form.ts (answers against the call's form), mail.ts (decision e-mails).
import { getCallForApplying } from '../calls/service.ts'
import type { ServiceContext } from '../http/context.ts'
import { Problem } from '../http/problem.ts'
import type { PersonalDataHolder } from '../identity/service.ts'
import { type Label, labelIn, type Table } from '../tabular/index.ts'
import { collectPersonalApplications, eraseCandidateData } from './queries.ts'
import type { ApplicationExportRow } from './schemas.ts'
import { listApplicationsForExport } from './selecting.ts'

export {
  type ApplyingContext,
  getMyApplication,
  listMyApplications,
  saveDraft,
  submitApplication,
} from './applying.ts'
export {
  decide,
  declinePlace,
  listApplicationsForExport,
  proposeSelection,
  rankApplications,
  withdrawApplication,
} from './selecting.ts'
export type { ApplicationExportRow } from './schemas.ts'

/**
 * A person's applications and candidacies in their data export, declared answers included (they
 * are the person's own); erasure removes the declared answers and, where they were a candidate,
 * their name and address (the rows stay, so a call's counts hold).
 */
export const applicationPersonalData: PersonalDataHolder = {
  part: 'applications',
  collect: collectPersonalApplications,
  erase: eraseCandidateData,
}

const decisionWords: Record<ApplicationExportRow['decision'], Label> = {
  pending: { en: 'pending', 'sr-Latn': 'bez odluke' },
  accepted: { en: 'accepted', 'sr-Latn': 'prihvaćeno' },
  rejected: { en: 'rejected', 'sr-Latn': 'odbijeno' },
  'wait-listed': { en: 'wait-listed', 'sr-Latn': 'na listi čekanja' },
  declined: { en: 'declined', 'sr-Latn': 'mesto vraćeno' },
}

/**
 * A call's applications as a table for the exports (CSV, XLSX): per candidate, ranked, the place,
 * position, eligibility, score and points per score criterion, and the decision. Never the
 * declared answers (listApplicationsForExport has none). Reached as the ranking is.
 */
export async function exportApplications(
  ctx: ServiceContext,
  callId: string,
  lang?: string,
): Promise<{ basename: string; table: Table }> {
  const rows = await listApplicationsForExport(ctx, callId)
  const call = await getCallForApplying(ctx.db, callId)
  if (!call) throw Problem.notFound('No such call.')
  const scores = call.criteria.scores.map((rule, index) => ({
    key: `${index}:${rule.kind}`,
    header: {
      en: `Points ${index + 1}: ${rule.kind}`,
      'sr-Latn': `Bodovi ${index + 1}: ${rule.kind}`,
    },
  }))
  const word = (label: Label) => labelIn(label, lang)
  return {
    basename: `applications-${call.title}`,
    table: {
      title: word({ en: 'Applications', 'sr-Latn': 'Prijave' }),
      columns: [
        { en: 'Rank', 'sr-Latn': 'Rang' },
        { en: 'Name', 'sr-Latn': 'Ime i prezime' },
        { en: 'Municipality', 'sr-Latn': 'Opština' },
        { en: 'Country', 'sr-Latn': 'Država' },
        { en: 'Position', 'sr-Latn': 'Radno mesto' },
        { en: 'Eligible', 'sr-Latn': 'Ispunjava uslove' },
        { en: 'Score', 'sr-Latn': 'Bodovi ukupno' },
        ...scores.map((score) => score.header),
        { en: 'Decision', 'sr-Latn': 'Odluka' },
      ].map((label) => ({ header: word(label) })),
      rows: rows.map((row) => [
        row.rank,
        row.candidateName,
        row.municipality,
        row.country,
        row.position,
        word(row.eligible ? { en: 'yes', 'sr-Latn': 'da' } : { en: 'no', 'sr-Latn': 'ne' }),
        row.score,
        ...scores.map((score) => row.points[score.key] ?? 0),
        word(decisionWords[row.decision]),
      ]),
    },
  }
}
