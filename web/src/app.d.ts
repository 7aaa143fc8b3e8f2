// See https://svelte.dev/docs/kit/types#app.d.ts
import type { User } from '@agora/server/contract'

declare global {
  namespace App {
    interface Error {
      message: string
    }
    interface Locals {
      /** Who is signed in; null for visitors (and when the API could not say). */
      user: User | null
      /** The access token sent to the API as a Bearer header by handleFetch. */
      accessToken: string | null
    }
  }
}

export {}
