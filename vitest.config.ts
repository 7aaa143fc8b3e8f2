import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { svelte } from '@sveltejs/vite-plugin-svelte'
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config'

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const projects: TestProjectInlineConfiguration[] = [
  {
    test: {
      name: 'unit',
      include: [
        'server/src/**/*.test.ts',
        'scripts/**/*.test.ts',
        'test/api/**/*.test.ts',
        'test/content/**/*.test.ts',
        'test/infra/**/*.test.ts',
      ],
      globalSetup: ['test/setup/global.ts'],
      // Generous: the first test of a file also loads its database, and the machine is shared.
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  },
  {
    // The web's own helpers (safeRedirect, error translation, the API module) and components
    // rendered on the server, without a browser.
    plugins: [svelte()],
    resolve: { alias: { $lib: fileURLToPath(new URL('./web/src/lib', import.meta.url)) } },
    test: {
      name: 'web',
      include: ['web/src/**/*.test.ts'],
      globalSetup: ['test/setup/paraglide.ts'],
    },
  },
  {
    test: {
      name: 'system',
      include: ['test/system/**/*.test.ts'],
      globalSetup: ['test/setup/web-build.ts'],
      testTimeout: 60_000,
      hookTimeout: 120_000,
    },
  },
]

// The browser suite runs wherever Debian's chromium is installed (CI installs it); `npm run test:e2e`
// asks for it explicitly and then fails loudly if it is missing.
if (existsSync(chromiumPath) || process.argv.includes('e2e')) {
  projects.push({
    test: {
      name: 'e2e',
      include: ['test/e2e/**/*.test.ts'],
      globalSetup: ['test/setup/web-build.ts'],
      testTimeout: 60_000,
      hookTimeout: 120_000,
    },
  })
}

export default defineConfig({
  test: {
    projects,
    maxWorkers: 2,
    reporters: ['default', './test/summary-reporter.ts'],
  },
})
