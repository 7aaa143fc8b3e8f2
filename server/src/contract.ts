// The API's one declared entry point for the web (@agora/server/contract): the types of the
// features' TypeBox schemas, the problem vocabulary and shared constants. Types only, plus
// constants from pure files, so nothing here pulls the database, Fastify or a service into the web.

import type { LearnerQuestion } from './quizzes/schemas.ts'
import type { StepBody } from './courses/schemas.ts'

// Errors (RFC 9457): the web translates by problem type, field pointer and reason, never by detail.
export type { FieldError, FieldReason, ProblemBody, ProblemType } from './http/problem.ts'
export type { Page } from './http/pagination.ts'

// Constants shared by both sides.
export { roles, type Role } from './http/roles.ts'
export { auditActions, type AuditAction } from './audit/actions.ts'
export { supportedLanguages, type SupportedLanguage } from './course-format/languages.ts'
export { maxModuleLength } from './course-format/constants.ts'
export {
  answerTypeOfKind,
  builtInFieldKinds,
  customFieldKinds,
  declaredFieldKinds,
  formFieldKinds,
  type FormFieldKind,
  isPersonalKind,
  personalFieldKinds,
} from './calls/constants.ts'
export { goodPracticeAreas, goodPracticeStatuses } from './practices/constants.ts'
export type { GoodPracticeArea, GoodPracticeStatus } from './practices/constants.ts'
export { attendanceStatuses, checkInOpensMinutesBefore } from './attendance/constants.ts'
export type { AttendanceStatus } from './attendance/constants.ts'
export { evaluationMinimumResponses } from './surveys/constants.ts'
// The event types' lists come with the machine (@agora/server/progression); the contract stays
// free of modules that build schemas or machines when loaded, so pages that only need a type or a
// constant do not ship TypeBox or XState to the browser.
export type { ProgressionEventType, StepPhase } from './progression/index.ts'

// Answers of the API, by feature.
export type { RegistrationStatus, Session, SetupLink, User } from './identity/schemas.ts'
export type { Country, Association, Municipality, ImportReport } from './organisations/schemas.ts'
export type { Invitation, PublicInvitation, BulkReport } from './invitations/schemas.ts'
export type { AuditEvent } from './audit/schemas.ts'
export type {
  CourseSummary,
  CourseStepOutline,
  CoursePage,
  Draft,
  Version,
  FileDiff,
  ModulePreview,
  PublishResult,
  SourceProblem,
} from './courses/schemas.ts'
export type { Question as GiftQuestion } from './course-format/gift/types.ts'
export type {
  Enrolment,
  EnrolmentDetail,
  EnrolmentCertificate,
  EnrolmentList,
  EnrolmentStatus,
  MyEnrolment,
  StepProgress,
  Learner,
  CourseEnrolment,
  CourseEnrolmentPage,
  ProgressionEventList,
  ProgressionEventRecord,
} from './enrolments/schemas.ts'
export type {
  AddMembersResult,
  Cluster,
  ClusterMember,
  ClusterMemberPage,
  ClusterPage,
  ClusterStatus,
  MemberImportReport,
} from './clusters/schemas.ts'
export type {
  ApplicantKind,
  Call,
  CallCriteria,
  CallPage,
  CallStatus,
  CallView,
  Deadline,
  EligibilityRule,
  BalanceRule,
  FieldScope,
  Form,
  FormField,
  PublicCall,
  PublicCallPage,
  ScoreRule,
  WhoMayApply,
  CreateCallBody,
  UpdateCallBody,
} from './calls/schemas.ts'
export type {
  Answers as ApplicationAnswers,
  Application,
  ApplicationBody,
  Candidate,
  CandidateInput,
  DecisionInput,
  DecisionsBody,
  DecisionsResult,
  Declared,
  DeclineResult,
  MyApplication,
  MyApplicationPage,
  Place,
  ProposalView,
  RankedCandidate,
  Ranking,
} from './applications/schemas.ts'
export type {
  AtRiskLearner,
  CourseFunnel,
  Dashboard,
  FunnelRow,
  FunnelStep,
  Overview,
  QuestionStats,
  QuizModuleStats,
  Reminder,
} from './reports/schemas.ts'
export type { Answer, Answers } from './quizzes/answers.ts'
export type {
  Attempt,
  AttemptReview,
  AttemptReviewList,
  LearnerQuestion,
  QuestionResult,
  SubmittedAttempt,
} from './quizzes/schemas.ts'

/**
 * GET /enrolments/:id/steps/:step. The schema lets a survey's questions through unchecked
 * (enrolments does not import quizzes); they are learner questions.
 */
export type StepDocument = Omit<StepBody, 'questions'> & { questions: LearnerQuestion[] }
// Issue 14's features: every type of their schemas (names are prefixed by feature to stay unique).
export type * from './webinars/schemas.ts'
export type * from './attendance/schemas.ts'
export type * from './practices/schemas.ts'
export type * from './surveys/schemas.ts'
export type * from './certificates/schemas.ts'
export type * from './credentials/schemas.ts'
export type * from './xapi/schemas.ts'
