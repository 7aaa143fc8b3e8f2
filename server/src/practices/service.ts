// What practices offer the routes and other features. The rules live in files by noun:
// submitting.ts (submit, edit), reviewing.ts (the queue, approve or return), library.ts (browse,
// search, export), views.ts (who reaches a practice, what the API shows), search-text.ts (the
// text the search reads), mail.ts (the review's e-mails).
import type { Db } from '../db/create-db.ts'
import type { Actor } from '../http/auth.ts'
import type { ServiceContext } from '../http/context.ts'
import { type Page, pageOf } from '../http/pagination.ts'
import type { PersonalDataHolder } from '../identity/service.ts'
import {
  erasePersonalPractices,
  findPractice,
  listPersonalPractices,
  listPracticesOfAuthor,
} from './queries.ts'
import type { GoodPractice, ListPracticesQuery } from './schemas.ts'
import { reachPractice, viewPractice } from './views.ts'

export { browseLibrary, exportLibrary } from './library.ts'
export { reviewPractice, reviewQueue } from './reviewing.ts'
export { editPractice, submitPractice } from './submitting.ts'

/** One practice, to its author and moderators; approved: to the signed-in; approved and public: to anyone. */
export async function getPractice(db: Db, actor: Actor | null, id: string): Promise<GoodPractice> {
  const { row, reach } = await reachPractice(db, actor, await findPractice(db, id))
  return viewPractice(row, reach)
}

/** The actor's own practices, newest first. */
export async function listMyPractices(
  ctx: ServiceContext,
  query: ListPracticesQuery,
): Promise<Page<GoodPractice>> {
  return pageOf(
    query,
    (window) => listPracticesOfAuthor(ctx.db, ctx.actor.id, window),
    (row) => viewPractice(row, { author: true, moderator: false }),
  )
}

/**
 * A person's practices in their data export. Erasure deletes those not approved and keeps the
 * approved ones in the library, as contributions about a municipality with a contact role, without
 * the link to the person (author and enrolment); a moderator's name leaves what they reviewed.
 */
export const practicePersonalData: PersonalDataHolder = {
  part: 'goodPractices',
  collect: listPersonalPractices,
  erase: erasePersonalPractices,
}
