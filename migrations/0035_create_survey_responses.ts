import { type Kysely, sql } from 'kysely'

// Evaluation answers, kept apart from who gave them: no user, no enrolment, no instant (only the
// day), and a random id, so that no column joins a response to its author. The course version,
// step, cluster and language say which report a response counts in.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('survey_responses')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('course_id', 'uuid', (col) =>
      col.notNull().references('courses.id').onDelete('cascade'),
    )
    .addColumn('course_version_id', 'uuid', (col) =>
      col.notNull().references('course_versions.id').onDelete('cascade'),
    )
    .addColumn('step', 'text', (col) => col.notNull())
    .addColumn('cluster_id', 'uuid', (col) => col.references('clusters.id').onDelete('set null'))
    .addColumn('language', 'text', (col) => col.notNull())
    .addColumn('answers', 'jsonb', (col) => col.notNull())
    .addColumn('submitted_on', 'date', (col) => col.notNull().defaultTo(sql`current_date`))
    .execute()
  await db.schema
    .createIndex('survey_responses_version_idx')
    .on('survey_responses')
    .columns(['course_version_id', 'step'])
    .execute()
  await db.schema
    .createIndex('survey_responses_cluster_idx')
    .on('survey_responses')
    .column('cluster_id')
    .execute()
}
