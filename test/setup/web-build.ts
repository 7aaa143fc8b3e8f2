import { buildWeb, webBuildIsStale } from '../../scripts/web-build.ts'

/** System and browser suites run the built server: build the web app first if it is stale. */
export default function setup(): void {
  if (webBuildIsStale()) buildWeb()
}
