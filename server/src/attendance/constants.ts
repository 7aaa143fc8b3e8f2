export const attendanceStatuses = ['attended', 'absent', 'excused'] as const
export type AttendanceStatus = (typeof attendanceStatuses)[number]

/** A session's check-in opens this long before its start and closes at its end. */
export const checkInOpensMinutesBefore = 15
