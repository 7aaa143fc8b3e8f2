/** The areas a good practice belongs to, in the order forms and filters list them. */
export const goodPracticeAreas = [
  'workforce',
  'services',
  'information-communication',
  'participation',
  'other',
] as const
export type GoodPracticeArea = (typeof goodPracticeAreas)[number]

export const goodPracticeStatuses = ['submitted', 'returned', 'approved'] as const
export type GoodPracticeStatus = (typeof goodPracticeStatuses)[number]
