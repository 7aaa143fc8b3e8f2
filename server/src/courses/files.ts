import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

/** The course folders under `target`: the folder itself when it holds a course.yaml, else its subfolders. */
export function courseFolders(target: string): string[] {
  if (existsSync(join(target, 'course.yaml'))) return [target]
  if (!existsSync(target)) return []
  return readdirSync(target)
    .filter((name) => !name.startsWith('.') && statSync(join(target, name)).isDirectory())
    .sort()
    .map((name) => join(target, name))
}

/** Every file of a course folder, text for .md and .yaml, keyed by its path inside the folder. */
export function readCourseFiles(folder: string): Record<string, string> {
  const files: Record<string, string> = {}
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.')) continue
      const path = join(dir, name)
      if (statSync(path).isDirectory()) walk(path)
      else
        files[relative(folder, path).split('\\').join('/')] = /\.(md|ya?ml)$/.test(name)
          ? readFileSync(path, 'utf8')
          : ''
    }
  }
  walk(folder)
  return files
}
