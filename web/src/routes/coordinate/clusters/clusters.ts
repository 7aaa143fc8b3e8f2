import type { Cluster, ClusterStatus } from '@agora/server/contract'
import { m } from '$lib/paraglide/messages'

/** A new cluster as POST /learning-clusters takes it. */
export interface NewCluster {
  associationId?: string
  name: string
  description?: string
  startsOn: string
  endsOn: string
  capacity: number
  courses: { courseSlug: string; languages: string[] }[]
}

/** The form's fields by the API's field names (an error's pointer names the API's field). */
export const clusterFields = {
  associationId: 'associationId',
  name: 'name',
  description: 'description',
  startsOn: 'startsOn',
  endsOn: 'endsOn',
  capacity: 'capacity',
  courses: 'courses',
} as const

const dayPattern = /^\d{4}-\d{2}-\d{2}$/

/**
 * The new-cluster form read and checked: each offered language is a checkbox "courses" with the
 * value "<course>:<language>"; a course is offered when one of its languages is ticked.
 */
export function readClusterForm(
  form: FormData,
  isAdmin: boolean,
): {
  body: NewCluster
  values: Record<string, string>
  offered: string[]
  errors: Record<string, string>
} {
  const text = (name: string) => {
    const value = form.get(name)
    return typeof value === 'string' ? value.trim() : ''
  }
  const values = {
    associationId: text('associationId'),
    name: text('name'),
    description: text('description'),
    startsOn: text('startsOn'),
    endsOn: text('endsOn'),
    capacity: text('capacity'),
  }
  const offered = form.getAll('courses').filter((value) => typeof value === 'string')
  const courses = new Map<string, string[]>()
  for (const value of offered) {
    const [slug, language] = value.split(':')
    if (!slug || !language) continue
    courses.set(slug, [...(courses.get(slug) ?? []), language])
  }
  const errors: Record<string, string> = {}
  if (isAdmin && !values.associationId) errors.associationId = m.coordinate_association_required()
  if (!values.name) errors.name = m.coordinate_name_required()
  if (!dayPattern.test(values.startsOn)) errors.startsOn = m.coordinate_day_required()
  if (!dayPattern.test(values.endsOn)) errors.endsOn = m.coordinate_day_required()
  else if (!errors.startsOn && values.endsOn < values.startsOn)
    errors.endsOn = m.coordinate_ends_before_start()
  const capacity = Number(values.capacity)
  if (!/^\d+$/.test(values.capacity) || capacity < 1 || capacity > 10_000)
    errors.capacity = m.coordinate_capacity_invalid()
  if (courses.size === 0) errors.courses = m.coordinate_courses_required()
  const body: NewCluster = {
    ...(isAdmin ? { associationId: values.associationId } : {}),
    name: values.name,
    ...(values.description ? { description: values.description } : {}),
    startsOn: values.startsOn,
    endsOn: values.endsOn,
    capacity,
    courses: [...courses].map(([courseSlug, languages]) => ({ courseSlug, languages })),
  }
  return { body, values, offered, errors }
}

/** A change to a cluster as PATCH /learning-clusters/:id takes it. */
export type ClusterChanges = Omit<NewCluster, 'associationId' | 'courses' | 'description'> & {
  description: string
  courses?: NewCluster['courses']
}

/**
 * The edit form read and checked like the new-cluster form. It sends every field, the
 * description even when emptied; the courses only while they may change (not once it runs).
 */
export function readClusterChanges(form: FormData, coursesEditable: boolean) {
  const { body, values, offered, errors } = readClusterForm(form, false)
  const { courses, ...fields } = body
  if (!coursesEditable) delete errors.courses
  const changes: ClusterChanges = {
    ...fields,
    description: values.description ?? '',
    ...(coursesEditable ? { courses } : {}),
  }
  return { body: changes, values, offered, errors }
}

/** A cluster as the form's values (the courses offered as "<course>:<language>" lines). */
export function clusterValues(cluster: Cluster): Record<string, string> {
  return {
    name: cluster.name,
    description: cluster.description,
    startsOn: cluster.startsOn,
    endsOn: cluster.endsOn,
    capacity: String(cluster.capacity),
    offered: cluster.courses
      .flatMap((course) => course.languages.map((language) => `${course.slug}:${language}`))
      .join('\n'),
  }
}

const statusLabels: Record<ClusterStatus, () => string> = {
  draft: m.coordinate_status_draft,
  'call-open': m.coordinate_status_call_open,
  selecting: m.coordinate_status_selecting,
  running: m.coordinate_status_running,
  closed: m.coordinate_status_closed,
}

export function statusLabel(status: ClusterStatus): string {
  return statusLabels[status]()
}

const order: ClusterStatus[] = ['draft', 'call-open', 'selecting', 'running', 'closed']

/** Where a cluster may move from `status`: the next status, and from a draft straight to running. */
export function nextStatuses(status: ClusterStatus): ClusterStatus[] {
  const next = order[order.indexOf(status) + 1]
  if (!next) return []
  return status === 'draft' ? [next, 'running'] : [next]
}

export function isStatus(value: string): value is ClusterStatus {
  return (order as string[]).includes(value)
}
