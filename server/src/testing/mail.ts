import type { AddressInfo } from 'node:net'
import { type ParsedMail, simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'

/** A real SMTP server in the test process that keeps every message it receives, parsed. */
export interface Mailbox {
  url: string
  messages: ParsedMail[]
  /** Messages to one address, oldest first. */
  to(address: string): ParsedMail[]
  close(): Promise<void>
}

export async function startMailbox(): Promise<Mailbox> {
  const messages: ParsedMail[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          messages.push(mail)
          callback()
        },
        (error: Error) => callback(error),
      )
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.server.address() as AddressInfo
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    to: (address) =>
      messages.filter((mail) =>
        [mail.to]
          .flat()
          .some((to) =>
            to?.value.some((entry) => entry.address?.toLowerCase() === address.toLowerCase()),
          ),
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** The first link in a message's text whose path starts with `path`, e.g. "/invitations/". */
export function linkIn(mail: ParsedMail | undefined, path: string): string {
  const link = mail?.text
    ?.match(/https?:\/\/\S+/g)
    ?.find((url) => new URL(url).pathname.startsWith(path))
  if (!link) throw new Error(`no ${path} link in ${mail ? `"${mail.subject}"` : 'the mailbox'}`)
  return link
}

export const tokenOf = (link: string) => link.split('/').pop()!
