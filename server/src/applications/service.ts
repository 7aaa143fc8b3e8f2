// What applications offer the routes and other features. The rules live in files by noun:
// applying.ts (the applicant's draft, submission and list), selecting.ts (ranking, proposal,
// decisions, declines, withdrawals and the wait-list), ranking.ts (candidates as the selection
// library reads them), form.ts (answers against the call's form), mail.ts (decision e-mails).
import type { PersonalDataHolder } from '../identity/service.ts'
import { collectPersonalApplications, eraseCandidateData } from './queries.ts'

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
