declare module '@agora/web/handler' {
  import type { IncomingMessage, ServerResponse } from 'node:http'
  export const handler: (
    req: IncomingMessage,
    res: ServerResponse,
    next: (error?: unknown) => void,
  ) => void
}
