import type { ClusterEvaluations } from '@agora/server/contract'

export type ClusterEvaluationItem = ClusterEvaluations['items'][number]

/** A cluster's evaluations grouped as its pages show them: one entry per course. */
export interface ClusterCourseEvaluations {
  slug: string
  title: string
  items: ClusterEvaluationItem[]
}
