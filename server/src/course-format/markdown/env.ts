import type { Env } from 'markdown-it'

/** A problem in a module file; line and column are 1-based and count the front matter. */
export interface ModuleProblem {
  line: number
  column: number
  message: string
}

/** A ```gift block; `line` is its first content line: GIFT line n is file line `line + n - 1`. */
export interface ModuleQuiz {
  source: string
  line: number
}

/** What the plugins share during one render: the file's lines, and what they found. */
export interface ModuleEnv extends Env {
  lines: string[]
  problems: ModuleProblem[]
  quizzes: ModuleQuiz[]
}

export const moduleEnv = (env: Env) => env as ModuleEnv
