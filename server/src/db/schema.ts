import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'

type CreatedAt = ColumnType<Date, Date | string | undefined, never>
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>

/** ISO 3166-1 alpha-2, plus XK (user-assigned code in common use for Kosovo). */
export interface CountryTable {
  code: string
  name: string
}

/** A local-government association (LGA), e.g. SKGO, ZELS, SKR, or the NALAS network. */
export interface AssociationTable {
  id: Generated<string>
  countryCode: string | null
  slug: string
  acronym: string
  name: string
  createdAt: CreatedAt
}

/** A local self-government unit. */
export interface MunicipalityTable {
  id: Generated<string>
  countryCode: string
  associationId: string | null
  name: string
  officialCode: string | null
  createdAt: CreatedAt
}

export interface UserTable {
  id: Generated<string>
  email: string
  name: string
  preferredLanguage: Generated<string>
  timeZone: Generated<string>
  municipalityId: string | null
  associationId: string | null
  position: string | null
  passwordHash: string | null
  createdAt: CreatedAt
  updatedAt: UpdatedAt
}

export const roles = ['learner', 'trainer', 'coordinator', 'admin'] as const
export type Role = (typeof roles)[number]

export interface UserRoleTable {
  userId: string
  role: Role
  grantedAt: CreatedAt
}

export interface CourseTable {
  id: Generated<string>
  slug: string
  /** Title per language tag, e.g. { en: 'Diversity Management', 'sr-Latn': 'Upravljanje različitostima' }. */
  title: ColumnType<Record<string, string>, string, string>
  languages: ColumnType<string[], string[], string[]>
  publishedAt: Date | null
  createdAt: CreatedAt
}

export interface Database {
  countries: CountryTable
  associations: AssociationTable
  municipalities: MunicipalityTable
  users: UserTable
  userRoles: UserRoleTable
  courses: CourseTable
}

export type CourseRow = Selectable<CourseTable>
export type NewCourseRow = Insertable<CourseTable>
export type UserRow = Selectable<UserTable>
export type NewUserRow = Insertable<UserTable>
