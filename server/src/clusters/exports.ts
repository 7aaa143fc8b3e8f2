// The members export: every member of a cluster, current and former, as a table (tabular/).
import type { ServiceContext } from '../http/context.ts'
import type { Table } from '../tabular/index.ts'
import { reachCluster } from './access.ts'
import { listMembersForExport } from './queries.ts'

// Names in the order a reader of the region expects (Č after C, Đ after D), the same on every
// database: PostgreSQL's order depends on the collation the database was created with.
const byName = new Intl.Collator('sr-Latn')

/** Members of a cluster as a table, to whoever may read its members (404 to anyone else). */
export async function exportMembers(
  ctx: ServiceContext,
  clusterId: string,
): Promise<{ basename: string; table: Table }> {
  const cluster = await reachCluster(ctx.db, ctx.actor, clusterId, 'read')
  const rows = (await listMembersForExport(ctx.db, clusterId)).sort((a, b) =>
    byName.compare(a.name, b.name),
  )
  return {
    basename: `members-${cluster.name}`,
    table: {
      title: 'Members',
      columns: [
        { header: 'Name' },
        { header: 'E-mail' },
        { header: 'Municipality' },
        { header: 'Country' },
        { header: 'Joined (UTC)' },
        { header: 'Source' },
        { header: 'Left (UTC)' },
        { header: 'Reason for leaving' },
      ],
      rows: rows.map((row) => [
        row.name,
        row.email,
        row.municipality,
        row.countryCode,
        new Date(row.joinedAt),
        row.source,
        row.leftAt ? new Date(row.leftAt) : null,
        row.leaveReason,
      ]),
    },
  }
}
