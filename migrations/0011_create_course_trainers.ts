import type { Kysely } from 'kysely'

// A trainer may author and run only the courses they are assigned to.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('course_trainers')
    .addColumn('course_id', 'uuid', (col) =>
      col.notNull().references('courses.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('course_trainers_pkey', ['course_id', 'user_id'])
    .execute()
}
