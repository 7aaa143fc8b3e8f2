import MarkdownIt from 'markdown-it'
import { containers } from './containers.ts'
import { headingIds } from './headings.ts'
import { linkPolicy } from './links.ts'
import { recordInlineOffsets } from './positions.ts'
import { giftQuizzes } from './quizzes.ts'

/** The module parser; its core rules expect a `ModuleEnv` as env. */
export function createParser() {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: true })
  recordInlineOffsets(md, ['link', 'image', 'autolink'])
  md.use(linkPolicy)
  md.use(containers)
  md.use(giftQuizzes)
  md.use(headingIds)
  return md
}
