// `npm run courses:check [dir]`: validates every course under dir (default courses/) and prints each
// problem as file:line:col: message. Exit code 1 when there is any problem.
import { basename, relative } from 'node:path'
import { checkCourse } from '../server/src/course-format/check.ts'
import { courseFolders, readCourseFiles } from '../server/src/courses/files.ts'

const target = process.argv[2] ?? 'courses'
const folders = courseFolders(target)
if (folders.length === 0) {
  console.error(`${target}: no course found (a course is a folder with a course.yaml)`)
  process.exit(1)
}
let count = 0
for (const folder of folders) {
  const { problems } = checkCourse(basename(folder), readCourseFiles(folder))
  for (const problem of problems) {
    console.log(
      `${relative(process.cwd(), folder)}/${problem.file}:${problem.line}:${problem.column}: ${problem.message}`,
    )
  }
  count += problems.length
}
const courses = `${folders.length} course${folders.length === 1 ? '' : 's'}`
if (count > 0) {
  console.error(`${count} problem${count === 1 ? '' : 's'} in ${courses}`)
  process.exit(1)
}
console.log(`${courses} checked: no problems`)
