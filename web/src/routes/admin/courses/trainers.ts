import type { User } from '@agora/server/contract'
import type { Failed } from '$lib/server/api'
import { explainFailure } from '$lib/server/problems'
import { m } from '$lib/paraglide/messages'

/** A trainer of a course as GET /courses/:slug/trainers lists them (the contract has no name for it). */
export type CourseTrainer = Pick<User, 'id' | 'name' | 'email'>

/** The field of the assignment form: the API names it by the path parameter `userId`. */
export const trainerField = 'trainer'

/**
 * The people an admin may still assign to a course: trainers not assigned yet, by name, each
 * labelled with the address too, since two people may share a name.
 */
export function assignableTrainers(
  trainers: readonly Pick<User, 'id' | 'name' | 'email' | 'roles'>[],
  assigned: readonly Pick<CourseTrainer, 'id'>[],
): { value: string; label: string }[] {
  const taken = new Set(assigned.map((trainer) => trainer.id))
  return trainers
    .filter((user) => user.roles.includes('trainer') && !taken.has(user.id))
    .toSorted((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email))
    .map((user) => ({ value: user.id, label: `${user.name} (${user.email})` }))
}

/** Why assigning or removing a trainer failed, in the reader's words. */
export function assignmentFailure(failed: Failed): {
  message: string | null
  errors: Record<string, string>
} {
  return explainFailure(failed, {
    userId: { id: trainerField, message: m.admin_course_trainers_not_trainer },
  })
}
