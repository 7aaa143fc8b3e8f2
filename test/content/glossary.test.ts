/**
 * The glossaries of the course library (issue #16): `courses/glossary.<language>.yaml` gives, per
 * concept, the one accepted rendering in that language and the renderings that must not be used
 * (see server/src/course-format/glossary.ts for the format and how variants match).
 *
 * Checked here on the real courses, each failure as `courses/<course>/<language>/<file>:<line>:<col>`:
 * - every glossary file reads without problems and names its own language;
 * - every stored language of the library has a glossary, and each covers at least the concepts that
 *   the courses must render alike (the participation levels of the Council of Europe, "leave no one
 *   behind" and the five factors of being left behind);
 * - no module, survey or course title of a language uses a rendering its glossary lists under avoid;
 * - every case study starts with the glossary's illustrative label, so no reader takes an invented
 *   case for a real municipality's figures.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  findAvoidedTerms,
  findUnlabelledCaseStudies,
  type Glossary,
  parseGlossary,
} from '../../server/src/course-format/glossary.ts'
import { generatedLanguages, parseManifest } from '../../server/src/course-format/manifest.ts'
import { courseFolders, readCourseFiles } from '../../server/src/courses/files.ts'

const root =
  process.env.AGORA_COURSES_DIR ?? fileURLToPath(new URL('../../courses/', import.meta.url))

/** Concepts every glossary must define. */
const REQUIRED = [
  'participation-information',
  'participation-consultation',
  'participation-dialogue',
  'participation-partnership',
  'lnob',
  'lnob-factor-discrimination',
  'lnob-factor-geography',
  'lnob-factor-governance',
  'lnob-factor-socio-economic-status',
  'lnob-factor-shocks-and-fragility',
]

const glossaryFiles = existsSync(root)
  ? readdirSync(root).filter((name) => /^glossary\.[A-Za-z-]+\.yaml$/.test(name))
  : []

interface Loaded {
  file: string
  glossary: Glossary | null
  problems: string[]
}

const loaded: Loaded[] = glossaryFiles.map((file) => {
  const { glossary, problems } = parseGlossary(readFileSync(join(root, file), 'utf8'))
  const found = problems.map(
    (problem) => `courses/${file}:${problem.line}:${problem.column}: ${problem.message}`,
  )
  const named = file.slice('glossary.'.length, -'.yaml'.length)
  if (glossary && glossary.language !== named)
    found.push(`courses/${file}: says language ${glossary.language}, the file name says ${named}`)
  return { file, glossary, problems: found }
})
const glossaries = new Map(
  loaded.flatMap(({ glossary }) => (glossary ? [[glossary.language, glossary] as const] : [])),
)

const courses = courseFolders(root).map((folder) => {
  const files = readCourseFiles(folder)
  const slug = folder.split(/[\\/]/).pop()!
  const manifest = files['course.yaml'] ? parseManifest(files['course.yaml']).manifest : null
  return { slug, files, manifest }
})

const storedLanguages = [
  ...new Set(
    courses.flatMap(
      ({ manifest }) =>
        manifest?.languages.filter((language) => !generatedLanguages[language]) ?? [],
    ),
  ),
].sort()

/** Every stored module and survey text of the library, with its language. */
const texts = courses.flatMap(({ slug, files }) =>
  Object.entries(files)
    .filter(([path]) => path.endsWith('.md') && path.includes('/'))
    .map(([path, source]) => ({
      path: `courses/${slug}/${path}`,
      language: path.split('/')[0]!,
      source,
    })),
)

describe('the glossaries', () => {
  it('read without problems', () => {
    expect(glossaryFiles.length, `glossary files in ${root}`).toBeGreaterThan(0)
    expect(loaded.flatMap(({ problems }) => problems)).toEqual([])
  })

  it('exist for every stored language and define the shared concepts', () => {
    const problems = storedLanguages.flatMap((language) => {
      const glossary = glossaries.get(language)
      if (!glossary)
        return [`courses/glossary.${language}.yaml: missing (${language} is a course language)`]
      const ids = new Set(glossary.terms.map((term) => term.id))
      return REQUIRED.filter((id) => !ids.has(id)).map(
        (id) => `courses/glossary.${language}.yaml: no term for ${id}`,
      )
    })
    expect(problems).toEqual([])
  })

  it('are followed by every module: no rendering the glossary rejects', () => {
    const problems = texts.flatMap(({ path, language, source }) => {
      const glossary = glossaries.get(language)
      if (!glossary) return []
      return findAvoidedTerms(glossary, source).map(
        (hit) =>
          `${path}:${hit.line}:${hit.column}: '${hit.found}' – the ${language} glossary says '${hit.term}' (${hit.id})`,
      )
    })
    const titles = courses.flatMap(({ slug, manifest }) =>
      Object.entries(manifest?.title ?? {}).flatMap(([language, title]) => {
        const glossary = glossaries.get(language)
        return glossary
          ? findAvoidedTerms(glossary, title).map(
              (hit) =>
                `courses/${slug}/course.yaml: the ${language} title uses '${hit.found}' – the glossary says '${hit.term}' (${hit.id})`,
            )
          : []
      }),
    )
    const abouts = courses.flatMap(({ slug, manifest }) =>
      Object.entries(manifest?.about ?? {}).flatMap(([language, about]) => {
        const glossary = glossaries.get(language)
        const text = [about.summary, about.audience, ...about.outcomes].join('\n')
        return glossary
          ? findAvoidedTerms(glossary, text).map(
              (hit) =>
                `courses/${slug}/course.yaml: the ${language} about uses '${hit.found}' – the glossary says '${hit.term}' (${hit.id})`,
            )
          : []
      }),
    )
    expect([...problems, ...titles, ...abouts]).toEqual([])
  })

  it('label every case study as illustrative', () => {
    const problems = texts.flatMap(({ path, language, source }) => {
      const glossary = glossaries.get(language)
      return glossary
        ? findUnlabelledCaseStudies(glossary, source).map(
            (problem) => `${path}:${problem.line}:${problem.column}: ${problem.message}`,
          )
        : []
    })
    expect(problems).toEqual([])
  })
})
