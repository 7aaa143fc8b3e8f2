import { fail } from '@sveltejs/kit'
import type { ImportReport } from '@agora/server/contract'
import type { CsvReport } from '$lib/components/staff/csv-report'
import { apiCall } from '$lib/server/api'
import { readCsv } from '$lib/server/forms'
import { requireRole } from '$lib/server/guards'
import { csvProblem, csvRowMessage } from '$lib/server/problems'
import type { Actions, PageServerLoad } from './$types'

const csvHeader = 'country,association,code,name,alt_names'

export const load: PageServerLoad = async (event) => {
  requireRole(event, ['admin'])
  return { isAdmin: true, header: csvHeader }
}

async function submit(event: Parameters<Actions[string]>[0], dryRun: boolean) {
  requireRole(event, ['admin'])
  const { csv, error } = await readCsv(await event.request.formData())
  if (error) return fail(400, { csv, errors: { 'import-csv': error } })
  const result = await apiCall<ImportReport>(
    event.fetch,
    'POST',
    `/municipalities/import?dryRun=${dryRun}`,
    { csv },
  )
  if (!result.ok) return fail(result.status, { csv, errors: { 'import-csv': csvProblem(result) } })
  const report: CsvReport = {
    ...result.data,
    rows: result.data.rows.map(({ line, name, ok, errors }) => ({
      line,
      label: name,
      ok,
      errors: errors.map(csvRowMessage),
    })),
  }
  if (!report.valid) return fail(400, { csv, report })
  return { csv, report }
}

export const actions: Actions = {
  check: (event) => submit(event, true),
  send: (event) => submit(event, false),
}
