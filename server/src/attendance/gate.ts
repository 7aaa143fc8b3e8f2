import type { Transaction } from 'kysely'
import type { Db } from '../db/create-db.ts'
import type { Database } from '../db/schema.ts'
import {
  appendEvent,
  lockForChange,
  type ProgressionBus,
  type ProgressionTransition,
} from '../enrolments/service.ts'
import { type PersistedProgress, standingOf } from '../progression/index.ts'
import { hasAttendedStep } from './queries.ts'

// Attendance opens the webinar gate: `webinar.attended` goes to the learner's enrolment in the
// transaction that stores the attendance. The machine takes it only while the learner stands at
// the gate (open or registered); a learner who attended before reaching it (still at module 2)
// has the attendance stored, and the event follows when they arrive (`openGateOnArrival`).

const waiting = new Set(['open', 'registered'])

/** Whether the enrolment stands at the webinar step's gate, not yet passed. */
function atGate(progress: PersistedProgress, step: string): boolean {
  const { current, phase } = standingOf(progress)
  return current === step && phase !== null && waiting.has(phase)
}

/**
 * Sends `webinar.attended` to the enrolment when it stands at the step's gate, in the caller's
 * transaction; nothing when the gate is passed already (attended or excused), not reached yet,
 * or the enrolment is withdrawn. Returns the transition to announce after commit.
 */
export async function openGate(
  trx: Transaction<Database>,
  enrolmentId: string,
  step: string,
  actorId: string | null,
  details: { sessionId: string | null; via: 'list' | 'check-in' | 'earlier-attendance' },
): Promise<ProgressionTransition | null> {
  const row = await lockForChange(trx, enrolmentId)
  if (row.status === 'withdrawn' || !atGate(row.progress, step)) return null
  const event = { type: 'webinar.attended', step } as const
  const { transition } = await appendEvent(trx, row, event, actorId, details)
  return transition
}

/**
 * A progression bus listener: when an enrolment arrives at a webinar gate and its learner was
 * already marked attended at a session of that step, the gate opens at once (its own transaction,
 * after the arrival committed; if that is lost, the next mark or check-in sends it again).
 */
export function openGateOnArrival(db: Db, bus: ProgressionBus) {
  return async (transition: ProgressionTransition): Promise<void> => {
    const { after, before } = transition
    if (typeof after !== 'object') return
    const [step, phase] = Object.entries(after)[0] ?? []
    if (!step || phase !== 'open') return
    if (typeof before === 'object' && step in before) return
    if (!(await hasAttendedStep(db, transition.userId, transition.courseId, step))) return
    const opened = await db.transaction().execute((trx) =>
      openGate(trx, transition.enrolmentId, step, null, {
        sessionId: null,
        via: 'earlier-attendance',
      }),
    )
    if (opened) await bus.publish([opened])
  }
}
