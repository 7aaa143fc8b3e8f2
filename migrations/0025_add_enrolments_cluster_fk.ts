import type { Kysely } from 'kysely'

// enrolments.cluster_id (0014) waited for the clusters table; an enrolment outlives no cluster.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('enrolments')
    .addForeignKeyConstraint('enrolments_cluster_id_fkey', ['cluster_id'], 'clusters', ['id'])
    .onDelete('set null')
    .execute()
  await db.schema
    .createIndex('enrolments_cluster_idx')
    .on('enrolments')
    .column('cluster_id')
    .execute()
}
