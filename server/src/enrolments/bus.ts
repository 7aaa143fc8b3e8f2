import type { FastifyBaseLogger } from 'fastify'
import type { PersistedProgress, ProgressionEvent } from '../progression/index.ts'

/** One accepted progression event, announced after its transaction committed. */
export interface ProgressionTransition {
  enrolmentId: string
  userId: string
  courseId: string
  courseVersionId: string
  sequence: number
  event: ProgressionEvent
  actorId: string | null
  before: PersistedProgress['value']
  after: PersistedProgress['value']
  at: Date
}

type Listener = (transition: ProgressionTransition) => void | Promise<void>

/**
 * Lets certificates, xAPI and reports react to progression without the engine knowing them.
 * Listeners run after commit; a listener's failure is logged and never undoes the transition,
 * so a listener that must not miss anything keeps its own outbox.
 */
export class ProgressionBus {
  readonly #listeners = new Set<Listener>()
  constructor(private readonly log?: FastifyBaseLogger) {}

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  async publish(transitions: readonly ProgressionTransition[]): Promise<void> {
    for (const transition of transitions) {
      for (const listener of this.#listeners) {
        try {
          await listener(transition)
        } catch (error) {
          this.log?.error(
            { err: error, enrolmentId: transition.enrolmentId, event: transition.event.type },
            'progression listener failed',
          )
        }
      }
    }
  }
}
