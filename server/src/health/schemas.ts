import Type, { type Static } from 'typebox'

export const HealthSchema = Type.Object({
  status: Type.Enum(['ok', 'degraded', 'unavailable'], {
    description: 'degraded: migrations pending; unavailable: database unreachable',
  }),
  db: Type.Enum(['pglite', 'postgres']),
  migrations: Type.Object({
    applied: Type.Integer({ minimum: 0 }),
    pending: Type.Integer({ minimum: 0 }),
  }),
})
export type Health = Static<typeof HealthSchema>
