// `npm start`: check the configuration, build the web app if it is missing or stale, then serve.
import { ConfigError, loadConfig } from '../server/src/config.ts'
import { buildWeb, webBuildIsStale } from './web-build.ts'

try {
  loadConfig()
} catch (error) {
  if (!(error instanceof ConfigError)) throw error
  console.error(error.message)
  process.exit(1)
}
try {
  if (webBuildIsStale()) buildWeb()
} catch (error) {
  console.error((error as Error).message)
  process.exit(1)
}
await import('../server/src/main.ts')
