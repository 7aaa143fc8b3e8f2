import type { ColumnType, Generated, Insertable, JSONColumnType, Selectable } from 'kysely'
import type { LearnerAnswers, Question, QuestionResult } from '../course-format/gift/index.ts'
import type { CourseManifest } from '../course-format/manifest.ts'
import type { TocEntry } from '../course-format/markdown/index.ts'
import type { PersistedProgress } from '../progression/index.ts'

type CreatedAt = ColumnType<Date, Date | string | undefined, never>
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>

/** ISO 3166-1 alpha-2, plus XK (user-assigned code in common use for Kosovo). */
export interface CountryTable {
  code: string
  name: string
}

/** A local-government association (LGA), e.g. SKGO, ZELS, SKR, or the NALAS network. */
export interface AssociationTable {
  id: Generated<string>
  countryCode: string | null
  slug: string
  acronym: string
  name: string
  nameLocal: string | null
  createdAt: CreatedAt
}

/** A local self-government unit. */
export interface MunicipalityTable {
  id: Generated<string>
  countryCode: string
  associationId: string | null
  name: string
  altNames: ColumnType<string[], string[] | undefined, string[]>
  officialCode: string | null
  createdAt: CreatedAt
}

export interface UserTable {
  id: Generated<string>
  email: string
  name: string
  preferredLanguage: Generated<string>
  timeZone: Generated<string>
  municipalityId: string | null
  associationId: string | null
  position: string | null
  passwordHash: string | null
  emailVerifiedAt: Date | null
  erasedAt: Date | null
  /** Access tokens carry the epoch they were issued in; a token of an older epoch is refused. */
  sessionEpoch: Generated<number>
  createdAt: CreatedAt
  updatedAt: UpdatedAt
}

import type { Role } from '../http/roles.ts'

export type { Role }

export interface UserRoleTable {
  userId: string
  role: Role
  grantedAt: CreatedAt
}

export interface CourseTable {
  id: Generated<string>
  slug: string
  /** Title per language tag, e.g. { en: 'Diversity Management', 'sr-Latn': 'Upravljanje različitostima' }. */
  title: ColumnType<Record<string, string>, string, string>
  languages: ColumnType<string[], string[], string[]>
  publishedAt: Date | null
  currentVersionId: string | null
  createdAt: CreatedAt
}

export interface CourseVersionTable {
  id: Generated<string>
  courseId: string
  number: number
  contentHash: string
  manifest: JSONColumnType<CourseManifest>
  /** course.yaml as written, so a version can be exported and edited again. */
  manifestSource: string
  changeSummary: string | null
  createdBy: string | null
  createdAt: CreatedAt
}

export interface CourseDocumentTable {
  versionId: string
  language: string
  step: string
  kind: 'module' | 'survey'
  title: string
  minutes: number
  objectives: ColumnType<string[], string, string>
  source: string
  html: string
  toc: JSONColumnType<TocEntry[]>
  /** The full questions, answer keys included: never sent to a learner before they submit. */
  questions: JSONColumnType<Question[]>
}

export interface RefreshTokenTable {
  id: Generated<string>
  userId: string
  familyId: string
  tokenHash: string
  createdAt: CreatedAt
  expiresAt: Date
  usedAt: Date | null
  revokedAt: Date | null
}

export type UserTokenPurpose = 'password-reset' | 'email-verification' | 'setup'

export interface UserTokenTable {
  id: Generated<string>
  purpose: UserTokenPurpose
  userId: string | null
  tokenHash: string
  createdAt: CreatedAt
  expiresAt: Date
  usedAt: Date | null
}

/** A reset asked for by address, until the outbox worker resolves it (mail or nothing). */
export interface PasswordResetRequestTable {
  id: Generated<string>
  email: string
  ip: string
  requestedAt: CreatedAt
}

export interface InvitationTable {
  id: Generated<string>
  email: string
  name: string
  roles: ColumnType<Role[], Role[], Role[]>
  municipalityId: string | null
  associationId: string | null
  position: string | null
  preferredLanguage: Generated<string>
  invitedBy: string | null
  tokenHash: string
  createdAt: CreatedAt
  expiresAt: Date
  acceptedAt: Date | null
  revokedAt: Date | null
  userId: string | null
}

export interface OutboxMessageTable {
  id: Generated<string>
  recipient: string
  subject: string
  text: string
  createdAt: CreatedAt
  nextAttemptAt: Generated<Date>
  attempts: Generated<number>
  lastError: string | null
  sentAt: Date | null
  /** One calendar object sent as the text/calendar part (0031). */
  calendar: ColumnType<OutboxCalendar | null, string | null | undefined, string | null>
}

export interface OutboxCalendar {
  method: 'REQUEST' | 'CANCEL' | 'PUBLISH'
  /** The RFC 5545 text. */
  content: string
}

export interface AuditEventTable {
  id: Generated<string>
  at: CreatedAt
  action: string
  actorId: string | null
  subject: string | null
  ip: string | null
  details: ColumnType<Record<string, unknown>, string | undefined, string>
}

/**
 * Failed sign-ins of an address (lower-case) from one client (its IP), or from every client
 * together when `client` is ''. `notifiedAt`: when the holder was last told, on the '' row.
 */
export interface LoginThrottleTable {
  emailKey: string
  client: string
  failures: number
  retryAt: Date | null
  notifiedAt: Date | null
  updatedAt: UpdatedAt
}

export interface RateLimitHitTable {
  key: string
  count: number
  resetAt: Date
}

export interface CourseTrainerTable {
  courseId: string
  userId: string
}

/** A trainer's unpublished edit of one module or survey text; `revision` guards against lost updates. */
export interface ModuleDraftTable {
  courseId: string
  language: string
  step: string
  markdown: string
  revision: number
  updatedBy: string | null
  updatedAt: UpdatedAt
}

export type EnrolmentStatus = 'active' | 'withdrawn' | 'completed'

export interface EnrolmentTable {
  id: Generated<string>
  userId: string
  courseId: string
  courseVersionId: string
  language: string
  clusterId: string | null
  status: Generated<EnrolmentStatus>
  /** The progression machine's persisted state: { value, context }. */
  progress: JSONColumnType<PersistedProgress>
  /** Number of progression events applied; the optimistic-concurrency token. */
  version: Generated<number>
  enrolledBy: string | null
  withdrawnReason: string | null
  withdrawnAt: Date | null
  completedAt: Date | null
  createdAt: CreatedAt
  updatedAt: UpdatedAt
}

/** What an event carries besides its type: its step, a quiz score, a reason… (never survey answers: surveys keeps them apart). */
export type ProgressionEventPayload = Record<string, unknown> & { step?: string }

export interface ProgressionEventTable {
  id: Generated<string>
  enrolmentId: string
  sequence: number
  type: string
  payload: JSONColumnType<ProgressionEventPayload, string, never>
  actorId: string | null
  at: CreatedAt
}

export interface QuizAttemptTable {
  id: Generated<string>
  enrolmentId: string
  step: string
  number: number
  language: string
  seed: number
  answers: JSONColumnType<LearnerAnswers, string | undefined, string>
  status: Generated<'open' | 'graded'>
  score: number | null
  passed: boolean | null
  /** Set when graded. */
  result: JSONColumnType<QuestionResult[] | null, string | undefined, string>
  startedAt: CreatedAt
  savedAt: Date | null
  submittedAt: Date | null
}

export interface IdempotencyKeyTable {
  userId: string
  scope: string
  key: string
  fingerprint: string
  statusCode: number
  response: ColumnType<unknown, string, string>
  createdAt: CreatedAt
}

/** A task run once across replicas by whoever takes its lease (housekeeping). */
export interface ScheduledTaskTable {
  name: string
  leasedUntil: Date
  lastStartedAt: Date
  lastFinishedAt: Date | null
  lastOutcome: string | null
}

export interface ReadingPositionTable {
  enrolmentId: string
  step: string
  anchor: string
  updatedAt: UpdatedAt
}

export type ClusterStatus = 'draft' | 'call-open' | 'selecting' | 'running' | 'closed'
export type ClusterMemberSource = 'selection' | 'assignment' | 'import'

/** A calendar day (`date`): pg would parse it as a Date at local midnight, so it is read as `::text`. */
type CalendarDay = ColumnType<unknown, string, string>

/** A learning cluster of an association (clusters). */
export interface ClusterTable {
  id: Generated<string>
  associationId: string
  name: string
  /** Markdown. */
  description: Generated<string>
  startsOn: CalendarDay
  endsOn: CalendarDay
  capacity: number
  status: Generated<ClusterStatus>
  createdBy: string | null
  createdAt: CreatedAt
  updatedAt: UpdatedAt
}

export interface ClusterCourseTable {
  clusterId: string
  courseId: string
  /** The languages the cluster offers the course in (a subset of its published version's). */
  languages: string[]
}

export interface ClusterTrainerTable {
  clusterId: string
  userId: string
}

/** A membership; one without `leftAt` is current, one with it is kept for reports. */
export interface ClusterMemberTable {
  id: Generated<string>
  clusterId: string
  userId: string
  source: ClusterMemberSource
  joinedAt: CreatedAt
  leftAt: Date | null
  leaveReason: string | null
}

export type CallStatus = 'draft' | 'open' | 'closed'
export type CallApplicantKind = 'person' | 'municipality'

/** A call for participants of a cluster (calls). */
export interface CallTable {
  id: Generated<string>
  clusterId: string
  title: string
  /** Markdown. */
  body: Generated<string>
  /** Empty: no restriction of that kind. */
  eligibleCountries: Generated<string[]>
  eligibleAssociationIds: Generated<string[]>
  eligibleMunicipalityIds: Generated<string[]>
  eligiblePositions: Generated<string[]>
  applicantKind: CallApplicantKind
  /** How many officials a municipality may nominate; null for a call to persons. */
  maxNominees: number | null
  /** Null only in a draft (0030), like the deadline and its zone. */
  places: number | null
  /** The deadline's minute as a UTC instant (applications are taken to its end); shown in `timeZone`. */
  deadline: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
  /** IANA zone the deadline was set in, e.g. Europe/Belgrade. */
  timeZone: string | null
  /** The application form's fields, as the calls schemas define them. */
  form: ColumnType<unknown, string | undefined, string>
  /** The selection criteria (`selection` library's `Criteria`, without represented municipalities). */
  criteria: ColumnType<unknown, string | undefined, string>
  status: Generated<CallStatus>
  publishedAt: Date | null
  createdBy: string | null
  createdAt: CreatedAt
  updatedAt: UpdatedAt
}

export type ApplicationStatus = 'draft' | 'submitted' | 'withdrawn'
export type CandidateDecision = 'pending' | 'accepted' | 'rejected' | 'wait-listed' | 'declined'

/** An application to a call, by a person or a municipality (calls). */
export interface ApplicationTable {
  id: Generated<string>
  callId: string
  applicantId: string
  municipalityId: string | null
  /** Answers to the application-level fields, by field key. */
  answers: ColumnType<Record<string, unknown>, string | undefined, string>
  status: Generated<ApplicationStatus>
  submittedAt: Date | null
  withdrawnAt: Date | null
  createdAt: CreatedAt
  updatedAt: UpdatedAt
}

/** A person put forward by an application; the selection decides per candidate (calls). */
export interface ApplicationCandidateTable {
  id: Generated<string>
  applicationId: string
  userId: string | null
  fullName: string
  email: string
  position: string | null
  languages: Generated<string[]>
  answers: ColumnType<Record<string, unknown>, string | undefined, string>
  /** Sensitive, declared by choice (gender, community): selecting coordinators only. */
  declared: ColumnType<Record<string, string>, string | undefined, string>
  decision: Generated<CandidateDecision>
  decisionReason: string | null
  decidedAt: Date | null
  decidedBy: string | null
  createdAt: CreatedAt
}

/** A reminder e-mail sent to a cluster's learner (reports): at most one in 7 days. */
export interface LearnerReminderTable {
  id: Generated<string>
  clusterId: string
  userId: string
  sentBy: string | null
  sentAt: CreatedAt
}

/** A cluster's counted funnel and per-question tallies, counted again when it changed (reports). */
export interface ReportSummaryTable {
  clusterId: string
  fingerprint: string
  /** reports' counted rows per course, step and place, packed column by column. */
  funnel: JSONColumnType<object>
  quizItems: JSONColumnType<ReportQuizItem[]>
  computedAt: Date
}

/** One question's tallies over the graded attempts of a cluster's members. */
export interface ReportQuizItem {
  versionId: string
  step: string
  question: number
  answers: number
  right: number
  points: number
}

export type WebinarSessionStatus = 'scheduled' | 'cancelled'

/** A scheduled session of a course's webinar step (webinars). */
export interface WebinarSessionTable {
  id: Generated<string>
  courseId: string
  step: string
  /** Null: open to every learner of the course at the step. */
  clusterId: string | null
  title: string
  /** Markdown. */
  agenda: Generated<string>
  startsAt: ColumnType<Date, Date | string, Date | string>
  durationMinutes: number
  /** IANA zone the start was set in, e.g. Europe/Belgrade. */
  timeZone: string
  /** https only. */
  joinUrl: string
  capacity: number | null
  language: string
  organiserId: string | null
  status: Generated<WebinarSessionStatus>
  /** RFC 5545 SEQUENCE of the session: raised on every change. */
  sequence: Generated<number>
  recordingUrl: string | null
  checkInCode: string
  reminderSentAt: Date | null
  cancelledAt: Date | null
  createdAt: CreatedAt
  updatedAt: UpdatedAt
}

export type WebinarRegistrationStatus = 'registered' | 'cancelled'

/** A learner's registration for a session (webinars); one row per session and person. */
export interface WebinarRegistrationTable {
  id: Generated<string>
  sessionId: string
  userId: string
  enrolmentId: string
  status: Generated<WebinarRegistrationStatus>
  /** Added to the session's sequence in this attendee's invitations; raised on cancel or move. */
  calendarSequence: Generated<number>
  registeredAt: Generated<Date>
  cancelledAt: Date | null
}

/** A person's secret calendar feed (webinars): the token is shown once and stored hashed. */
export interface CalendarFeedTable {
  userId: string
  tokenHash: string
  createdAt: CreatedAt
}

export type AttendanceStatus = 'attended' | 'absent' | 'excused'

/** Who attended a session (attendance); one row per session and person. */
export interface WebinarAttendanceTable {
  sessionId: string
  userId: string
  enrolmentId: string
  status: AttendanceStatus
  /** Required when excused. */
  reason: string | null
  via: 'list' | 'check-in'
  markedBy: string | null
  markedAt: Generated<Date>
}

export type GoodPracticeArea =
  'workforce' | 'services' | 'information-communication' | 'participation' | 'other'
export type GoodPracticeStatus = 'submitted' | 'returned' | 'approved'

/** A good practice: a webinar's written alternative or a contribution outside a course (practices). */
export interface GoodPracticeTable {
  id: Generated<string>
  authorId: string | null
  /** With `step`: the enrolment whose webinar gate an approval excuses; null outside a course. */
  enrolmentId: string | null
  step: string | null
  courseId: string | null
  countryCode: string
  municipalityId: string | null
  municipalityName: string
  area: GoodPracticeArea
  title: string
  problem: string
  actions: string
  results: string
  /** A role (e.g. "Office for Local Economic Development"), never a person's private data. */
  contactRole: string
  /** Markdown. */
  body: Generated<string>
  language: string
  public: Generated<boolean>
  status: Generated<GoodPracticeStatus>
  reviewComment: string | null
  reviewedBy: string | null
  reviewedAt: Date | null
  /** Raised on every edit; guards against lost updates. */
  revision: Generated<number>
  /** The text-search configuration the vector was built with, e.g. english, serbian, simple. */
  searchConfig: Generated<string>
  /** tsvector, written by the practices queries with the row; never read as a value. */
  searchVector: ColumnType<string, string | undefined, string>
  submittedAt: Generated<Date>
  approvedAt: Date | null
  createdAt: CreatedAt
  updatedAt: UpdatedAt
}

/** One evaluation response, without its author (surveys): no user, no enrolment, only the day. */
export interface SurveyResponseTable {
  id: Generated<string>
  courseId: string
  courseVersionId: string
  step: string
  clusterId: string | null
  language: string
  /** Question index → rating (number) or text. */
  answers: JSONColumnType<Record<string, number | string>>
  submittedOn: ColumnType<unknown, string | undefined, never>
}

/** A certificate of a completed enrolment (certificates): what it says is copied at issue. */
export interface CertificateTable {
  id: Generated<string>
  /** The verification code, `XXXX-XXXX-XXXX` in Crockford base32. */
  code: string
  enrolmentId: string
  issueNumber: Generated<number>
  userId: string
  /** The name at issue; null after the person's erasure. */
  learnerName: string | null
  language: string
  courseId: string
  courseVersionId: string
  courseVersionNumber: number
  courseTitle: string
  minutes: number
  completedAt: Date
  issuedAt: Date
  /** Null when the platform issues (no cluster, no course trainer with an association). */
  associationId: string | null
  issuerName: string
  clusterId: string | null
  trainers: ColumnType<string[], string | undefined, string>
  statusIndex: Generated<number>
  /** The signed Open Badges VC-JWT; null after the person's erasure. */
  credential: string | null
  revokedAt: Date | null
  revokedReason: string | null
  revokedBy: string | null
  replacedById: string | null
}

/** An xAPI 1.0.3 statement of a progression event, kept for the LRS and the person's data. */
export interface XapiStatementTable {
  id: string
  eventId: number
  userId: string
  enrolmentId: string
  /** Forwarding order (an identity column). */
  position: ColumnType<number, never, never>
  statement: JSONColumnType<Record<string, unknown>, string, never>
  storedAt: Date
  forwardedAt: Date | null
}

/** Forwarding to one LRS: back-off after failures and the lease of the replica sending. */
export interface XapiForwardingTable {
  endpoint: string
  attempts: ColumnType<number, number | undefined, number>
  nextAttemptAt: Date
  leasedUntil: Date
  lastError: string | null
  lastForwardedAt: Date | null
}

/** An Ed25519 key of the credentials feature; at most one has `retiredAt` null (the active one). */
export interface SigningKeyTable {
  /** e.g. `key-20261206-7QK2MZ`; the DID's verification method is `<did>#<kid>`. */
  kid: string
  algorithm: Generated<string>
  /** The public key as a JWK (OKP, Ed25519, with kid, use sig, alg EdDSA). */
  publicJwk: JSONColumnType<Record<string, string>>
  /** The PKCS8 private key, AES-256-GCM encrypted: `v1.<iv>.<tag>.<ciphertext>` (base64url). */
  privateKey: string
  createdAt: CreatedAt
  activatedAt: CreatedAt
  retiredAt: Date | null
}

export interface Database {
  countries: CountryTable
  associations: AssociationTable
  municipalities: MunicipalityTable
  users: UserTable
  userRoles: UserRoleTable
  courses: CourseTable
  courseVersions: CourseVersionTable
  courseDocuments: CourseDocumentTable
  moduleDrafts: ModuleDraftTable
  refreshTokens: RefreshTokenTable
  userTokens: UserTokenTable
  passwordResetRequests: PasswordResetRequestTable
  invitations: InvitationTable
  outboxMessages: OutboxMessageTable
  auditEvents: AuditEventTable
  loginThrottles: LoginThrottleTable
  rateLimitHits: RateLimitHitTable
  courseTrainers: CourseTrainerTable
  enrolments: EnrolmentTable
  clusters: ClusterTable
  clusterCourses: ClusterCourseTable
  clusterTrainers: ClusterTrainerTable
  clusterMembers: ClusterMemberTable
  calls: CallTable
  applications: ApplicationTable
  applicationCandidates: ApplicationCandidateTable
  progressionEvents: ProgressionEventTable
  quizAttempts: QuizAttemptTable
  idempotencyKeys: IdempotencyKeyTable
  readingPositions: ReadingPositionTable
  scheduledTasks: ScheduledTaskTable
  learnerReminders: LearnerReminderTable
  reportSummaries: ReportSummaryTable
  webinarSessions: WebinarSessionTable
  webinarRegistrations: WebinarRegistrationTable
  calendarFeeds: CalendarFeedTable
  webinarAttendance: WebinarAttendanceTable
  goodPractices: GoodPracticeTable
  surveyResponses: SurveyResponseTable
  certificates: CertificateTable
  signingKeys: SigningKeyTable
  xapiStatements: XapiStatementTable
  xapiForwarding: XapiForwardingTable
}

export type CourseRow = Selectable<CourseTable>
export type NewCourseRow = Insertable<CourseTable>
export type UserRow = Selectable<UserTable>
export type NewUserRow = Insertable<UserTable>
