// What identity offers the routes and other features. The rules live in files by noun:
// sign-in.ts (sessions), links.ts (reset, registration and setup links), accounts.ts (people).
export {
  changePassword,
  createAccount,
  getMe,
  isRegistered,
  isTrainer,
  moveMembers,
  nameOf,
  preferredLanguageOf,
  updateMe,
} from './accounts.ts'
export {
  checkSetupToken,
  completeSetup,
  confirmPasswordReset,
  issueSetupLink,
  register,
  requestPasswordReset,
  verifyEmail,
} from './links.ts'
export { purgeLoginThrottles } from './lockout.ts'
export type { PersonalDataHolder } from './personal-data.ts'
export { hashSecret, newSecret } from './secrets.ts'
export { findSessionEpochs as sessionEpochsOf } from './queries.ts'
export { sendSession, type Session, type SignAccessToken } from './sessions.ts'
export { SessionSchema } from './schemas.ts'
export {
  type IdentitySettings,
  login,
  signOut,
  signOutEverywhere,
  startSessionOf,
} from './sign-in.ts'
