import { type Kysely, sql } from 'kysely'

// A learning cluster of an association: its courses (with the languages offered) and its trainers.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('clusters')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('association_id', 'uuid', (col) => col.notNull().references('associations.id'))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('description', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('starts_on', 'date', (col) => col.notNull())
    .addColumn('ends_on', 'date', (col) => col.notNull())
    .addColumn('capacity', 'integer', (col) => col.notNull())
    .addColumn('status', 'text', (col) =>
      col
        .notNull()
        .defaultTo('draft')
        .check(sql`status in ('draft', 'call-open', 'selecting', 'running', 'closed')`),
    )
    .addColumn('created_by', 'uuid', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('clusters_dates_check', sql`ends_on >= starts_on`)
    .addCheckConstraint('clusters_capacity_check', sql`capacity > 0`)
    .execute()
  await db.schema
    .createIndex('clusters_association_idx')
    .on('clusters')
    .columns(['association_id', 'starts_on'])
    .execute()
  await db.schema
    .createTable('cluster_courses')
    .addColumn('cluster_id', 'uuid', (col) =>
      col.notNull().references('clusters.id').onDelete('cascade'),
    )
    .addColumn('course_id', 'uuid', (col) => col.notNull().references('courses.id'))
    .addColumn('languages', sql`text[]`, (col) => col.notNull())
    .addPrimaryKeyConstraint('cluster_courses_pkey', ['cluster_id', 'course_id'])
    .execute()
  await db.schema
    .createTable('cluster_trainers')
    .addColumn('cluster_id', 'uuid', (col) =>
      col.notNull().references('clusters.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('cluster_trainers_pkey', ['cluster_id', 'user_id'])
    .execute()
}
