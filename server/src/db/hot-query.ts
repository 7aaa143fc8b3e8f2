import { type Compilable, CompiledQuery, type QueryResult } from 'kysely'
import type { Db } from './create-db.ts'

/**
 * SQL texts the PostgreSQL pool runs as named prepared statements (parsed and planned once per
 * connection). Only hotQuery() adds to it, from code, so the set is as small as the code that
 * uses it: pg keeps every named statement for the life of a connection.
 */
export const preparedStatements = new Map<string, string>()

function remember(text: string): void {
  if (!preparedStatements.has(text))
    preparedStatements.set(text, `agora_${preparedStatements.size + 1}`)
}

/**
 * A query on a hot path, compiled once. Kysely builds and compiles `build(placeholders)` the first
 * time; every call then sends the same SQL with its own parameters, in the order the placeholders
 * were given. Building a query costs more than running it when the database answers from cache.
 */
export function hotQuery<Row, Args extends unknown[]>(
  build: (db: Db, ...args: Args) => Compilable<Row>,
) {
  let compiled: CompiledQuery<Row> | undefined
  return (db: Db, ...args: Args): Promise<QueryResult<Row>> => {
    if (!compiled) {
      compiled = build(db, ...args).compile()
      if (
        compiled.parameters.length !== args.length ||
        compiled.parameters.some((value, index) => value !== args[index])
      ) {
        throw new Error('hotQuery: the compiled parameters must be exactly the arguments, in order')
      }
      remember(compiled.sql)
    }
    return db.executeQuery<Row>({ ...compiled, parameters: args })
  }
}

/** Runs SQL written by hand (a statement Kysely cannot build) as a prepared statement. */
export function runPrepared<Row>(
  db: Db,
  text: string,
  parameters: readonly unknown[],
): Promise<QueryResult<Row>> {
  remember(text)
  return db.executeQuery<Row>(CompiledQuery.raw(text, [...parameters]))
}
