// What xapi offers: the statement of a progression event (enrolments builds it and writes it with
// the event), its forwarding to an LRS, and the person's statements for export and erasure.
import type { PersonalDataHolder } from '../identity/service.ts'
import { deleteStatementsOfPerson, listStatementsOfPerson } from './queries.ts'

export { backoffSeconds, type LrsSettings, XapiForwarder } from './forwarder.ts'
export { statementFor, type StatementInput, type XapiStatement, xapiVersion } from './statements.ts'

let statementOrigin = 'http://localhost:3000'

/**
 * The public origin statements are written with (accounts' home page, activity IRIs); set by
 * buildApp from the configuration. One per process: every app in it serves the same origin.
 */
export function setStatementOrigin(origin: string): void {
  statementOrigin = origin
}

export function statementOriginOf(): string {
  return statementOrigin
}

/** A person's xAPI statements in their data export; erasure deletes them. */
export const xapiPersonalData: PersonalDataHolder = {
  part: 'xapiStatements',
  collect: listStatementsOfPerson,
  erase: deleteStatementsOfPerson,
}
