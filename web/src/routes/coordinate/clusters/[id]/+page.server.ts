import { fail } from '@sveltejs/kit'
import type {
  AddMembersResult,
  CallPage,
  Cluster,
  ClusterMemberPage,
  CoursePage,
  Page,
  User,
} from '@agora/server/contract'
import { apiCall, type Failed, loadJson } from '$lib/server/api'
import { requireStaff } from '$lib/server/guards'
import { offsetParam, pageSize, textField } from '$lib/server/forms'
import { explainFailure } from '$lib/server/problems'
import { m } from '$lib/paraglide/messages'
import { getLocale } from '$lib/paraglide/runtime'
import type { Actions, PageServerLoad } from './$types'
import { isStatus } from '../clusters'
import { clusterPath, uuid } from '../../coordinate.server'

const people = (users: User[], taken: Set<string>) =>
  users
    .filter((user) => !taken.has(user.id))
    .toSorted((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email))
    .map((user) => ({ value: user.id, label: `${user.name} (${user.email})` }))

export const load: PageServerLoad = async (event) => {
  requireStaff(event)
  const path = clusterPath(event.params.id)
  const offset = offsetParam(event.url)
  const includeLeft = event.url.searchParams.get('left') === '1'
  // The first 100 learners are offered; a larger association is searched by name or address.
  const learnerQuery = event.url.searchParams.get('find')?.trim().slice(0, 200) ?? ''
  const find = learnerQuery ? `&q=${encodeURIComponent(learnerQuery)}` : ''
  // The cluster first: another association's cluster is not found before anything else is asked.
  const cluster = await loadJson<Cluster>(event, path)
  const [members, courses, learners, trainers, calls] = await Promise.all([
    loadJson<ClusterMemberPage>(
      event,
      `${path}/members?limit=${pageSize}&offset=${offset}&includeLeft=${includeLeft}`,
    ),
    loadJson<CoursePage>(event, `/courses?limit=100&lang=${encodeURIComponent(getLocale())}`),
    loadJson<Page<User>>(event, `/users?role=learner&limit=100${find}`),
    loadJson<Page<User>>(event, '/users?role=trainer&limit=100'),
    loadJson<CallPage>(event, `${path}/calls?limit=100`),
  ])
  const titles = new Map(courses.items.map((course) => [course.slug, course]))
  const memberIds = new Set(
    members.items.filter((member) => !member.leftAt).map((member) => member.userId),
  )
  return {
    cluster,
    courses: cluster.courses.map((offer) => ({
      ...offer,
      title: titles.get(offer.slug)?.title ?? offer.slug,
      titleLanguage: titles.get(offer.slug)?.language,
    })),
    members,
    calls: calls.items,
    includeLeft,
    learners: people(learners.items, memberIds),
    learnerQuery,
    learnersShown: learners.items.length,
    learnersTotal: learners.total,
    trainers: people(trainers.items, new Set(cluster.trainers.map((trainer) => trainer.id))),
  }
}

/** A failed action's message: throttling, outage or a refusal, in the reader's words. */
function failure(action: string, failed: Failed, fields: Record<string, string> = {}) {
  const { message, errors } = explainFailure(failed, fields, {
    conflict: m.coordinate_conflict,
    'not-found': m.problem_not_found,
  })
  return fail(failed.status, {
    action,
    message: message ?? Object.values(errors)[0] ?? null,
    errors,
  })
}

const refused = (action: string, field: string, message: string) =>
  fail(400, { action, message: null, errors: { [field]: message } })

export const actions: Actions = {
  status: async (event) => {
    requireStaff(event)
    const status = textField(await event.request.formData(), 'status')
    if (!isStatus(status)) return refused('status', 'status', m.problem_bad_request())
    const result = await apiCall<Cluster>(
      event.fetch,
      'PUT',
      `${clusterPath(event.params.id)}/status`,
      { status },
    )
    if (!result.ok) return failure('status', result)
    return { action: 'status', moved: result.data.status }
  },

  add: async (event) => {
    requireStaff(event)
    const userIds = (await event.request.formData())
      .getAll('learners')
      .filter((value): value is string => typeof value === 'string' && uuid.test(value))
    if (userIds.length === 0) return refused('add', 'learners', m.coordinate_learners_required())
    const result = await apiCall<AddMembersResult>(
      event.fetch,
      'POST',
      `${clusterPath(event.params.id)}/members`,
      { userIds },
    )
    if (!result.ok) return failure('add', result, { userIds: 'learners', capacity: 'learners' })
    return {
      action: 'add',
      added: result.data.added.length,
      alreadyMembers: result.data.alreadyMembers.length,
    }
  },

  withdraw: async (event) => {
    requireStaff(event)
    const form = await event.request.formData()
    const userId = textField(form, 'userId')
    const reason = textField(form, 'reason')
    const name = textField(form, 'name')
    if (!uuid.test(userId)) return refused('withdraw', 'reason', m.problem_bad_request())
    if (!reason)
      return fail(400, {
        action: 'withdraw',
        userId,
        message: null,
        errors: { [`reason-${userId}`]: m.coordinate_reason_required() },
      })
    const result = await apiCall(
      event.fetch,
      'POST',
      `${clusterPath(event.params.id)}/members/${userId}/withdrawal`,
      { reason },
    )
    if (!result.ok) return failure('withdraw', result)
    return { action: 'withdraw', withdrawn: name }
  },

  assign: async (event) => {
    requireStaff(event)
    const userId = textField(await event.request.formData(), 'trainer')
    if (!uuid.test(userId)) return refused('assign', 'trainer', m.coordinate_trainer_required())
    const result = await apiCall(
      event.fetch,
      'PUT',
      `${clusterPath(event.params.id)}/trainers/${userId}`,
    )
    if (!result.ok) return failure('assign', result, { userId: 'trainer' })
    return { action: 'assign', assigned: true }
  },

  unassign: async (event) => {
    requireStaff(event)
    const form = await event.request.formData()
    const userId = textField(form, 'userId')
    if (!uuid.test(userId)) return refused('unassign', 'trainer', m.problem_bad_request())
    const result = await apiCall(
      event.fetch,
      'DELETE',
      `${clusterPath(event.params.id)}/trainers/${userId}`,
    )
    if (!result.ok) return failure('unassign', result)
    return { action: 'unassign', removed: textField(form, 'name') }
  },
}
