import type { Token } from 'markdown-it'
import type { ModuleEnv, ModuleProblem, ModuleQuiz } from './env.ts'
import { type FrontMatter, readFrontMatter } from './front-matter.ts'
import { createParser } from './parser.ts'
import { plainText } from './plain-text.ts'

export type { FrontMatter } from './front-matter.ts'
export type { ModuleProblem, ModuleQuiz } from './env.ts'

export interface TocEntry {
  level: 2 | 3
  id: string
  text: string
}

export interface RenderedModule {
  frontMatter: FrontMatter | null
  html: string
  toc: TocEntry[]
  quizzes: ModuleQuiz[]
  problems: ModuleProblem[]
}

const md = createParser()

/** Renders a module file without I/O, reporting every content problem with its file line. */
export function renderModule(source: string): RenderedModule {
  const lines = source.replace(/^\uFEFF/, '').split(/\r\n?|\n/)
  const { frontMatter, lineCount, problems } = readFrontMatter(lines)
  // Blank the front matter out instead of cutting it, so that markdown-it's lines are file lines.
  const body = lines.map((line, index) => (index < lineCount ? '' : line))
  const env: ModuleEnv = { lines: body, problems: [], quizzes: [] }
  const tokens = md.parse(body.join('\n'), env)
  return {
    frontMatter,
    html: md.renderer.render(tokens, md.options, env),
    toc: tableOfContents(tokens),
    quizzes: env.quizzes,
    problems: [...problems, ...env.problems].sort((a, b) => a.line - b.line || a.column - b.column),
  }
}

/**
 * Renders Markdown that is not a module (a call's text, a description) with the modules' rules:
 * raw HTML off, links restricted to http(s) and mailto. No front matter is read.
 */
export function renderMarkdown(source: string): string {
  const lines = source.split(/\r\n?|\n/)
  const env: ModuleEnv = { lines, problems: [], quizzes: [] }
  return md.render(lines.join('\n'), env)
}

function tableOfContents(tokens: Token[]): TocEntry[] {
  const toc: TocEntry[] = []
  tokens.forEach((token, index) => {
    const level = token.tag === 'h2' ? 2 : token.tag === 'h3' ? 3 : null
    if (token.type !== 'heading_open' || level === null) return
    const text = plainText(tokens[index + 1]?.children ?? []).trim()
    toc.push({ level, id: String(token.attrGet('id') ?? ''), text })
  })
  return toc
}
