import { paraglideVitePlugin } from '@inlang/paraglide-js'
import adapter from '@sveltejs/adapter-node'
import { sveltekit } from '@sveltejs/kit/vite'
import { defineConfig } from 'vite'

const apiOrigin = process.env.AGORA_API_ORIGIN ?? 'http://127.0.0.1:3000'

// Kit config lives in the plugin call (works on Kit 2.70, required by Kit 3). Paraglide's Vite
// plugin recompiles messages on change in dev only: in `vite build` it keeps the process alive
// ~20 s after the build, so builds compile messages with its CLI (see package.json).
export default defineConfig(({ command }) => ({
  plugins: [
    ...(command === 'serve'
      ? [
          paraglideVitePlugin({
            project: './project.inlang',
            outdir: './src/lib/paraglide',
            strategy: ['cookie', 'preferredLanguage', 'baseLocale'],
            emitTsDeclarations: true,
          }),
        ]
      : []),
    sveltekit({
      adapter: adapter({ out: 'build', precompress: true }),
      // Kit adds hashes for its own inline scripts; nothing else may run.
      csp: {
        mode: 'hash',
        directives: {
          'default-src': ['self'],
          'script-src': ['self'],
          'style-src': ['self', 'unsafe-inline'],
          'img-src': ['self', 'data:'],
          'object-src': ['none'],
          'base-uri': ['self'],
          'form-action': ['self'],
          'frame-ancestors': ['none'],
        },
      },
    }),
  ],
  server: { proxy: { '/api': apiOrigin } },
}))
