import type { Db } from '../db/create-db.ts'
import { type ClusterRow, listClusterCourses, listClusterTrainers } from './queries.ts'
import type { Cluster } from './schemas.ts'

/** Clusters as the API shows them: two reads for the courses and trainers of all of them. */
export async function viewClusters(db: Db, rows: ClusterRow[]): Promise<Cluster[]> {
  const ids = rows.map((row) => row.id)
  const [courses, trainers] = await Promise.all([
    listClusterCourses(db, ids),
    listClusterTrainers(db, ids),
  ])
  return rows.map((row) => ({
    id: row.id,
    associationId: row.associationId,
    name: row.name,
    description: row.description,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    capacity: row.capacity,
    status: row.status,
    courses: courses
      .filter((course) => course.clusterId === row.id)
      .map((course) => ({ slug: course.slug, languages: course.languages })),
    trainers: trainers
      .filter((trainer) => trainer.clusterId === row.id)
      .map((trainer) => ({ id: trainer.id, name: trainer.name, email: trainer.email })),
    memberCount: Number(row.memberCount),
    createdAt: new Date(row.createdAt).toISOString(),
  }))
}

export async function viewCluster(db: Db, row: ClusterRow): Promise<Cluster> {
  return (await viewClusters(db, [row]))[0]!
}
