import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import nodemailer from 'nodemailer'
import type { FastifyBaseLogger } from 'fastify'
import type { OutboxCalendar } from '../db/schema.ts'

export interface OutgoingMail {
  id: string
  to: string
  subject: string
  text: string
  /** A calendar object, sent as nodemailer's icalEvent (the text/calendar alternative). */
  calendar?: OutboxCalendar
}

/** What nodemailer sends for a message: the same for SMTP and the .eml files. */
function contentOf(from: string, mail: OutgoingMail) {
  return {
    from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    ...(mail.calendar
      ? { icalEvent: { method: mail.calendar.method, content: mail.calendar.content } }
      : {}),
  }
}

export type MailTransport = (mail: OutgoingMail) => Promise<void>

/** SMTP when configured; otherwise each message becomes an .eml file, and its links are logged. */
export function createMailTransport(options: {
  smtpUrl?: string
  from: string
  dataDir: string
  log: FastifyBaseLogger
}): MailTransport {
  if (options.smtpUrl) {
    const smtp = nodemailer.createTransport(options.smtpUrl)
    return async (mail) => {
      await smtp.sendMail(contentOf(options.from, mail))
    }
  }
  const folder = join(options.dataDir, 'outbox')
  const files = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' })
  return async (mail) => {
    const info = await files.sendMail(contentOf(options.from, mail))
    mkdirSync(folder, { recursive: true })
    const file = join(folder, `${new Date().toISOString().replace(/[:.]/g, '-')}-${mail.id}.eml`)
    writeFileSync(file, info.message as Buffer)
    const links = mail.text.match(/https?:\/\/\S+/g) ?? []
    options.log.info(
      { to: mail.to, file, links },
      `e-mail "${mail.subject}" written to ${file}${links.length ? ` (link: ${links[0]})` : ''}`,
    )
  }
}
