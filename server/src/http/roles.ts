/** The roles of DESIGN.md's access model; the access guard (auth.ts) and the users table use them. */
export const roles = ['learner', 'trainer', 'coordinator', 'admin'] as const
export type Role = (typeof roles)[number]
