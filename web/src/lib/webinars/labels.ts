import type { AttendanceStatus } from '@agora/server/contract'
import { m } from '$lib/paraglide/messages'

/** A person's attendance at a session in words; null is "not recorded yet". */
export function attendanceLabel(status: AttendanceStatus | null): string {
  switch (status) {
    case 'attended':
      return m.attendance_status_attended()
    case 'absent':
      return m.attendance_status_absent()
    case 'excused':
      return m.attendance_status_excused()
    default:
      return m.attendance_status_none()
  }
}
