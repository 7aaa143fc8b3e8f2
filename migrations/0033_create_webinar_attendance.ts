import { type Kysely, sql } from 'kysely'

// Who attended a session: marked on the trainer's list (attended, absent, excused with a reason)
// or by the learner's own check-in with the session's code. One row per session and person.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('webinar_attendance')
    .addColumn('session_id', 'uuid', (col) =>
      col.notNull().references('webinar_sessions.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('enrolment_id', 'uuid', (col) =>
      col.notNull().references('enrolments.id').onDelete('cascade'),
    )
    .addColumn('status', 'text', (col) =>
      col.notNull().check(sql`status in ('attended', 'absent', 'excused')`),
    )
    .addColumn('reason', 'text')
    .addColumn('via', 'text', (col) => col.notNull().check(sql`via in ('list', 'check-in')`))
    .addColumn('marked_by', 'uuid', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('marked_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('webinar_attendance_pkey', ['session_id', 'user_id'])
    .addCheckConstraint(
      'webinar_attendance_reason_check',
      sql`status <> 'excused' or (reason is not null and length(reason) > 0)`,
    )
    .execute()
  await db.schema
    .createIndex('webinar_attendance_enrolment_idx')
    .on('webinar_attendance')
    .column('enrolment_id')
    .execute()
}
