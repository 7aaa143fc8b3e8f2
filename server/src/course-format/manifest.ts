import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type YAMLMap } from 'yaml'
import { generatedLanguages, supportedLanguages } from './languages.ts'

/** A content problem, always with a place: file-relative line and column, 1-based. */
export interface SourceProblem {
  line: number
  column: number
  message: string
}

/** `line` is where the step stands in course.yaml, for problems found in the files it names. */
export type Step =
  | { kind: 'module'; slug: string; line: number }
  | { kind: 'webinar'; slug: string; alternative: 'good-practice' | null; line: number }
  | { kind: 'survey'; slug: string; line: number }

/** What a course says about itself before anyone enrols, in one stored language. */
export interface CourseAbout {
  summary: string
  audience: string
  outcomes: string[]
}

export interface CourseManifest {
  slug: string
  title: Record<string, string>
  /** Per stored language; generated languages (sr-Cyrl) are derived from their source on read. */
  about: Record<string, CourseAbout>
  languages: string[]
  quiz: { passMark: number; maxAttempts: number }
  steps: Step[]
}

export { generatedLanguages }
/** The languages a course may be written in: every language Agora supports. */
export const contentLanguages = supportedLanguages

const slugPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/
const moduleSlugPattern = /^\d{2}-[a-z0-9]+(-[a-z0-9]+)*$/
const topKeys = ['slug', 'title', 'about', 'languages', 'quiz', 'steps']
const aboutKeys = ['summary', 'audience', 'outcomes']
/** Bounds of an about block: a summary of two or three sentences, 3 to 6 outcomes. */
export const aboutLimits = {
  summary: 700,
  audience: 400,
  outcome: 250,
  minOutcomes: 3,
  maxOutcomes: 6,
} as const

/** Parses course.yaml, reporting every problem with its line. Valid only when `problems` is empty. */
export function parseManifest(source: string): {
  manifest: CourseManifest | null
  problems: SourceProblem[]
} {
  const lines = new LineCounter()
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false })
  const problems: SourceProblem[] = []
  const at = (node: Node | null | undefined, message: string) => {
    const { line, col } = node?.range ? lines.linePos(node.range[0]) : { line: 1, col: 1 }
    problems.push({ line, column: col, message })
  }
  for (const error of doc.errors) {
    const { line, col } = lines.linePos(error.pos[0])
    problems.push({ line, column: col, message: `YAML: ${error.message.split('\n')[0]}` })
  }
  if (problems.length > 0) return { manifest: null, problems }
  const root = doc.contents
  if (!isMap(root)) {
    at(root, 'course.yaml must be a mapping of slug, title, about, languages, quiz and steps')
    return { manifest: null, problems }
  }

  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : ''
    if (!topKeys.includes(key))
      at(pair.key as Node, `unknown key '${key}'; allowed: ${topKeys.join(', ')}`)
  }
  const field = (map: YAMLMap, key: string) => map.get(key, true) as Node | undefined
  const missing = (map: YAMLMap, key: string, where: string) => {
    at(map, `${where}'${key}' is missing`)
    return undefined
  }

  const slugNode = field(root, 'slug')
  const slug = isScalar(slugNode) && typeof slugNode.value === 'string' ? slugNode.value : undefined
  if (!slugNode) missing(root, 'slug', '')
  else if (!slug || !slugPattern.test(slug))
    at(slugNode, "slug must be lowercase words joined by '-', e.g. diversity-management")

  const languagesNode = field(root, 'languages')
  const languages: string[] = []
  if (!languagesNode) missing(root, 'languages', '')
  else if (!isSeq(languagesNode) || languagesNode.items.length === 0)
    at(languagesNode, 'languages must be a non-empty list, e.g. [en, sr-Latn]')
  else {
    for (const item of languagesNode.items as Node[]) {
      const tag = isScalar(item) ? String(item.value) : ''
      if (!(contentLanguages as readonly string[]).includes(tag))
        at(item, `unknown language '${tag}'; use one of ${contentLanguages.join(', ')}`)
      else if (languages.includes(tag)) at(item, `language '${tag}' is listed twice`)
      else languages.push(tag)
    }
    for (const [generated, from] of Object.entries(generatedLanguages)) {
      if (languages.includes(generated) && !languages.includes(from))
        at(languagesNode, `${generated} is generated from ${from}, so ${from} must be listed too`)
    }
  }

  const titleNode = field(root, 'title')
  const title: Record<string, string> = {}
  if (!titleNode) missing(root, 'title', '')
  else if (!isMap(titleNode))
    at(titleNode, 'title must give the title per language, e.g. { en: Diversity Management }')
  else {
    const given = new Set<string>()
    for (const pair of titleNode.items) {
      const tag = isScalar(pair.key) ? String(pair.key.value) : ''
      given.add(tag)
      const text =
        isScalar(pair.value) && typeof pair.value.value === 'string' ? pair.value.value.trim() : ''
      if (!languages.includes(tag))
        at(pair.key as Node, `title in '${tag}', which is not in languages`)
      else if (!text) at((pair.value ?? pair.key) as Node, `title in '${tag}' is empty`)
      else title[tag] = text
    }
    for (const tag of languages) {
      if (!given.has(tag) && !generatedLanguages[tag]) at(titleNode, `title in '${tag}' is missing`)
    }
  }

  const about = parseAbout(field(root, 'about'), root, languages, at)

  const quizNode = field(root, 'quiz')
  const quiz = { passMark: 0.7, maxAttempts: 3 }
  if (!quizNode) missing(root, 'quiz', '')
  else if (!isMap(quizNode)) at(quizNode, 'quiz must be { passMark: 0.7, maxAttempts: 3 }')
  else {
    for (const pair of quizNode.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : ''
      if (!['passMark', 'maxAttempts'].includes(key))
        at(pair.key as Node, `unknown quiz setting '${key}'; allowed: passMark, maxAttempts`)
    }
    const passMark = field(quizNode, 'passMark')
    const value = isScalar(passMark) ? passMark.value : undefined
    if (typeof value !== 'number' || !(value > 0 && value <= 1))
      at(passMark ?? quizNode, 'quiz.passMark must be a number above 0 and at most 1, e.g. 0.7')
    else quiz.passMark = value
    const maxAttempts = field(quizNode, 'maxAttempts')
    const attempts = isScalar(maxAttempts) ? maxAttempts.value : undefined
    if (
      typeof attempts !== 'number' ||
      !Number.isInteger(attempts) ||
      attempts < 1 ||
      attempts > 20
    ) {
      at(maxAttempts ?? quizNode, 'quiz.maxAttempts must be a whole number from 1 to 20')
    } else quiz.maxAttempts = attempts
  }

  const stepsNode = field(root, 'steps')
  const steps: Step[] = []
  if (!stepsNode) missing(root, 'steps', '')
  else if (!isSeq(stepsNode) || stepsNode.items.length === 0)
    at(stepsNode, 'steps must be a non-empty list')
  else {
    const seen = new Set<string>()
    for (const item of stepsNode.items as Node[]) {
      const step = parseStep(item, at, item.range ? lines.linePos(item.range[0]).line : 1)
      if (!step) continue
      const key = `${step.kind}:${step.slug}`
      if (seen.has(key)) at(item, `${step.kind} '${step.slug}' appears twice in steps`)
      seen.add(key)
      steps.push(step)
    }
    if (steps.length > 0 && !steps.some((step) => step.kind === 'module'))
      at(stepsNode, 'a course needs at least one module step')
  }

  // With problems, the manifest is still returned when it names its languages and steps, so the
  // files it points to are checked too and every problem is reported in one run.
  if (!slug || languages.length === 0 || steps.length === 0) return { manifest: null, problems }
  return { manifest: { slug, title, about, languages, quiz, steps }, problems }
}

type At = (node: Node | null | undefined, message: string) => void

function parseAbout(
  aboutNode: Node | undefined,
  root: YAMLMap,
  languages: string[],
  at: At,
): Record<string, CourseAbout> {
  const about: Record<string, CourseAbout> = {}
  const stored = languages.filter((tag) => !generatedLanguages[tag])
  if (!aboutNode) {
    if (stored.length > 0)
      at(root, `'about' is missing: give summary, audience and outcomes in ${stored.join(', ')}`)
    return about
  }
  if (!isMap(aboutNode)) {
    at(
      aboutNode,
      'about must give summary, audience and outcomes per language, e.g. about: { en: … }',
    )
    return about
  }
  const given = new Set<string>()
  for (const pair of aboutNode.items) {
    const tag = isScalar(pair.key) ? String(pair.key.value) : ''
    given.add(tag)
    if (generatedLanguages[tag]) {
      at(
        pair.key as Node,
        `about in '${tag}' is generated from ${generatedLanguages[tag]}; remove it`,
      )
      continue
    }
    if (!languages.includes(tag)) {
      at(pair.key as Node, `about in '${tag}', which is not in languages`)
      continue
    }
    const block = pair.value as Node | null
    if (!isMap(block)) {
      at(block ?? (pair.key as Node), `about.${tag} must give summary, audience and outcomes`)
      continue
    }
    for (const item of block.items) {
      const key = isScalar(item.key) ? String(item.key.value) : ''
      if (!aboutKeys.includes(key))
        at(
          item.key as Node,
          `unknown key '${key}' in about.${tag}; allowed: ${aboutKeys.join(', ')}`,
        )
    }
    const text = (key: 'summary' | 'audience', max: number) => {
      const node = block.get(key, true) as Node | undefined
      const value = isScalar(node) && typeof node.value === 'string' ? node.value.trim() : ''
      if (!node) at(block, `about.${tag}.${key} is missing`)
      else if (!value) at(node, `about.${tag}.${key} is empty`)
      else if (value.length > max)
        at(node, `about.${tag}.${key} is ${value.length} characters; at most ${max}`)
      else return value.replace(/\s+/g, ' ')
      return undefined
    }
    const summary = text('summary', aboutLimits.summary)
    const audience = text('audience', aboutLimits.audience)
    const outcomesNode = block.get('outcomes', true) as Node | undefined
    const outcomes: string[] = []
    const { minOutcomes, maxOutcomes } = aboutLimits
    if (!outcomesNode) at(block, `about.${tag}.outcomes is missing`)
    else if (!isSeq(outcomesNode))
      at(
        outcomesNode,
        `about.${tag}.outcomes must be a list of ${minOutcomes} to ${maxOutcomes} items`,
      )
    else {
      for (const item of outcomesNode.items as Node[]) {
        const value = isScalar(item) && typeof item.value === 'string' ? item.value.trim() : ''
        if (!value) at(item, `an outcome in about.${tag} is empty`)
        else if (value.length > aboutLimits.outcome)
          at(
            item,
            `an outcome in about.${tag} is ${value.length} characters; at most ${aboutLimits.outcome}`,
          )
        else outcomes.push(value.replace(/\s+/g, ' '))
      }
      const count = outcomesNode.items.length
      if (count < minOutcomes || count > maxOutcomes)
        at(
          outcomesNode,
          `about.${tag}.outcomes has ${count} items; give ${minOutcomes} to ${maxOutcomes}`,
        )
    }
    if (summary && audience && isSeq(outcomesNode) && outcomes.length === outcomesNode.items.length)
      about[tag] = { summary, audience, outcomes }
  }
  for (const tag of stored) {
    if (!given.has(tag)) at(aboutNode, `about in '${tag}' is missing`)
  }
  return about
}

function parseStep(item: Node, at: At, line: number): Step | null {
  if (!isMap(item)) {
    at(
      item,
      'a step is one of: module: <name>, webinar: <name> (with alternative: good-practice), survey: <name>',
    )
    return null
  }
  const keys = item.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : ''))
  const kind = keys.find((key) => ['module', 'webinar', 'survey'].includes(key)) as
    Step['kind'] | undefined
  const value = kind ? item.get(kind, true) : undefined
  const slug = isScalar(value) ? String(value.value) : ''
  if (!kind) {
    at(item, `unknown step '${keys[0] ?? ''}'; a step is module, webinar or survey`)
    return null
  }
  for (const [index, key] of keys.entries()) {
    if (key !== kind && !(kind === 'webinar' && key === 'alternative'))
      at(item.items[index]!.key as Node, `unknown key '${key}' in a ${kind} step`)
  }
  const pattern = kind === 'module' ? moduleSlugPattern : slugPattern
  if (!pattern.test(slug)) {
    at(
      value as Node,
      kind === 'module'
        ? `module name '${slug}' must look like 01-introduction`
        : `${kind} name '${slug}' must be lowercase words joined by '-'`,
    )
    return null
  }
  if (kind === 'module') return { kind, slug, line }
  if (kind === 'survey') return { kind, slug, line }
  const alternativeNode = item.get('alternative', true) as Node | undefined
  const alternative = isScalar(alternativeNode) ? String(alternativeNode.value) : null
  if (alternativeNode && alternative !== 'good-practice')
    at(alternativeNode, "alternative must be 'good-practice'")
  return { kind, slug, alternative: alternative === 'good-practice' ? 'good-practice' : null, line }
}
