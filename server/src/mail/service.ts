// What mail offers other features: queue a message in their transaction, in the reader's language.
export { enqueueMail } from './outbox.ts'
export { composeMail, type MailKind } from './templates.ts'
