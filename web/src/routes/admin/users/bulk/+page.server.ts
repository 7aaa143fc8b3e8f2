import { fail } from '@sveltejs/kit'
import type { CsvReport } from '$lib/components/admin/types'
import { m } from '$lib/paraglide/messages'
import type { Actions, PageServerLoad } from './$types'
import { callApi, isAdmin, problemMessage, readCsv, requireRole } from '../../admin.server'

const csvHeader = 'email,name,roles,municipality_id,association_id,position,language'

interface BulkAnswer {
  dryRun: boolean
  valid: boolean
  created: number
  rows: { line: number; email: string; ok: boolean; errors: string[] }[]
}

export const load: PageServerLoad = async (event) => {
  const user = requireRole(event)
  return { isAdmin: isAdmin(user), header: csvHeader }
}

async function submit(event: Parameters<Actions[string]>[0], dryRun: boolean) {
  requireRole(event)
  const { csv, error } = await readCsv(await event.request.formData())
  if (error) return fail(400, { csv, errors: { 'bulk-csv': error } })
  const result = await callApi<BulkAnswer>(event, 'POST', `/invitations/bulk?dryRun=${dryRun}`, {
    csv,
  })
  if (!result.ok) {
    // Problems with the file as a whole (header, quoting, size) point at /body/csv.
    const detail = result.problem.errors?.find((problem) => problem.pointer === '/body/csv')?.detail
    const message =
      result.status === 400 && detail ? m.admin_csv_invalid({ detail }) : problemMessage(result)
    return fail(result.status, { csv, errors: { 'bulk-csv': message } })
  }
  const report: CsvReport = {
    ...result.data,
    rows: result.data.rows.map(({ line, email, ok, errors }) => ({
      line,
      label: email,
      ok,
      errors,
    })),
  }
  if (!report.valid) return fail(400, { csv, report })
  return { csv, report }
}

export const actions: Actions = {
  check: (event) => submit(event, true),
  send: (event) => submit(event, false),
}
