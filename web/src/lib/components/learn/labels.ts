import type { StepProgress } from '@agora/server/contract'
import { m } from '$lib/paraglide/messages'

/** Webinars have no text of their own: the UI names them. */
export function stepTitle(step: Pick<StepProgress, 'kind' | 'title'>): string {
  return step.kind === 'webinar' ? m.learn_webinar_title() : step.title
}

export function phaseLabel(step: Pick<StepProgress, 'phase'>): string {
  switch (step.phase) {
    case 'reading':
      return m.learn_phase_reading()
    case 'quiz':
      return m.learn_phase_quiz()
    case 'failed':
      return m.learn_phase_failed()
    case 'locked':
      return m.learn_phase_locked()
    case 'passed':
      return m.learn_phase_passed()
    case 'open':
      return m.learn_phase_open()
    case 'registered':
      return m.learn_phase_registered()
    case 'attended':
      return m.learn_phase_attended()
    case 'excused':
      return m.learn_phase_excused()
    case 'submitted':
      return m.learn_phase_submitted()
    default:
      return ''
  }
}
