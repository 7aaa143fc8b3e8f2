import type { UserRecord } from './queries.ts'
import type { User } from './schemas.ts'

/** The API shape of a user: no hash, no internal timestamps, organisation as nested objects. */
export function toUser(record: UserRecord): User {
  return {
    id: record.id,
    email: record.email,
    name: record.name,
    preferredLanguage: record.preferredLanguage,
    timeZone: record.timeZone,
    position: record.position,
    roles: record.roles,
    municipality: record.municipalityId
      ? {
          id: record.municipalityId,
          name: record.municipalityName!,
          countryCode: record.municipalityCountry!.trim(),
        }
      : null,
    association: record.associationId
      ? {
          id: record.associationId,
          slug: record.associationSlug!,
          acronym: record.associationAcronym!,
          name: record.associationName!,
        }
      : null,
    createdAt: new Date(record.createdAt).toISOString(),
  }
}
