import {
  goodPracticeAreas,
  type GoodPracticeArea,
  type GoodPracticeStatus,
} from '@agora/server/contract'
import { m } from '$lib/paraglide/messages'

const areaLabels: Record<GoodPracticeArea, () => string> = {
  workforce: m.practice_area_workforce,
  services: m.practice_area_services,
  'information-communication': m.practice_area_information_communication,
  participation: m.practice_area_participation,
  other: m.practice_area_other,
}

export function areaLabel(area: GoodPracticeArea): string {
  return areaLabels[area]()
}

export function isArea(value: string): value is GoodPracticeArea {
  return (goodPracticeAreas as readonly string[]).includes(value)
}

/** The areas as choices, in the order the contract lists them. */
export function areaOptions(): { value: GoodPracticeArea; label: string }[] {
  return goodPracticeAreas.map((area) => ({ value: area, label: areaLabel(area) }))
}

const statusLabels: Record<GoodPracticeStatus, () => string> = {
  submitted: m.practice_status_submitted,
  returned: m.practice_status_returned,
  approved: m.practice_status_approved,
}

export function statusLabel(status: GoodPracticeStatus): string {
  return statusLabels[status]()
}
