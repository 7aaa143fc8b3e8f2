import { fail } from '@sveltejs/kit'
import type { BulkReport } from '@agora/server/contract'
import type { CsvReport } from '$lib/components/staff/csv-report'
import { apiCall } from '$lib/server/api'
import { readCsv } from '$lib/server/forms'
import { isAdmin, requireStaff } from '$lib/server/guards'
import { csvProblem, csvRowMessage } from '$lib/server/problems'
import type { Actions, PageServerLoad } from './$types'

const csvHeader = 'email,name,roles,municipality_id,association_id,position,language'

export const load: PageServerLoad = async (event) => {
  const user = requireStaff(event)
  return { isAdmin: isAdmin(user), header: csvHeader }
}

async function submit(event: Parameters<Actions[string]>[0], dryRun: boolean) {
  requireStaff(event)
  const { csv, error } = await readCsv(await event.request.formData())
  if (error) return fail(400, { csv, errors: { 'bulk-csv': error } })
  const result = await apiCall<BulkReport>(
    event.fetch,
    'POST',
    `/invitations/bulk?dryRun=${dryRun}`,
    { csv },
  )
  if (!result.ok) return fail(result.status, { csv, errors: { 'bulk-csv': csvProblem(result) } })
  const report: CsvReport = {
    ...result.data,
    rows: result.data.rows.map(({ line, email, ok, errors }) => ({
      line,
      label: email,
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
