import { type Kysely, sql } from 'kysely'

// Scheduled sessions of a course's webinar step, for one cluster or for every learner of the
// course; the registrations of learners; the personal calendar feed tokens (stored hashed).
// A calendar client keeps one UID per session: `sequence` rises on every change of the session,
// and a registration's `calendar_sequence` rises when that learner cancels or moves, so what one
// attendee's calendar received last always has the highest SEQUENCE (session + registration).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('webinar_sessions')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('course_id', 'uuid', (col) =>
      col.notNull().references('courses.id').onDelete('cascade'),
    )
    .addColumn('step', 'text', (col) => col.notNull())
    .addColumn('cluster_id', 'uuid', (col) => col.references('clusters.id').onDelete('cascade'))
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('agenda', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('starts_at', 'timestamptz', (col) => col.notNull())
    .addColumn('duration_minutes', 'integer', (col) =>
      col.notNull().check(sql`duration_minutes between 15 and 480`),
    )
    .addColumn('time_zone', 'text', (col) => col.notNull())
    .addColumn('join_url', 'text', (col) => col.notNull().check(sql`join_url like 'https://%'`))
    .addColumn('capacity', 'integer', (col) => col.check(sql`capacity > 0`))
    .addColumn('language', 'text', (col) => col.notNull())
    .addColumn('organiser_id', 'uuid', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('status', 'text', (col) =>
      col
        .notNull()
        .defaultTo('scheduled')
        .check(sql`status in ('scheduled', 'cancelled')`),
    )
    .addColumn('sequence', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('recording_url', 'text', (col) => col.check(sql`recording_url like 'https://%'`))
    // Shown by the trainer during the session; learners type it to check in.
    .addColumn('check_in_code', 'text', (col) => col.notNull())
    // Set by the one replica that claims the reminder, in the transaction that queues the mail.
    .addColumn('reminder_sent_at', 'timestamptz')
    .addColumn('cancelled_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema
    .createIndex('webinar_sessions_course_idx')
    .on('webinar_sessions')
    .columns(['course_id', 'step', 'starts_at'])
    .execute()
  await db.schema
    .createIndex('webinar_sessions_cluster_idx')
    .on('webinar_sessions')
    .column('cluster_id')
    .execute()
  await db.schema
    .createIndex('webinar_sessions_reminder_idx')
    .on('webinar_sessions')
    .column('starts_at')
    .where(sql<boolean>`status = 'scheduled' and reminder_sent_at is null`)
    .execute()

  await db.schema
    .createTable('webinar_registrations')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('session_id', 'uuid', (col) =>
      col.notNull().references('webinar_sessions.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('enrolment_id', 'uuid', (col) =>
      col.notNull().references('enrolments.id').onDelete('cascade'),
    )
    .addColumn('status', 'text', (col) =>
      col
        .notNull()
        .defaultTo('registered')
        .check(sql`status in ('registered', 'cancelled')`),
    )
    .addColumn('calendar_sequence', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('registered_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('cancelled_at', 'timestamptz')
    .addUniqueConstraint('webinar_registrations_session_user_key', ['session_id', 'user_id'])
    .execute()
  await db.schema
    .createIndex('webinar_registrations_user_idx')
    .on('webinar_registrations')
    .column('user_id')
    .execute()
  await db.schema
    .createIndex('webinar_registrations_enrolment_idx')
    .on('webinar_registrations')
    .column('enrolment_id')
    .execute()

  await db.schema
    .createTable('calendar_feeds')
    .addColumn('user_id', 'uuid', (col) =>
      col.primaryKey().references('users.id').onDelete('cascade'),
    )
    .addColumn('token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute()
}
