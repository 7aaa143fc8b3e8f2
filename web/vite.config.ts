import adapter from '@sveltejs/adapter-node'
import { sveltekit } from '@sveltejs/kit/vite'
import { defineConfig } from 'vite'

const apiOrigin = process.env.AGORA_API_ORIGIN ?? 'http://127.0.0.1:3000'

// Kit config lives in the plugin call (works on Kit 2.70, required by Kit 3).
export default defineConfig({
  plugins: [sveltekit({ adapter: adapter({ out: 'build', precompress: true }) })],
  server: { proxy: { '/api': apiOrigin } },
})
