export { evaluate } from './evaluate.ts'
export { propose } from './propose.ts'
export type * from './types.ts'
