// TypeBox schemas of the attendance routes; their types reach the web through contract.ts.
import Type, { type Static } from 'typebox'
import { LineText, UserText, UuidSchema } from '../http/schemas.ts'
import { attendanceStatuses } from './constants.ts'

const Instant = (description: string) => Type.String({ format: 'date-time', description })
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()])

export const AttendanceParams = Type.Object({ id: UuidSchema })

export const AttendanceMarkSchema = Type.Object(
  {
    userId: UuidSchema,
    status: Type.Enum([...attendanceStatuses]),
    reason: Type.Optional(
      UserText({
        minLength: 1,
        maxLength: 1000,
        pattern: '\\S',
        description: 'required when excused; kept for any mark',
      }),
    ),
  },
  { additionalProperties: false },
)
export type AttendanceMark = Static<typeof AttendanceMarkSchema>

export const AttendanceMarksBody = Type.Object(
  {
    marks: Type.Array(AttendanceMarkSchema, {
      minItems: 1,
      maxItems: 1000,
      description: 'one mark per person; all are stored or none',
    }),
  },
  { additionalProperties: false },
)
export type AttendanceMarksBody = Static<typeof AttendanceMarksBody>

export const AttendanceRowSchema = Type.Object({
  userId: UuidSchema,
  name: Type.String(),
  email: Type.String(),
  municipality: Nullable(Type.String()),
  registered: Type.Boolean({ description: 'registered for this session now' }),
  status: Nullable(Type.Enum([...attendanceStatuses])),
  reason: Nullable(Type.String()),
  via: Nullable(Type.Enum(['list', 'check-in'])),
  markedAt: Nullable(Instant('when the mark or check-in was stored')),
})
export type AttendanceRow = Static<typeof AttendanceRowSchema>

export const AttendanceListSchema = Type.Object({
  session: Type.Object({
    id: UuidSchema,
    title: Type.String(),
    startsAt: Instant('the start, UTC'),
    endsAt: Instant('the end, UTC'),
    status: Type.Enum(['scheduled', 'cancelled']),
    markingOpensAt: Instant(
      'attendance can be marked from this instant (15 minutes before the start)',
    ),
  }),
  items: Type.Array(AttendanceRowSchema),
})
export type AttendanceList = Static<typeof AttendanceListSchema>

export const CheckInCodeSchema = Type.Object({
  code: Type.String({ description: 'shown to the participants during the session' }),
  opensAt: Instant('check-in opens (15 minutes before the start)'),
  closesAt: Instant('check-in closes (the end)'),
})
export type CheckInCode = Static<typeof CheckInCodeSchema>

export const CheckInBody = Type.Object(
  {
    code: LineText({
      minLength: 1,
      maxLength: 64,
      description: 'the code the trainer shows; letter case and surrounding spaces do not matter',
    }),
  },
  { additionalProperties: false },
)
export type CheckInBody = Static<typeof CheckInBody>

export const CheckInResultSchema = Type.Object({
  status: Type.Literal('attended'),
  via: Type.Enum(['list', 'check-in'], {
    description: "check-in; 'list' when a trainer had already marked the learner attended",
  }),
  markedAt: Instant('when the attendance was stored (the first check-in on a repeat)'),
  enrolmentId: UuidSchema,
})
export type CheckInResult = Static<typeof CheckInResultSchema>
