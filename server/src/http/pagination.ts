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
