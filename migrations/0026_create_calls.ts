import { type Kysely, sql } from 'kysely'

// A call for participants of a cluster: who may apply, until when (an instant, with the time zone
// it was set in, for showing it), how many places, the application form and the selection criteria.
// The form and the criteria are documents validated by the calls schemas, hence jsonb.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('calls')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('cluster_id', 'uuid', (col) =>
      col.notNull().references('clusters.id').onDelete('cascade'),
    )
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('eligible_countries', sql`text[]`, (col) => col.notNull().defaultTo(sql`'{}'`))
    .addColumn('eligible_association_ids', sql`uuid[]`, (col) => col.notNull().defaultTo(sql`'{}'`))
    .addColumn('eligible_municipality_ids', sql`uuid[]`, (col) =>
      col.notNull().defaultTo(sql`'{}'`),
    )
    .addColumn('eligible_positions', sql`text[]`, (col) => col.notNull().defaultTo(sql`'{}'`))
    .addColumn('applicant_kind', 'text', (col) =>
      col.notNull().check(sql`applicant_kind in ('person', 'municipality')`),
    )
    .addColumn('max_nominees', 'integer')
    .addColumn('places', 'integer', (col) => col.notNull().check(sql`places > 0`))
    .addColumn('deadline', 'timestamptz', (col) => col.notNull())
    .addColumn('time_zone', 'text', (col) => col.notNull())
    .addColumn('form', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('criteria', 'jsonb', (col) =>
      col.notNull().defaultTo(sql`'{"eligibility":[],"scores":[],"balance":[]}'::jsonb`),
    )
    .addColumn('status', 'text', (col) =>
      col
        .notNull()
        .defaultTo('draft')
        .check(sql`status in ('draft', 'open', 'closed')`),
    )
    .addColumn('published_at', 'timestamptz')
    .addColumn('created_by', 'uuid', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'calls_nominees_check',
      sql`(applicant_kind = 'person' and max_nominees is null) or (applicant_kind = 'municipality' and max_nominees between 1 and 50)`,
    )
    .execute()
  await db.schema.createIndex('calls_cluster_idx').on('calls').column('cluster_id').execute()
  await db.schema
    .createIndex('calls_open_idx')
    .on('calls')
    .columns(['status', 'deadline'])
    .execute()
}
