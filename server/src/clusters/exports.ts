// The members export: every member of a cluster, current and former, as a table (tabular/).
import type { ServiceContext } from '../http/context.ts'
import type { ClusterMemberSource } from '../db/schema.ts'
import { type Label, labelIn, type Table } from '../tabular/index.ts'
import { reachCluster } from './access.ts'
import { listMembersForExport } from './queries.ts'

// Names in the order a reader of the region expects (Č after C, Đ after D), the same on every
// database: PostgreSQL's order depends on the collation the database was created with.
const byName = new Intl.Collator('sr-Latn')

const headers: Label[] = [
  { en: 'Name', 'sr-Latn': 'Ime i prezime' },
  { en: 'E-mail', 'sr-Latn': 'E-adresa' },
  { en: 'Municipality', 'sr-Latn': 'Opština' },
  { en: 'Country', 'sr-Latn': 'Država' },
  { en: 'Joined (UTC)', 'sr-Latn': 'Pridruživanje (UTC)' },
  { en: 'Source', 'sr-Latn': 'Način prijema' },
  { en: 'Left (UTC)', 'sr-Latn': 'Odlazak (UTC)' },
  { en: 'Reason for leaving', 'sr-Latn': 'Razlog odlaska' },
]
const sources: Record<ClusterMemberSource, Label> = {
  selection: { en: 'selection', 'sr-Latn': 'izbor po pozivu' },
  assignment: { en: 'assignment', 'sr-Latn': 'dodela' },
  import: { en: 'import', 'sr-Latn': 'uvoz' },
}

/** Members of a cluster as a table, to whoever may read its members (404 to anyone else). */
export async function exportMembers(
  ctx: ServiceContext,
  clusterId: string,
  lang?: string,
): Promise<{ basename: string; table: Table }> {
  const cluster = await reachCluster(ctx.db, ctx.actor, clusterId, 'read')
  const rows = (await listMembersForExport(ctx.db, clusterId)).sort((a, b) =>
    byName.compare(a.name, b.name),
  )
  return {
    basename: `members-${cluster.name}`,
    table: {
      title: labelIn({ en: 'Members', 'sr-Latn': 'Članovi' }, lang),
      columns: headers.map((header) => ({ header: labelIn(header, lang) })),
      rows: rows.map((row) => [
        row.name,
        row.email,
        row.municipality,
        row.countryCode,
        new Date(row.joinedAt),
        labelIn(sources[row.source], lang),
        row.leftAt ? new Date(row.leftAt) : null,
        row.leaveReason,
      ]),
    },
  }
}
