import { env } from '$env/dynamic/private'

/** Where the API lives when the web runs as its own process (e.g. `npm run dev`). */
export function apiOrigin(): string {
  return env.AGORA_API_ORIGIN ?? 'http://127.0.0.1:3000'
}
