import MarkdownIt from 'markdown-it'
import anchor from 'markdown-it-anchor'
import { containers } from './containers.ts'
import { linkPolicy } from './links.ts'
import { plainText } from './plain-text.ts'
import { recordInlineOffsets } from './positions.ts'
import { giftQuizzes } from './quizzes.ts'
import { slugify } from './slugify.ts'

/** The module parser; its core rules expect a `ModuleEnv` as env. */
export function createParser() {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: true })
  recordInlineOffsets(md, ['link', 'image', 'autolink'])
  md.use(linkPolicy)
  md.use(containers)
  md.use(giftQuizzes)
  md.use(anchor, { slugify, getTokensText: plainText, tabIndex: false })
  return md
}
