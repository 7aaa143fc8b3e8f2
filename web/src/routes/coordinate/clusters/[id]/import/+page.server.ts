import { fail } from '@sveltejs/kit'
import type { Cluster, FieldError, MemberImportReport } from '@agora/server/contract'
import type { CsvReport } from '$lib/components/staff/csv-report'
import { apiCall, loadJson } from '$lib/server/api'
import { readCsv } from '$lib/server/forms'
import { requireStaff } from '$lib/server/guards'
import { csvProblem, csvRowMessage, problemMessage } from '$lib/server/problems'
import { m } from '$lib/paraglide/messages'
import type { Actions, PageServerLoad } from './$types'
import { clusterPath } from '../../../coordinate.server'

export const load: PageServerLoad = async (event) => {
  requireStaff(event)
  const cluster = await loadJson<Cluster>(event, clusterPath(event.params.id))
  return { cluster, header: 'email' }
}

/** A refused row in words that fit members: who is unknown, who is in already. */
function memberRowMessage(error: FieldError): string {
  if (error.reason === 'unknown-reference') return m.coordinate_import_unknown_learner()
  if (error.reason === 'conflict') return m.coordinate_import_conflict()
  return csvRowMessage(error)
}

/** Dry run ("check") or import ("send") of the same CSV; the API stores nothing unless every row is good. */
async function submit(event: Parameters<Actions[string]>[0], dryRun: boolean) {
  requireStaff(event)
  const path = `${clusterPath(event.params.id)}/members/import?dryRun=${dryRun}`
  const { csv, error } = await readCsv(await event.request.formData())
  if (error) return fail(400, { csv, errors: { 'members-csv': error } })
  const result = await apiCall<MemberImportReport>(event.fetch, 'POST', path, { csv })
  if (!result.ok) {
    const message =
      result.status === 409
        ? problemMessage(result, { conflict: m.coordinate_conflict })
        : csvProblem(result)
    return fail(result.status, { csv, errors: { 'members-csv': message } })
  }
  const report: CsvReport = {
    ...result.data,
    rows: result.data.rows.map(({ line, email, ok, errors }) => ({
      line,
      label: email,
      ok,
      errors: errors.map(memberRowMessage),
    })),
  }
  if (!report.valid) return fail(400, { csv, report })
  return { csv, report }
}

export const actions: Actions = {
  check: (event) => submit(event, true),
  send: (event) => submit(event, false),
}
