import type { AttendanceStatus, StepPhase } from '@agora/server/contract'

// The webinar and attendance answers as agreed for issue 14 (/tmp/issue14-api.md), declared here
// until the webinars and attendance schemas reach @agora/server/contract; pages import them from
// this one file, so switching to the contract's types is a change here only.

/** A session as its staff see it. */
export interface WebinarSession {
  id: string
  courseSlug: string
  courseTitle: string
  step: string
  clusterId: string | null
  clusterName: string | null
  title: string
  agenda: string
  agendaHtml: string
  startsAt: string
  endsAt: string
  durationMinutes: number
  timeZone: string
  joinUrl: string
  capacity: number | null
  language: string
  status: 'scheduled' | 'cancelled'
  sequence: number
  recordingUrl: string | null
  registered: number
  seatsLeft: number | null
  organiser: { id: string; name: string } | null
  checkInCode?: string
}

/** A session as a learner sees it: no code; the join link only when registered. */
export interface WebinarOffer extends Omit<WebinarSession, 'checkInCode' | 'joinUrl'> {
  joinUrl?: string | null
  mine: boolean
  canRegister: boolean
  full: boolean
}

export interface EnrolmentWebinars {
  step: string
  state: StepPhase | null
  items: WebinarOffer[]
}

export interface MyWebinar extends WebinarOffer {
  attendance: AttendanceStatus | null
  checkInOpen: boolean
  courseSlug: string
  enrolmentId: string
}

export interface WebinarSessionList {
  items: WebinarSession[]
  /** Asked of the API (see /tmp/issue14-api.md): the course's webinar steps. */
  steps?: { slug: string; title?: string | null; alternative?: string | null }[]
}

export interface WebinarRegistrant {
  userId: string
  name: string
  email: string
  municipality: string | null
  status: string
  registeredAt: string
}

export interface AttendanceRow {
  userId: string
  name: string
  email: string
  municipality: string | null
  registered: boolean
  status: AttendanceStatus | null
  reason: string | null
  via: 'list' | 'check-in' | null
  markedAt: string | null
}

export interface AttendanceList {
  session: { id: string; title: string; startsAt: string; endsAt: string; status: string }
  items: AttendanceRow[]
}

export interface CheckInCode {
  code: string
  opensAt: string
  closesAt: string
}

export interface CheckInResult {
  status: 'attended'
  via: 'check-in'
  markedAt: string
  enrolmentId: string
}

export interface CalendarFeedState {
  active: boolean
  createdAt: string | null
}

export interface CalendarFeedCreated {
  url: string
  createdAt: string
}
