// `npm run gift -- export <course>/<module> [--lang en]` prints a module's quiz as GIFT (for Moodle);
// `npm run gift -- import <file.gift> --into <course>/<module> [--lang en]` replaces it (from Moodle).
// Both write canonical GIFT, so an export imported again changes nothing.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { formatGift, parseGift } from '../server/src/course-format/gift/index.ts'
import { renderModule } from '../server/src/course-format/markdown/index.ts'
import { replaceQuiz } from '../server/src/course-format/quiz-blocks.ts'

const usage =
  'usage: npm run gift -- export <course>/<module> [--lang en] | import <file.gift> --into <course>/<module> [--lang en]'

function fail(message: string): never {
  console.error(message)
  process.exit(1)
}

function readArguments() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        into: { type: 'string' },
        lang: { type: 'string', default: 'en' },
        courses: { type: 'string', default: 'courses' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    })
  } catch (error) {
    // An unknown option or a missing value: one line and the usage, not a stack trace.
    return fail(`${(error as Error).message}\n${usage}`)
  }
}

const { positionals, values } = readArguments()
if (values.help) {
  console.log(usage)
  process.exit(0)
}
const [command, target] = positionals

function moduleFile(reference: string | undefined): string {
  const [course, module, ...rest] = (reference ?? '').split('/')
  if (!course || !module || rest.length > 0) fail(usage)
  const file = join(values.courses, course, values.lang, `${module}.md`)
  if (!existsSync(file)) fail(`${file}: no such module`)
  return file
}

if (command === 'export') {
  const file = moduleFile(target)
  const module = renderModule(readFileSync(file, 'utf8'))
  const questions = module.quizzes.flatMap((quiz) => {
    const parsed = parseGift(quiz.source, { lineOffset: quiz.line - 1 })
    for (const problem of parsed.problems)
      console.error(`${file}:${problem.line}:${problem.column}: ${problem.message}`)
    if (parsed.problems.length > 0) process.exitCode = 1
    return parsed.questions
  })
  process.stdout.write(formatGift(questions))
} else if (command === 'import') {
  if (!target || !values.into) fail(usage)
  if (!existsSync(target)) fail(`${target}: no such file`)
  const parsed = parseGift(readFileSync(target, 'utf8'))
  for (const problem of parsed.problems)
    console.error(`${target}:${problem.line}:${problem.column}: ${problem.message}`)
  if (parsed.problems.length > 0)
    fail(`${target}: not imported (${parsed.problems.length} problems)`)
  const file = moduleFile(values.into)
  writeFileSync(file, replaceQuiz(readFileSync(file, 'utf8'), formatGift(parsed.questions)))
  console.log(`${file}: quiz replaced with ${parsed.questions.length} questions from ${target}`)
} else {
  fail(usage)
}
