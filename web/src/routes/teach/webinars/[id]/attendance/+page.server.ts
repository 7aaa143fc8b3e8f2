import { fail } from '@sveltejs/kit'
import {
  attendanceStatuses,
  type AttendanceStatus,
  type AttendanceList,
} from '@agora/server/contract'
import { apiCall, loadJson } from '$lib/server/api'
import { fieldMessage, problemMessage, serviceProblem } from '$lib/server/problems'
import { isUuid, requireSessionStaff, webinarPath } from '$lib/server/webinars'
import { m } from '$lib/paraglide/messages'
import type { Actions, PageServerLoad } from './$types'

// A session's attendance list: one row per person, marked in bulk with one submit.
export const load: PageServerLoad = async (event) => {
  const user = requireSessionStaff(event)
  const list = await loadJson<AttendanceList>(event, `${webinarPath(event.params.id)}/attendance`)
  return { list, timeZone: user.timeZone, saved: event.url.searchParams.has('saved') }
}

const isStatus = (value: string): value is AttendanceStatus =>
  (attendanceStatuses as readonly string[]).includes(value)

const maxReason = 1000

export const actions: Actions = {
  save: async (event) => {
    requireSessionStaff(event)
    const path = `${webinarPath(event.params.id)}/attendance`
    const form = await event.request.formData()
    const text = (name: string) => {
      const value = form.get(name)
      return typeof value === 'string' ? value.trim() : ''
    }
    const people = form
      .getAll('person')
      .filter((value): value is string => typeof value === 'string' && isUuid(value))
    const values: Record<string, { status: string; reason: string }> = {}
    const errors: Record<string, string> = {}
    const marks: { userId: string; status: AttendanceStatus; reason?: string }[] = []
    for (const userId of people) {
      const status = text(`status-${userId}`)
      const reason = text(`reason-${userId}`)
      values[userId] = { status, reason }
      if (!status) continue
      if (!isStatus(status)) continue
      if (status === 'excused' && !reason)
        errors[`reason-${userId}`] = m.attendance_reason_required()
      else if (reason.length > maxReason)
        errors[`reason-${userId}`] = m.attendance_reason_too_long()
      marks.push({ userId, status, ...(reason ? { reason } : {}) })
    }
    if (Object.keys(errors).length > 0) return fail(400, { values, errors, message: null })
    if (marks.length === 0)
      return fail(400, { values, errors, message: m.attendance_nothing_marked() })

    const result = await apiCall<AttendanceList>(event.fetch, 'PUT', path, { marks })
    if (result.ok) return { saved: marks.length }
    const service = serviceProblem(result)
    if (service) return fail(result.status, { values, errors, message: service })
    // "/body/marks/3/reason" names the fourth mark sent.
    for (const fieldError of result.problem.errors ?? []) {
      const [, , field, index, part] = fieldError.pointer.split('/')
      const mark = field === 'marks' ? marks[Number(index)] : undefined
      if (mark)
        errors[`${part === 'reason' ? 'reason' : 'status'}-${mark.userId}`] =
          fieldMessage(fieldError)
    }
    if (Object.keys(errors).length > 0) return fail(400, { values, errors, message: null })
    // Refused before the marking window opens: the problem says when it does.
    const message =
      typeof result.problem.opensAt === 'string' ? m.attendance_too_early() : problemMessage(result)
    return fail(result.status, { values, errors, message })
  },
}
