import Type, { type Static } from 'typebox'

export const AuditEventSchema = Type.Object({
  id: Type.String(),
  at: Type.String({ format: 'date-time' }),
  action: Type.String(),
  actor: Type.Union([Type.Object({ id: Type.String(), email: Type.String() }), Type.Null()]),
  subject: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown()),
})
export type AuditEvent = Static<typeof AuditEventSchema>
