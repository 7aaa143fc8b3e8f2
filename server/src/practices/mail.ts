// The e-mails of a review, in the author's language (English when we have no text in theirs),
// queued through mail's outbox in the review's transaction. Written like mail/templates.ts: short,
// one link.
import type { Db } from '../db/create-db.ts'
import { enqueueMail } from '../mail/service.ts'

type Language = 'en' | 'sr-Latn'
export type ReviewMailKind = 'approved' | 'returned'

interface Facts {
  name: string
  title: string
  comment: string | null
  link: string
}

const texts: Record<
  Language,
  Record<ReviewMailKind, { subject: (f: Facts) => string; body: (f: Facts) => string }>
> = {
  en: {
    approved: {
      subject: (f) => `Your good practice is approved: ${f.title}`,
      body: (f) =>
        `Hello ${f.name},\n\nThank you: your good practice "${f.title}" has been approved and is now in the library of good practices.${f.comment ? `\n\nThe reviewer wrote:\n\n${f.comment}` : ''}\n\nSee it here:\n\n${f.link}\n`,
    },
    returned: {
      subject: (f) => `Your good practice needs a change: ${f.title}`,
      body: (f) =>
        `Hello ${f.name},\n\nThe reviewer has read your good practice "${f.title}" and asks you to change it before it is approved:\n\n${f.comment ?? ''}\n\nEdit and submit it again here:\n\n${f.link}\n`,
    },
  },
  'sr-Latn': {
    approved: {
      subject: (f) => `Vaša dobra praksa je odobrena: ${f.title}`,
      body: (f) =>
        `Poštovani/a ${f.name},\n\nHvala vam: vaša dobra praksa „${f.title}“ je odobrena i sada se nalazi u biblioteci dobrih praksi.${f.comment ? `\n\nRecenzent/kinja je napisao/la:\n\n${f.comment}` : ''}\n\nMožete je videti ovde:\n\n${f.link}\n`,
    },
    returned: {
      subject: (f) => `Vašu dobru praksu treba dopuniti: ${f.title}`,
      body: (f) =>
        `Poštovani/a ${f.name},\n\nRecenzent/kinja je pročitao/la vašu dobru praksu „${f.title}“ i moli vas da je izmenite pre odobrenja:\n\n${f.comment ?? ''}\n\nIzmenite je i ponovo pošaljite ovde:\n\n${f.link}\n`,
    },
  },
}

/** Queues the e-mail telling the author how their practice was reviewed. */
export async function queueReviewMail(
  db: Db,
  kind: ReviewMailKind,
  to: { name: string; email: string; language: string },
  facts: { practiceId: string; title: string; comment: string | null; origin: string },
): Promise<void> {
  const lang: Language = to.language === 'sr-Latn' ? 'sr-Latn' : 'en'
  const text = texts[lang][kind]
  const path =
    kind === 'approved'
      ? `/practices/${facts.practiceId}`
      : `/learn/practices/${facts.practiceId}/edit`
  const all: Facts = {
    name: to.name,
    title: facts.title,
    comment: facts.comment,
    link: `${facts.origin}${path}`,
  }
  await enqueueMail(db, { to: to.email, subject: text.subject(all), text: text.body(all) })
}
