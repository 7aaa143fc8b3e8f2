import Type, { type Static, type TSchema } from 'typebox'

export const maxPageSize = 100

export const PageQuerySchema = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: maxPageSize, default: 20 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
})
export type PageQuery = Static<typeof PageQuerySchema>

export function PageSchema<Item extends TSchema>(item: Item) {
  return Type.Object({
    items: Type.Array(item),
    total: Type.Integer({ minimum: 0 }),
    limit: Type.Integer(),
    offset: Type.Integer(),
  })
}

export interface Page<Item> {
  items: Item[]
  total: number
  limit: number
  offset: number
}

/**
 * Builds every paged answer. `load` reads one window of rows, each carrying the total count of the
 * list (`count(*) over ()`); past the last item no row carries it, so the first row is read for it.
 */
export async function pageOf<Row, Item>(
  window: PageQuery,
  load: (window: PageQuery) => Promise<(Row & { total: number | string })[]>,
  toItem: (row: Row) => Item | Promise<Item>,
): Promise<Page<Item>> {
  const rows = await load(window)
  const carrier =
    rows[0] ?? (window.offset > 0 ? (await load({ limit: 1, offset: 0 }))[0] : undefined)
  return {
    items: await Promise.all(rows.map(toItem)),
    total: carrier ? Number(carrier.total) : 0,
    limit: window.limit,
    offset: window.offset,
  }
}
