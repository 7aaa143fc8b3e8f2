// E-mails are short and carry one link; each is written in the recipient's language
// (English when we have no text in theirs yet).

type Language = 'en' | 'sr-Latn'
export type MailKind =
  | 'invitation'
  | 'account-exists'
  | 'password-reset'
  | 'email-verification'
  | 'sign-in-failures'
  | 'learning-reminder'

interface MailText {
  subject: string
  body: (
    name: string,
    link: string,
    extra: { inviter?: string; validity: string; resetLink?: string; cluster?: string },
  ) => string
}

const texts: Record<Language, Record<MailKind, MailText>> = {
  en: {
    invitation: {
      subject: 'Your invitation to Agora',
      body: (name, link, { inviter, validity }) =>
        `Hello ${name},\n\n${inviter ? `${inviter} has invited you` : 'You have been invited'} to Agora, the learning platform for local government.\n\nTo accept, open this link and choose a password:\n\n${link}\n\nThe link works once and is valid for ${validity}.\n`,
    },
    // An invitation to an address that has an account: no link that could make a second one.
    'account-exists': {
      subject: 'You already have an Agora account',
      body: (_name, link, { inviter, resetLink }) =>
        `Hello,\n\n${inviter ? `${inviter} invited you` : 'You were invited'} to Agora, but this e-mail address already belongs to an Agora account. There is nothing to accept, and your account stays as it is.\n\nSign in here:\n\n${link}\n\nIf you no longer know your password, you can choose a new one here:\n\n${resetLink}\n\nIf you did not expect this message, you can ignore it.\n`,
    },
    'password-reset': {
      subject: 'Reset your Agora password',
      body: (name, link, { validity }) =>
        `Hello ${name},\n\nSomeone (hopefully you) asked to reset your Agora password. To choose a new one, open this link:\n\n${link}\n\nThe link works once and is valid for ${validity}. If you did not ask for this, ignore this message; your password stays as it is.\n`,
    },
    'email-verification': {
      subject: 'Confirm your e-mail address for Agora',
      body: (name, link, { validity }) =>
        `Hello ${name},\n\nPlease confirm your e-mail address to finish creating your Agora account:\n\n${link}\n\nThe link is valid for ${validity}.\n`,
    },
    'sign-in-failures': {
      subject: 'Failed sign-ins to your Agora account',
      body: (name, link) =>
        `Hello ${name},\n\nSomeone has tried to sign in to your Agora account several times with a wrong password. If that was you, there is nothing more to do.\n\nIf it was not you, your account stays safe as long as nobody else knows your password. To be sure, choose a new one here:\n\n${link}\n\nWe slow such attempts down rather than lock your account, so you can still sign in: from a device where you are signed in already, or with a new password.\n`,
    },
    // A coordinator's one-click reminder from the dashboard (reports), at most one in 7 days.
    'learning-reminder': {
      subject: 'Your course on Agora is waiting for you',
      body: (name, link, { cluster }) =>
        `Hello ${name},\n\nYou are taking part in "${cluster}" on Agora, and your course is waiting for you where you left it. A few minutes today is enough to take the next step.\n\nContinue here:\n\n${link}\n\nIf something is keeping you from going on, let your coordinator know; they are glad to help.\n`,
    },
  },
  'sr-Latn': {
    invitation: {
      subject: 'Poziv na platformu Agora',
      body: (name, link, { inviter, validity }) =>
        `Poštovani/a ${name},\n\n${inviter ? `${inviter} vas poziva` : 'Pozvani ste'} da se pridružite Agori, platformi za učenje namenjenoj lokalnoj samoupravi.\n\nDa biste prihvatili poziv, otvorite ovaj link i izaberite lozinku:\n\n${link}\n\nLink se može iskoristiti jednom i važi ${validity}.\n`,
    },
    'account-exists': {
      subject: 'Već imate nalog na Agori',
      body: (_name, link, { inviter, resetLink }) =>
        `Poštovani/a,\n\n${inviter ? `${inviter} vas je pozvao/la` : 'Pozvani ste'} na Agoru, ali za ovu e-adresu nalog na Agori već postoji. Poziv nije potrebno prihvatati i vaš nalog ostaje nepromenjen.\n\nPrijavite se ovde:\n\n${link}\n\nAko se ne sećate lozinke, novu možete izabrati ovde:\n\n${resetLink}\n\nAko niste očekivali ovu poruku, slobodno je zanemarite.\n`,
    },
    'password-reset': {
      subject: 'Promena lozinke za Agoru',
      body: (name, link, { validity }) =>
        `Poštovani/a ${name},\n\nPrimili smo zahtev za promenu vaše lozinke na Agori. Novu lozinku možete izabrati na ovom linku:\n\n${link}\n\nLink se može iskoristiti jednom i važi ${validity}. Ako niste vi poslali zahtev, zanemarite ovu poruku; lozinka ostaje ista.\n`,
    },
    'email-verification': {
      subject: 'Potvrdite e-adresu za Agoru',
      body: (name, link, { validity }) =>
        `Poštovani/a ${name},\n\nPotvrdite svoju e-adresu da biste završili otvaranje naloga na Agori:\n\n${link}\n\nLink važi ${validity}.\n`,
    },
    'sign-in-failures': {
      subject: 'Neuspele prijave na vaš nalog na Agori',
      body: (name, link) =>
        `Poštovani/a ${name},\n\nNeko je više puta pokušao da se prijavi na vaš nalog na Agori pogrešnom lozinkom. Ako ste to bili vi, ne morate ništa da preduzimate.\n\nAko to niste bili vi, nalog je bezbedan sve dok niko drugi ne zna vašu lozinku. Da biste bili sigurni, izaberite novu lozinku ovde:\n\n${link}\n\nTakve pokušaje usporavamo umesto da zaključamo nalog, pa se i dalje možete prijaviti: sa uređaja na kome ste već prijavljeni ili novom lozinkom.\n`,
    },
    'learning-reminder': {
      subject: 'Vaš kurs na Agori vas čeka',
      body: (name, link, { cluster }) =>
        `Poštovani/a ${name},\n\nUčestvujete u programu „${cluster}“ na Agori, a vaš kurs vas čeka tamo gde ste stali. Dovoljno je nekoliko minuta danas da napravite sledeći korak.\n\nNastavite ovde:\n\n${link}\n\nAko vas nešto sprečava da nastavite, javite svom koordinatoru; rado će vam pomoći.\n`,
    },
  },
}

const validity: Record<Language, Record<string, string>> = {
  en: { '1h': 'one hour', '24h': '24 hours', '7d': '7 days' },
  'sr-Latn': { '1h': 'jedan sat', '24h': '24 sata', '7d': '7 dana' },
}

export function composeMail(
  kind: MailKind,
  language: string,
  person: { name: string },
  link: string,
  options: {
    inviter?: string
    validFor?: '1h' | '24h' | '7d'
    resetLink?: string
    cluster?: string
  },
): { subject: string; text: string } {
  const lang: Language = language === 'sr-Latn' ? 'sr-Latn' : 'en'
  const text = texts[lang][kind]
  return {
    subject: text.subject,
    text: text.body(person.name, link, {
      inviter: options.inviter,
      validity: options.validFor ? validity[lang][options.validFor]! : '',
      resetLink: options.resetLink,
      cluster: options.cluster,
    }),
  }
}

// ── Webinar sessions (webinars): the invitation, its update, the cancellation, the reminder ──────

export type WebinarMailKind =
  | 'webinar-invitation'
  | 'webinar-update'
  | 'webinar-cancelled'
  | 'webinar-left'
  | 'webinar-reminder'

/** What a webinar mail tells: the session, its time in the reader's zone and the session's. */
export interface WebinarMailDetails {
  name: string
  title: string
  course: string
  /** The start and end as the reader's clock shows them, with their zone. */
  readerTime: string
  /** The same in the zone the session was set in; null when it is the reader's. */
  sessionTime: string | null
  joinUrl: string
  agenda: string
  /** The learner's step page (to move, leave, or check in). */
  link: string
  /** Why a session was cancelled, as its staff wrote it. */
  reason?: string
}

const when = (d: WebinarMailDetails, also: string) =>
  `${d.readerTime}${d.sessionTime ? `\n(${also} ${d.sessionTime})` : ''}`
const agendaOf = (d: WebinarMailDetails, heading: string) =>
  d.agenda.trim() ? `\n${heading}:\n\n${d.agenda.trim()}\n` : ''

const webinarTexts: Record<
  Language,
  Record<
    WebinarMailKind,
    { subject: (d: WebinarMailDetails) => string; body: (d: WebinarMailDetails) => string }
  >
> = {
  en: {
    'webinar-invitation': {
      subject: (d) => `Registered: ${d.title}`,
      body: (d) =>
        `Hello ${d.name},\n\nYou are registered for the webinar "${d.title}" of the course "${d.course}".\n\nWhen: ${when(d, 'in the session’s time zone:')}\n\nJoin here: ${d.joinUrl}\n${agendaOf(d, 'Agenda')}\nThe attached invitation adds the session to your calendar. To move to another session or cancel, open:\n\n${d.link}\n`,
    },
    'webinar-update': {
      subject: (d) => `Changed: ${d.title}`,
      body: (d) =>
        `Hello ${d.name},\n\nThe webinar "${d.title}" of the course "${d.course}" has changed. This is how it stands now.\n\nWhen: ${when(d, 'in the session’s time zone:')}\n\nJoin here: ${d.joinUrl}\n${agendaOf(d, 'Agenda')}\nThe attached invitation updates your calendar. To move to another session or cancel, open:\n\n${d.link}\n`,
    },
    'webinar-cancelled': {
      subject: (d) => `Cancelled: ${d.title}`,
      body: (d) =>
        `Hello ${d.name},\n\nThe webinar "${d.title}" of the course "${d.course}" (${d.readerTime}) has been cancelled.${d.reason ? `\n\nThe reason given: ${d.reason}` : ''}\n\nThe attached message removes it from your calendar. You can register for another session, or take the alternative, here:\n\n${d.link}\n`,
    },
    'webinar-left': {
      subject: (d) => `No longer registered: ${d.title}`,
      body: (d) =>
        `Hello ${d.name},\n\nYou are no longer registered for the webinar "${d.title}" of the course "${d.course}" (${d.readerTime}).\n\nThe attached message removes it from your calendar. Your sessions are here:\n\n${d.link}\n`,
    },
    'webinar-reminder': {
      subject: (d) => `Tomorrow: ${d.title}`,
      body: (d) =>
        `Hello ${d.name},\n\nA reminder: the webinar "${d.title}" of the course "${d.course}" starts soon.\n\nWhen: ${when(d, 'in the session’s time zone:')}\n\nJoin here: ${d.joinUrl}\n${agendaOf(d, 'Agenda')}\nDuring the session, your trainer shows a short code; enter it on this page to check in:\n\n${d.link}\n`,
    },
  },
  'sr-Latn': {
    'webinar-invitation': {
      subject: (d) => `Prijava potvrđena: ${d.title}`,
      body: (d) =>
        `Poštovani/a ${d.name},\n\nPrijavljeni ste za vebinar „${d.title}“ u okviru kursa „${d.course}“.\n\nVreme: ${when(d, 'po vremenskoj zoni vebinara:')}\n\nLink za pristup: ${d.joinUrl}\n${agendaOf(d, 'Dnevni red')}\nPriložena pozivnica dodaje vebinar u vaš kalendar. Ako želite da pređete na drugi termin ili da otkažete prijavu, otvorite:\n\n${d.link}\n`,
    },
    'webinar-update': {
      subject: (d) => `Izmena: ${d.title}`,
      body: (d) =>
        `Poštovani/a ${d.name},\n\nVebinar „${d.title}“ u okviru kursa „${d.course}“ je izmenjen. Ovo su važeći podaci.\n\nVreme: ${when(d, 'po vremenskoj zoni vebinara:')}\n\nLink za pristup: ${d.joinUrl}\n${agendaOf(d, 'Dnevni red')}\nPriložena pozivnica ažurira vaš kalendar. Ako želite da pređete na drugi termin ili da otkažete prijavu, otvorite:\n\n${d.link}\n`,
    },
    'webinar-cancelled': {
      subject: (d) => `Otkazano: ${d.title}`,
      body: (d) =>
        `Poštovani/a ${d.name},\n\nVebinar „${d.title}“ u okviru kursa „${d.course}“ (${d.readerTime}) je otkazan.${d.reason ? `\n\nNavedeni razlog: ${d.reason}` : ''}\n\nPriložena poruka uklanja ga iz vašeg kalendara. Možete se prijaviti za drugi termin ili izabrati alternativu ovde:\n\n${d.link}\n`,
    },
    'webinar-left': {
      subject: (d) => `Prijava otkazana: ${d.title}`,
      body: (d) =>
        `Poštovani/a ${d.name},\n\nViše niste prijavljeni za vebinar „${d.title}“ u okviru kursa „${d.course}“ (${d.readerTime}).\n\nPriložena poruka uklanja ga iz vašeg kalendara. Vaši vebinari su ovde:\n\n${d.link}\n`,
    },
    'webinar-reminder': {
      subject: (d) => `Podsetnik: ${d.title}`,
      body: (d) =>
        `Poštovani/a ${d.name},\n\nPodsećamo vas da vebinar „${d.title}“ u okviru kursa „${d.course}“ uskoro počinje.\n\nVreme: ${when(d, 'po vremenskoj zoni vebinara:')}\n\nLink za pristup: ${d.joinUrl}\n${agendaOf(d, 'Dnevni red')}\nTokom vebinara trener će prikazati kratak kod; unesite ga na ovoj stranici da potvrdite prisustvo:\n\n${d.link}\n`,
    },
  },
}

/** A webinar mail in the reader's language (Serbian Latin, else English). */
export function composeWebinarMail(
  kind: WebinarMailKind,
  language: string,
  details: WebinarMailDetails,
): { subject: string; text: string; language: Language } {
  const lang: Language = language === 'sr-Latn' || language === 'sr-Cyrl' ? 'sr-Latn' : 'en'
  const text = webinarTexts[lang][kind]
  return { subject: text.subject(details), text: text.body(details), language: lang }
}
