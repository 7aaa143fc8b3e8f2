import Type, { type Static } from 'typebox'
import { PageQuerySchema } from '../http/pagination.ts'
import { CsvReportSchema, LineText, SlugSchema, UserText } from '../http/schemas.ts'

export const CountryCodeSchema = Type.String({ pattern: '^[A-Z]{2}$' })

export const CountrySchema = Type.Object({ code: Type.String(), name: Type.String() })
export type Country = Static<typeof CountrySchema>
export const AssociationSchema = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  acronym: Type.String(),
  name: Type.String(),
  nameLocal: Type.Union([Type.String(), Type.Null()]),
  countryCode: Type.Union([Type.String(), Type.Null()]),
})
export type Association = Static<typeof AssociationSchema>
export const MunicipalitySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  altNames: Type.Array(Type.String()),
  officialCode: Type.Union([Type.String(), Type.Null()]),
  countryCode: Type.String(),
  association: Type.Union([
    Type.Object({ slug: Type.String(), acronym: Type.String() }),
    Type.Null(),
  ]),
})
export type Municipality = Static<typeof MunicipalitySchema>

export const ListMunicipalitiesQuery = Type.Object(
  {
    ...PageQuerySchema.properties,
    country: Type.Optional(CountryCodeSchema),
    association: Type.Optional(SlugSchema),
    q: Type.Optional(UserText({ maxLength: 100 })),
  },
  { additionalProperties: false },
)
export type ListMunicipalitiesQuery = Static<typeof ListMunicipalitiesQuery>

export const CreateMunicipalityBody = Type.Object(
  {
    countryCode: CountryCodeSchema,
    name: LineText({ minLength: 1, maxLength: 200, pattern: '\\S' }),
    altNames: Type.Optional(
      Type.Array(LineText({ minLength: 1, maxLength: 200 }), { maxItems: 10 }),
    ),
    officialCode: Type.Optional(LineText({ minLength: 1, maxLength: 32 })),
    associationSlug: Type.Optional(SlugSchema),
  },
  { additionalProperties: false },
)
export type CreateMunicipalityBody = Static<typeof CreateMunicipalityBody>

export const ImportReportSchema = CsvReportSchema({ name: Type.String() })
export type ImportReport = Static<typeof ImportReportSchema>
