import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { simpleParser } from 'mailparser'

/**
 * The path of the link in the newest e-mail to `email` that leads to /<page>/<token>, read from
 * the server's outbox folder (`<AGORA_DATA_DIR>/outbox`, one .eml file per message).
 */
export async function linkInMail(outbox: string, email: string, page: string): Promise<string> {
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    const files = existsSync(outbox)
      ? readdirSync(outbox)
          .filter((file) => file.endsWith('.eml'))
          .sort()
          .reverse()
      : []
    for (const file of files) {
      const mail = await simpleParser(readFileSync(join(outbox, file)))
      const to = [mail.to]
        .flat()
        .map((address) => address?.text ?? '')
        .join(' ')
      const link = new RegExp(`/${page}/[A-Za-z0-9_-]+`).exec(mail.text ?? '')
      if (to.includes(email) && link) return link[0]
    }
    await sleep(250)
  }
  throw new Error(`no e-mail with a /${page}/ link for ${email} in ${outbox} within 10 s`)
}
