// What mail offers other features: queue a message in their transaction, in the reader's language.
export { enqueueMail, type OutboxCalendar } from './outbox.ts'
export {
  composeMail,
  composeWebinarMail,
  type MailKind,
  type WebinarMailKind,
} from './templates.ts'
