export { renderMarkdown, renderModule } from './render.ts'
export type { FrontMatter, ModuleProblem, ModuleQuiz, RenderedModule, TocEntry } from './render.ts'
export { slugify } from './slugify.ts'
