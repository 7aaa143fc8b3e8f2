import { type Kysely, sql } from 'kysely'

// A certificate per completed enrolment, issued once: (enrolment_id, issue_number) is unique and
// the first issue inserts number 1, so a second issuer's insert does nothing. A re-issue adds the
// next number and points the old row at the new one. What it says (name, course title, hours,
// issuer, trainers) is copied at issue, so later changes to the course or the person leave it as
// issued; erasure empties `learner_name` and `credential` and keeps the rest verifiable.
// `status_index` is the certificate's bit in the Bitstring Status List, from its own sequence.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create sequence certificate_status_index as integer start 0 minvalue 0`.execute(db)
  await db.schema
    .createTable('certificates')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('code', 'text', (col) => col.notNull().unique())
    .addColumn('enrolment_id', 'uuid', (col) => col.notNull().references('enrolments.id'))
    .addColumn('issue_number', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id'))
    .addColumn('learner_name', 'text')
    .addColumn('language', 'text', (col) => col.notNull())
    .addColumn('course_id', 'uuid', (col) => col.notNull().references('courses.id'))
    .addColumn('course_version_id', 'uuid', (col) => col.notNull().references('course_versions.id'))
    .addColumn('course_version_number', 'integer', (col) => col.notNull())
    .addColumn('course_title', 'text', (col) => col.notNull())
    .addColumn('minutes', 'integer', (col) => col.notNull())
    .addColumn('completed_at', 'timestamptz', (col) => col.notNull())
    .addColumn('issued_at', 'timestamptz', (col) => col.notNull())
    // Null when the platform issues (no cluster, no course trainer with an association).
    .addColumn('association_id', 'uuid', (col) => col.references('associations.id'))
    .addColumn('issuer_name', 'text', (col) => col.notNull())
    .addColumn('cluster_id', 'uuid', (col) => col.references('clusters.id').onDelete('set null'))
    .addColumn('trainers', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('status_index', 'integer', (col) =>
      col
        .notNull()
        .unique()
        .defaultTo(sql`nextval('certificate_status_index')`),
    )
    .addColumn('credential', 'text')
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('revoked_reason', 'text')
    .addColumn('revoked_by', 'uuid', (col) => col.references('users.id'))
    .addColumn('replaced_by_id', 'uuid', (col) => col.references('certificates.id'))
    .addUniqueConstraint('certificates_enrolment_issue_key', ['enrolment_id', 'issue_number'])
    .addCheckConstraint('certificates_issue_number_check', sql`issue_number >= 1`)
    .addCheckConstraint(
      'certificates_revocation_check',
      sql`(revoked_at is null) = (revoked_reason is null)`,
    )
    .execute()
  await sql`alter sequence certificate_status_index owned by certificates.status_index`.execute(db)
  await db.schema
    .createIndex('certificates_user_idx')
    .on('certificates')
    .column('user_id')
    .execute()
  await db.schema
    .createIndex('certificates_association_idx')
    .on('certificates')
    .columns(['association_id', 'issued_at'])
    .execute()
  // The status list is built from the revoked rows alone.
  await db.schema
    .createIndex('certificates_revoked_idx')
    .on('certificates')
    .column('status_index')
    .where(sql.ref('revoked_at'), 'is not', null)
    .execute()
  // The issuing sweep looks for completed enrolments whose machine has not moved to `certified`:
  // a handful of rows at any time, found without reading every enrolment.
  await db.schema
    .createIndex('enrolments_awaiting_certificate_idx')
    .on('enrolments')
    .column('id')
    .where(sql<boolean>`status = 'completed' and progress->>'value' = 'completed'`)
    .execute()
}
