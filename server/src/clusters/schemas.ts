import Type, { type Static } from 'typebox'
import { PageQuerySchema, PageSchema } from '../http/pagination.ts'
import {
  CsvReportSchema,
  LanguageTagSchema,
  LineText,
  SlugSchema,
  UserText,
  UuidSchema,
} from '../http/schemas.ts'

export const clusterStatuses = ['draft', 'call-open', 'selecting', 'running', 'closed'] as const
export const ClusterStatusSchema = Type.Enum([...clusterStatuses])
export type ClusterStatus = Static<typeof ClusterStatusSchema>

export const maxClusterCapacity = 10_000
export const maxClusterCourses = 20

const NameSchema = LineText({ minLength: 1, maxLength: 200, pattern: '\\S' })
const DescriptionSchema = UserText({ maxLength: 20_000, description: 'Markdown' })
const DaySchema = Type.String({ format: 'date', description: 'a calendar day, YYYY-MM-DD' })
const CapacitySchema = Type.Integer({ minimum: 1, maximum: maxClusterCapacity })
const CourseOfferSchema = Type.Object(
  {
    courseSlug: SlugSchema,
    languages: Type.Array(LanguageTagSchema, { minItems: 1, maxItems: 10, uniqueItems: true }),
  },
  { additionalProperties: false },
)
const CoursesSchema = Type.Array(CourseOfferSchema, { minItems: 1, maxItems: maxClusterCourses })

export const CreateClusterBody = Type.Object(
  {
    associationId: Type.Optional(
      Type.String({
        format: 'uuid',
        description: "required of admins; a coordinator's cluster is always their association's",
      }),
    ),
    name: NameSchema,
    description: Type.Optional(DescriptionSchema),
    startsOn: DaySchema,
    endsOn: DaySchema,
    capacity: CapacitySchema,
    courses: CoursesSchema,
  },
  { additionalProperties: false },
)
export type CreateClusterBody = Static<typeof CreateClusterBody>

export const UpdateClusterBody = Type.Object(
  {
    name: Type.Optional(NameSchema),
    description: Type.Optional(DescriptionSchema),
    startsOn: Type.Optional(DaySchema),
    endsOn: Type.Optional(DaySchema),
    capacity: Type.Optional(CapacitySchema),
    courses: Type.Optional(CoursesSchema),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type UpdateClusterBody = Static<typeof UpdateClusterBody>

export const StatusBody = Type.Object(
  { status: ClusterStatusSchema },
  { additionalProperties: false },
)

export const ListClustersQuery = Type.Object(
  {
    ...PageQuerySchema.properties,
    status: Type.Optional(ClusterStatusSchema),
    associationId: Type.Optional(UuidSchema),
  },
  { additionalProperties: false },
)
export type ListClustersQuery = Static<typeof ListClustersQuery>

export const AddMembersBody = Type.Object(
  { userIds: Type.Array(UuidSchema, { minItems: 1, maxItems: 500, uniqueItems: true }) },
  { additionalProperties: false },
)
export const WithdrawalBody = Type.Object(
  { reason: UserText({ minLength: 1, maxLength: 1000, pattern: '\\S' }) },
  { additionalProperties: false },
)
export const ListMembersQuery = Type.Object(
  {
    ...PageQuerySchema.properties,
    includeLeft: Type.Boolean({ default: false, description: 'also those who left' }),
  },
  { additionalProperties: false },
)
export type ListMembersQuery = Static<typeof ListMembersQuery>

const PersonSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  email: Type.String(),
})

export const ClusterSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  associationId: Type.String({ format: 'uuid' }),
  name: Type.String(),
  description: Type.String({ description: 'Markdown' }),
  startsOn: Type.String({ format: 'date' }),
  endsOn: Type.String({ format: 'date' }),
  capacity: Type.Integer(),
  status: ClusterStatusSchema,
  courses: Type.Array(Type.Object({ slug: Type.String(), languages: Type.Array(Type.String()) })),
  trainers: Type.Array(PersonSchema),
  memberCount: Type.Integer({ description: 'current members' }),
  createdAt: Type.String({ format: 'date-time' }),
})
export type Cluster = Static<typeof ClusterSchema>
export const ClusterPageSchema = PageSchema(ClusterSchema)
export type ClusterPage = Static<typeof ClusterPageSchema>

export const ClusterMemberSchema = Type.Object({
  userId: Type.String({ format: 'uuid' }),
  name: Type.String(),
  email: Type.String(),
  municipality: Type.Union([
    Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() }),
    Type.Null(),
  ]),
  source: Type.Enum(['selection', 'assignment', 'import']),
  joinedAt: Type.String({ format: 'date-time' }),
  leftAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  leaveReason: Type.Union([Type.String(), Type.Null()]),
})
export type ClusterMember = Static<typeof ClusterMemberSchema>
export const ClusterMemberPageSchema = PageSchema(ClusterMemberSchema)
export type ClusterMemberPage = Static<typeof ClusterMemberPageSchema>

export const AddMembersResultSchema = Type.Object({
  added: Type.Array(Type.String({ format: 'uuid' })),
  alreadyMembers: Type.Array(Type.String({ format: 'uuid' })),
  enrolments: Type.Integer({ description: 'enrolments made (only while the cluster is running)' }),
})
export type AddMembersResult = Static<typeof AddMembersResultSchema>

export const MemberImportReportSchema = CsvReportSchema({ email: Type.String() })
export type MemberImportReport = Static<typeof MemberImportReportSchema>
