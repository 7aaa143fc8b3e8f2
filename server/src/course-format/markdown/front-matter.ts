import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml'
import type { ModuleProblem } from './env.ts'

export interface FrontMatter {
  title: string
  minutes: number
  objectives: string[]
}

const keys = ['title', 'minutes', 'objectives']
const fence = /^---[ \t]*$/

/**
 * Reads the `---` block at the top of a module. `lineCount` is how many lines it spans, fences
 * included; `frontMatter` is null unless title, minutes and objectives are all valid.
 */
export function readFrontMatter(lines: string[]): {
  frontMatter: FrontMatter | null
  lineCount: number
  problems: ModuleProblem[]
} {
  const problems: ModuleProblem[] = []
  if (!fence.test(lines[0] ?? '')) {
    const message =
      "missing front matter: start the file with a '---' block giving title, minutes and objectives"
    return { frontMatter: null, lineCount: 0, problems: [{ line: 1, column: 1, message }] }
  }
  const end = lines.findIndex((line, index) => index > 0 && fence.test(line))
  if (end === -1) {
    const message = "front matter is not closed: end it with a '---' line"
    return { frontMatter: null, lineCount: 0, problems: [{ line: 1, column: 1, message }] }
  }

  const counter = new LineCounter()
  const yaml = lines.slice(1, end).join('\n')
  const doc = parseDocument(yaml, { lineCounter: counter, prettyErrors: false })
  const report = (offset: number | undefined, message: string) => {
    // The YAML starts on file line 2, after the opening fence.
    const { line, col } = offset === undefined ? { line: 0, col: 1 } : counter.linePos(offset)
    problems.push({ line: line + 1, column: col, message })
  }
  const at = (node: Node | null | undefined, message: string) => report(node?.range?.[0], message)
  for (const error of doc.errors) {
    report(error.pos[0], `invalid YAML: ${error.message.split('\n')[0]}`)
  }
  if (problems.length > 0) return { frontMatter: null, lineCount: end + 1, problems }

  const root = doc.contents
  if (root !== null && !isMap(root)) {
    at(root, 'front matter must be a mapping of title, minutes and objectives')
    return { frontMatter: null, lineCount: end + 1, problems }
  }
  const fields = new Map<string, Node>()
  for (const pair of root?.items ?? []) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key)
    // An empty value (`title:`) has no node of its own; point at the key instead.
    if (keys.includes(key)) fields.set(key, (pair.value ?? pair.key) as Node)
    else at(pair.key as Node, `unknown front-matter key '${key}'; allowed: ${keys.join(', ')}`)
  }
  for (const key of keys) {
    const message = `front-matter key '${key}' is missing`
    if (!fields.has(key)) problems.push({ line: 1, column: 1, message })
  }

  const titleNode = fields.get('title')
  const title = isScalar(titleNode) ? stringValue(titleNode.value) : ''
  if (titleNode && !title) at(titleNode, 'title must be a non-empty string')

  const minutesNode = fields.get('minutes')
  const minutes = isScalar(minutesNode) ? minutesNode.value : undefined
  const validMinutes = typeof minutes === 'number' && Number.isInteger(minutes) && minutes > 0
  if (minutesNode && !validMinutes) {
    at(minutesNode, 'minutes must be a positive whole number, e.g. 20')
  }

  const objectivesNode = fields.get('objectives')
  const objectives: string[] = []
  let validObjectives = false
  if (isSeq(objectivesNode) && objectivesNode.items.length > 0) {
    validObjectives = true
    for (const item of objectivesNode.items as Node[]) {
      const text = isScalar(item) ? stringValue(item.value) : ''
      if (text) objectives.push(text)
      else at(item, 'each objective must be a non-empty string')
      validObjectives &&= text !== ''
    }
  } else if (objectivesNode) {
    at(objectivesNode, 'objectives must be a non-empty list of strings')
  }

  const valid = title && validMinutes && validObjectives
  const frontMatter = valid ? { title, minutes, objectives } : null
  return { frontMatter, lineCount: end + 1, problems }
}

const stringValue = (value: unknown) => (typeof value === 'string' ? value.trim() : '')
