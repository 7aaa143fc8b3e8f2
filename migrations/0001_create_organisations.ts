import { type Kysely, sql } from 'kysely'

// Country → association (LGA) → municipality. An association may span countries (NALAS), so its
// country is optional; a municipality belongs to at most one association.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('countries')
    .addColumn('code', 'char(2)', (col) => col.primaryKey().check(sql`code ~ '^[A-Z]{2}$'`))
    .addColumn('name', 'text', (col) => col.notNull())
    .execute()

  await db.schema
    .createTable('associations')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('country_code', 'char(2)', (col) => col.references('countries.code'))
    .addColumn('slug', 'text', (col) => col.notNull().unique())
    .addColumn('acronym', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('name_local', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('municipalities')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('country_code', 'char(2)', (col) => col.notNull().references('countries.code'))
    .addColumn('association_id', 'uuid', (col) => col.references('associations.id'))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('alt_names', sql`text[]`, (col) => col.notNull().defaultTo(sql`'{}'`))
    .addColumn('official_code', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('municipalities_official_code_key', ['country_code', 'official_code'])
    .addUniqueConstraint('municipalities_name_key', ['country_code', 'name'])
    .execute()

  await db.schema
    .createIndex('municipalities_association_id_idx')
    .on('municipalities')
    .column('association_id')
    .execute()
}
