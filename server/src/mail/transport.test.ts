import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyBaseLogger } from 'fastify'
import { simpleParser } from 'mailparser'
import { expect, it } from 'vitest'
import { startMailbox } from '../testing/mail.ts'
import { createMailTransport } from './transport.ts'

const silent = { info: () => {}, warn: () => {}, error: () => {} } as unknown as FastifyBaseLogger
const calendar = {
  method: 'REQUEST' as const,
  content: 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n',
}
const mail = { id: 'm1', to: 'ana@example.org', subject: 'Invitation', text: 'Hello', calendar }

it('sends a calendar part as text/calendar with its method over SMTP', async () => {
  const mailbox = await startMailbox()
  try {
    const send = createMailTransport({
      smtpUrl: mailbox.url,
      from: 'Agora <no-reply@agora.local>',
      dataDir: mkdtempSync(join(tmpdir(), 'agora-mail-')),
      log: silent,
    })
    await send(mail)
    const [received] = mailbox.to('ana@example.org')
    const part = received?.attachments.find((a) => a.contentType.startsWith('text/calendar'))
    expect(part?.content.toString('utf8')).toBe(calendar.content)
    expect(received?.text?.trim()).toBe('Hello')
  } finally {
    await mailbox.close()
  }
})

it('writes the same calendar part into the .eml file without SMTP', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'agora-mail-'))
  const send = createMailTransport({ from: 'Agora <no-reply@agora.local>', dataDir, log: silent })
  await send(mail)
  const [file] = readdirSync(join(dataDir, 'outbox'))
  const raw = readFileSync(join(dataDir, 'outbox', file!), 'utf8')
  expect(raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i)
  const parsed = await simpleParser(raw)
  const part = parsed.attachments.find((a) => a.contentType.startsWith('text/calendar'))
  // The file transport writes Unix line ends throughout (newline: 'unix'), the calendar's too.
  expect(part?.content.toString('utf8')).toBe(calendar.content.replaceAll('\r\n', '\n'))
})
