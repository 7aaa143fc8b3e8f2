// The certificate PDF's words in every supported language (issue 15). Pure: no I/O.
//
// The South Slavic texts avoid the past tense ("završio/završila"), which would have to agree with
// the learner's gender: the certificate "is awarded to" the person "for a successfully completed
// course". Serbian Cyrillic is made from the Serbian Latin with the project's transliteration, the
// placeholders kept as they are.
import { latinToCyrillic } from '../course-format/transliterate.ts'

export interface CertificateLabels {
  /** The locale Intl formats dates and numbers in. */
  locale: string
  title: string
  /** Above the learner's name. */
  intro: string
  /** Between the learner's name and the course title. */
  completed: string
  /** `{n}`: the course version number. */
  version: string
  /** `{n}`: the hours, chosen by the locale's plural rule (`other` when the form is missing). */
  hours: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }
  /** `{date}`: the completion date. */
  completedOn: string
  issuer: string
  trainers: { one: string; other: string }
  code: string
  verify: string
  /** The stamp on a revoked certificate's PDF. */
  revoked: string
  /** The stamp on a replaced certificate's PDF. */
  replaced: string
}

const en: CertificateLabels = {
  locale: 'en-GB',
  title: 'Certificate of Completion',
  intro: 'This is to certify that',
  completed: 'has successfully completed the course',
  version: 'Version {n}',
  hours: { one: '{n} hour', other: '{n} hours' },
  completedOn: 'Completed on {date}',
  issuer: 'Issued by',
  trainers: { one: 'Trainer', other: 'Trainers' },
  code: 'Verification code',
  verify: 'Check this certificate at',
  revoked: 'Revoked: this certificate is no longer valid',
  replaced: 'Replaced: a new certificate has been issued in its place',
}

const srLatn: CertificateLabels = {
  locale: 'sr-Latn',
  title: 'Sertifikat o završenom kursu',
  intro: 'dodeljuje se',
  completed: 'za uspešno završen kurs',
  version: 'Verzija {n}',
  hours: { one: '{n} sat', few: '{n} sata', other: '{n} sati' },
  completedOn: 'Datum završetka: {date}',
  issuer: 'Izdavač',
  trainers: { one: 'Trener', other: 'Treneri' },
  code: 'Kod za proveru',
  verify: 'Proverite sertifikat na adresi',
  revoked: 'Opozvan: ovaj sertifikat više nije važeći',
  replaced: 'Zamenjen: umesto njega izdat je novi sertifikat',
}

const bs: CertificateLabels = {
  locale: 'bs',
  title: 'Certifikat o završenom kursu',
  intro: 'dodjeljuje se',
  completed: 'za uspješno završen kurs',
  version: 'Verzija {n}',
  hours: { one: '{n} sat', few: '{n} sata', other: '{n} sati' },
  completedOn: 'Datum završetka: {date}',
  issuer: 'Izdavač',
  trainers: { one: 'Trener', other: 'Treneri' },
  code: 'Kod za provjeru',
  verify: 'Provjerite certifikat na adresi',
  revoked: 'Opozvan: ovaj certifikat više nije važeći',
  replaced: 'Zamijenjen: umjesto njega izdat je novi certifikat',
}

const hr: CertificateLabels = {
  locale: 'hr',
  title: 'Certifikat o završenom tečaju',
  intro: 'dodjeljuje se',
  completed: 'za uspješno završen tečaj',
  version: 'Inačica {n}',
  hours: { one: '{n} sat', few: '{n} sata', other: '{n} sati' },
  completedOn: 'Datum završetka: {date}',
  issuer: 'Izdavatelj',
  trainers: { one: 'Trener', other: 'Treneri' },
  code: 'Kôd za provjeru',
  verify: 'Provjerite certifikat na adresi',
  revoked: 'Opozvan: ovaj certifikat više nije valjan',
  replaced: 'Zamijenjen: umjesto njega izdan je novi certifikat',
}

const cnr: CertificateLabels = {
  // ICU has no Montenegrin data; Serbian Latin as used in Montenegro writes dates the same way.
  locale: 'sr-Latn-ME',
  title: 'Sertifikat o završenom kursu',
  intro: 'dodjeljuje se',
  completed: 'za uspješno završen kurs',
  version: 'Verzija {n}',
  hours: { one: '{n} sat', few: '{n} sata', other: '{n} sati' },
  completedOn: 'Datum završetka: {date}',
  issuer: 'Izdavač',
  trainers: { one: 'Trener', other: 'Treneri' },
  code: 'Kod za provjeru',
  verify: 'Provjerite sertifikat na adresi',
  revoked: 'Opozvan: ovaj sertifikat više nije važeći',
  replaced: 'Zamijenjen: umjesto njega izdat je novi sertifikat',
}

const mk: CertificateLabels = {
  locale: 'mk',
  title: 'Сертификат за завршен курс',
  intro: 'се доделува на',
  completed: 'за успешно завршен курс',
  version: 'Верзија {n}',
  hours: { one: '{n} час', other: '{n} часа' },
  completedOn: 'Датум на завршување: {date}',
  issuer: 'Издавач',
  trainers: { one: 'Обучувач', other: 'Обучувачи' },
  code: 'Код за проверка',
  verify: 'Проверете го сертификатот на адресата',
  revoked: 'Отповикан: овој сертификат повеќе не е важечки',
  replaced: 'Заменет: наместо него е издаден нов сертификат',
}

const sq: CertificateLabels = {
  locale: 'sq',
  title: 'Certifikatë e përfundimit të kursit',
  intro: 'Kjo certifikatë i jepet',
  completed: 'për përfundimin me sukses të kursit',
  version: 'Versioni {n}',
  hours: { one: '{n} orë', other: '{n} orë' },
  completedOn: 'Data e përfundimit: {date}',
  issuer: 'Lëshuar nga',
  trainers: { one: 'Trajneri', other: 'Trajnerët' },
  code: 'Kodi i verifikimit',
  verify: 'Verifikoni certifikatën në adresën',
  revoked: 'E anuluar: kjo certifikatë nuk është më e vlefshme',
  replaced: 'E zëvendësuar: në vend të saj është lëshuar një certifikatë e re',
}

const sv: CertificateLabels = {
  locale: 'sv',
  title: 'Intyg om genomförd kurs',
  intro: 'Härmed intygas att',
  completed: 'har genomfört kursen',
  version: 'Version {n}',
  hours: { one: '{n} timme', other: '{n} timmar' },
  completedOn: 'Genomförd den {date}',
  issuer: 'Utfärdat av',
  trainers: { one: 'Utbildare', other: 'Utbildare' },
  code: 'Verifieringskod',
  verify: 'Kontrollera intyget på',
  revoked: 'Återkallat: intyget är inte längre giltigt',
  replaced: 'Ersatt: ett nytt intyg har utfärdats i stället',
}

/** Serbian Latin → Cyrillic, leaving `{placeholders}` in Latin. */
function cyrillic(text: string): string {
  return text
    .split(/(\{\w+\})/)
    .map((part) => (/^\{\w+\}$/.test(part) ? part : latinToCyrillic(part)))
    .join('')
}

function toCyrillic(labels: CertificateLabels): CertificateLabels {
  const hours: CertificateLabels['hours'] = { other: cyrillic(labels.hours.other) }
  for (const [rule, text] of Object.entries(labels.hours)) {
    hours[rule as Intl.LDMLPluralRule] = cyrillic(text)
  }
  return {
    locale: 'sr-Cyrl',
    title: cyrillic(labels.title),
    intro: cyrillic(labels.intro),
    completed: cyrillic(labels.completed),
    version: cyrillic(labels.version),
    hours,
    completedOn: cyrillic(labels.completedOn),
    issuer: cyrillic(labels.issuer),
    trainers: { one: cyrillic(labels.trainers.one), other: cyrillic(labels.trainers.other) },
    code: cyrillic(labels.code),
    verify: cyrillic(labels.verify),
    revoked: cyrillic(labels.revoked),
    replaced: cyrillic(labels.replaced),
  }
}

const byLanguage: Record<string, CertificateLabels> = {
  en,
  'sr-Latn': srLatn,
  'sr-Cyrl': toCyrillic(srLatn),
  bs,
  hr,
  cnr,
  mk,
  sq,
  sv,
}

/** The labels of a supported language; English for any other. */
export function certificateLabels(language: string): CertificateLabels {
  return byLanguage[language] ?? en
}

/** Fills `{name}` placeholders. */
export function fillLabel(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole)
}

interface Formats {
  plural: Intl.PluralRules
  number: Intl.NumberFormat
  date: Intl.DateTimeFormat
}

// Making an Intl formatter loads the locale's data: once per locale, not per certificate.
const formatsByLocale = new Map<string, Formats>()

function formats(locale: string): Formats {
  let found = formatsByLocale.get(locale)
  if (!found) {
    found = {
      plural: new Intl.PluralRules(locale),
      number: new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }),
      date: new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }),
    }
    formatsByLocale.set(locale, found)
  }
  return found
}

/** "12 hours", "1,5 sati": the number in the locale, the noun by its plural rule. */
export function hoursLabel(labels: CertificateLabels, hours: number): string {
  const { plural, number } = formats(labels.locale)
  const template = labels.hours[plural.select(hours)] ?? labels.hours.other
  return fillLabel(template, { n: number.format(hours) })
}

/** The completion date as a long date in the locale (the UTC day, as the verification page). */
export function dateLabel(labels: CertificateLabels, date: Date): string {
  return formats(labels.locale).date.format(date)
}
