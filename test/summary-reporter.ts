import type { Reporter, TestModule } from 'vitest/node'

/** Ends every run with one plain line, `N passed, N failed, N skipped`, so CI can tell an empty run. */
export default class SummaryLine implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0
    let failed = 0
    let skipped = 0
    for (const module of testModules) {
      const tests = [...module.children.allTests()]
      // A file that failed before collecting any test (import error, setup crash) counts as a failure.
      if (tests.length === 0 && module.state() === 'failed') failed++
      for (const test of tests) {
        const state = test.result().state
        if (state === 'passed') passed++
        else if (state === 'failed') failed++
        else skipped++
      }
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`)
  }
}
