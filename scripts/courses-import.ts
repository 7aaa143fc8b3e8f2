// `npm run courses:import [dir]`: stores a new immutable version of every course under dir (default
// courses/) whose content changed, and nothing for the others. Exit code 1 if a course is invalid.
import { basename, relative } from 'node:path'
import { ConfigError, loadConfig } from '../server/src/config.ts'
import { importCourse } from '../server/src/courses/import.ts'
import { createDb, dbTargetFromConfig } from '../server/src/db/create-db.ts'
import { MigrationError, migrateToLatest } from '../server/src/db/migrate.ts'
import { courseFolders, readCourseFiles } from '../server/src/courses/files.ts'

try {
  const config = loadConfig()
  const target = process.argv[2] ?? 'courses'
  const database = await createDb(dbTargetFromConfig(config))
  let failed = false
  try {
    await migrateToLatest(database.db)
    for (const folder of courseFolders(target)) {
      const result = await importCourse(database.db, basename(folder), readCourseFiles(folder))
      if (result.status === 'invalid') {
        failed = true
        for (const p of result.problems)
          console.error(
            `${relative(process.cwd(), folder)}/${p.file}:${p.line}:${p.column}: ${p.message}`,
          )
        console.error(`${result.slug}: not imported (${result.problems.length} problems)`)
      } else {
        console.log(
          `${result.slug}: ${result.status === 'created' ? `version ${result.version} stored and published` : `unchanged (version ${result.version})`}`,
        )
      }
    }
  } finally {
    await database.close()
  }
  if (failed) process.exit(1)
} catch (error) {
  if (error instanceof ConfigError || error instanceof MigrationError) {
    console.error(error.message)
    process.exit(1)
  }
  throw error
}
