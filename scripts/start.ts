// `npm start`: check the configuration, build the web app if it is served and missing or stale,
// then serve.
import { type Config, ConfigError, loadConfig } from '../server/src/config.ts'
import { buildWeb, webBuildIsStale } from './web-build.ts'

let config: Config
try {
  config = loadConfig()
} catch (error) {
  if (!(error instanceof ConfigError)) throw error
  console.error(error.message)
  process.exit(1)
}
try {
  if (config.SERVE_WEB && webBuildIsStale()) buildWeb()
} catch (error) {
  console.error((error as Error).message)
  process.exit(1)
}
await import('../server/src/main.ts')
