import { type Kysely, sql } from 'kysely'

// A user works for at most one municipality or association. E-mail is unique regardless of case.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('email', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('preferred_language', 'text', (col) => col.notNull().defaultTo('en'))
    .addColumn('time_zone', 'text', (col) => col.notNull().defaultTo('UTC'))
    .addColumn('municipality_id', 'uuid', (col) => col.references('municipalities.id'))
    .addColumn('association_id', 'uuid', (col) => col.references('associations.id'))
    .addColumn('position', 'text')
    .addColumn('password_hash', 'text')
    .addColumn('email_verified_at', 'timestamptz')
    .addColumn('erased_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'users_one_organisation',
      sql`municipality_id is null or association_id is null`,
    )
    .execute()

  await db.schema
    .createIndex('users_email_key')
    .on('users')
    .unique()
    .expression(sql`lower(email)`)
    .execute()
}
