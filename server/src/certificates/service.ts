// What certificates offer the routes, app.ts and other features. The rules live in files by noun:
// issue.ts (issuing once: the listener and the sweep), views.ts (who sees what), revocation.ts
// (revoke, re-issue), verification.ts (the public check, the status list, uploaded credentials),
// document.ts (what the PDF shows), personal-data.ts (export and erasure).
export { certificateDocument, type CertificateDocumentOf } from './document.ts'
export {
  type CertificateSettings,
  certificateIssueTask,
  issueCertificate,
  issueOnCompletion,
} from './issue.ts'
export { certificatePersonalData } from './personal-data.ts'
export { reissueCertificate, revokeCertificate } from './revocation.ts'
export {
  certificatesOfEnrolments,
  getCertificate,
  listMyCertificates,
  listStaffCertificates,
  mayManage,
  visibleCertificate,
} from './views.ts'
export { statusListCredential, verifyCertificate, verifyCredential } from './verification.ts'
