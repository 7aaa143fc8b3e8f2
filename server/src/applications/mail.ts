// The e-mails of a selection, in the candidate's language (English when we have no text in theirs),
// queued through mail's outbox in the decision's transaction.
import type { Db } from '../db/create-db.ts'
import { enqueueMail } from '../mail/service.ts'

type Language = 'en' | 'sr-Latn'
export type DecisionMailKind = 'accepted' | 'rejected' | 'wait-listed' | 'promoted'

interface Facts {
  name: string
  call: string
  reason: string | null
  link: string
}

const texts: Record<
  Language,
  Record<DecisionMailKind, { subject: (f: Facts) => string; body: (f: Facts) => string }>
> = {
  en: {
    accepted: {
      subject: (f) => `You have a place: ${f.call}`,
      body: (f) =>
        `Hello ${f.name},\n\nYou have been selected for "${f.call}".${f.reason ? `\n\n${f.reason}` : ''}\n\nYour applications and their status are here:\n\n${f.link}\n\nIf you cannot take part, please give your place back there, so that the next person on the waiting list can have it.\n`,
    },
    promoted: {
      subject: (f) => `A place has become free for you: ${f.call}`,
      body: (f) =>
        `Hello ${f.name},\n\nA place in "${f.call}" has become free, and as the next on the waiting list it is now yours.\n\nYour applications and their status are here:\n\n${f.link}\n\nIf you cannot take part, please give your place back there.\n`,
    },
    'wait-listed': {
      subject: (f) => `You are on the waiting list: ${f.call}`,
      body: (f) =>
        `Hello ${f.name},\n\nThank you for applying to "${f.call}". All places are taken for now, and you are on the waiting list. If a place becomes free, it goes to the next person on the list, and we will write to you at once.\n\nReason given: ${f.reason ?? ''}\n\n${f.link}\n`,
    },
    rejected: {
      subject: (f) => `Your application: ${f.call}`,
      body: (f) =>
        `Hello ${f.name},\n\nThank you for applying to "${f.call}". We are sorry: you have not been selected this time.\n\nReason given: ${f.reason ?? ''}\n\n${f.link}\n`,
    },
  },
  'sr-Latn': {
    accepted: {
      subject: (f) => `Izabrani ste: ${f.call}`,
      body: (f) =>
        `Poštovani/a ${f.name},\n\nIzabrani ste za učešće u programu „${f.call}“.${f.reason ? `\n\n${f.reason}` : ''}\n\nVaše prijave i njihov status možete videti ovde:\n\n${f.link}\n\nAko ne možete da učestvujete, molimo vas da se tamo odreknete mesta, kako bi ga dobila sledeća osoba sa liste čekanja.\n`,
    },
    promoted: {
      subject: (f) => `Oslobodilo se mesto za vas: ${f.call}`,
      body: (f) =>
        `Poštovani/a ${f.name},\n\nU programu „${f.call}“ oslobodilo se mesto, i kao sledeći/a na listi čekanja sada ga dobijate vi.\n\nVaše prijave i njihov status možete videti ovde:\n\n${f.link}\n\nAko ne možete da učestvujete, molimo vas da se tamo odreknete mesta.\n`,
    },
    'wait-listed': {
      subject: (f) => `Na listi čekanja ste: ${f.call}`,
      body: (f) =>
        `Poštovani/a ${f.name},\n\nHvala vam na prijavi za „${f.call}“. Sva mesta su za sada popunjena i nalazite se na listi čekanja. Ako se neko mesto oslobodi, dobija ga sledeća osoba sa liste, i odmah ćemo vam pisati.\n\nObrazloženje: ${f.reason ?? ''}\n\n${f.link}\n`,
    },
    rejected: {
      subject: (f) => `Vaša prijava: ${f.call}`,
      body: (f) =>
        `Poštovani/a ${f.name},\n\nHvala vam na prijavi za „${f.call}“. Nažalost, ovog puta niste izabrani.\n\nObrazloženje: ${f.reason ?? ''}\n\n${f.link}\n`,
    },
  },
}

/** Queues the e-mail telling a candidate of a decision, in their language. */
export async function queueDecisionMail(
  db: Db,
  kind: DecisionMailKind,
  to: { name: string; email: string; language: string },
  facts: { call: string; reason: string | null; origin: string },
): Promise<void> {
  const lang: Language = to.language === 'sr-Latn' ? 'sr-Latn' : 'en'
  const text = texts[lang][kind]
  const all: Facts = {
    name: to.name,
    call: facts.call,
    reason: facts.reason,
    link: `${facts.origin}/learn/applications`,
  }
  await enqueueMail(db, { to: to.email, subject: text.subject(all), text: text.body(all) })
}
