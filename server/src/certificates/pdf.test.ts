import { describe, expect, it } from 'vitest'
import { supportedLanguages } from '../course-format/languages.ts'
import { readPdf } from '../testing/pdf.ts'
import { renderCertificatePdf, type CertificateDocument } from './pdf.ts'
import { certificateLabels, dateLabel, fillLabel, hoursLabel } from './pdf-labels.ts'

const completedAt = new Date('2026-12-06T10:30:00Z')

function certificate(overrides: Partial<CertificateDocument> = {}): CertificateDocument {
  const code = overrides.code ?? 'K7QM-3XPD-9WTR'
  return {
    code,
    learnerName: 'Olivia Bennett',
    language: 'en',
    courseTitle: 'Diversity Management in Local Government',
    courseVersionNumber: 2,
    hours: 12.5,
    completedAt,
    issuerName: 'Standing Conference of Towns and Municipalities',
    trainers: ['Marko Marković', 'Ana Anić'],
    verificationUrl: `https://agora.example.org/verify/${code}`,
    status: 'valid',
    ...overrides,
  }
}

/** Extracted text with runs of white space as one space, to compare across line breaks. */
const flat = (text: string) => text.replace(/\s+/g, ' ')

// A learner and a course in each language, with the letters the font has to carry.
const people: Record<(typeof supportedLanguages)[number], { name: string; course: string }> = {
  en: { name: 'Olivia Bennett', course: 'Diversity Management in Local Government' },
  'sr-Latn': { name: 'Đorđe Petrović', course: 'Upravljanje različitostima u lokalnoj samoupravi' },
  'sr-Cyrl': { name: 'Јована Јовановић', course: 'Управљање различитостима у локалној самоуправи' },
  bs: { name: 'Amra Hadžić', course: 'Upravljanje različitostima u lokalnoj upravi' },
  hr: { name: 'Ivana Šimić', course: 'Upravljanje različitostima u lokalnoj samoupravi' },
  cnr: { name: 'Milica Đukanović', course: 'Upravljanje različitostima u lokalnoj samoupravi' },
  mk: { name: 'Ѓорѓи Ѕвездановски', course: 'Управување со различностите во локалната самоуправа' },
  sq: { name: 'Xhevahire Çela', course: 'Menaxhimi i diversitetit në qeverisjen vendore' },
  sv: { name: 'Åsa Öberg', course: 'Mångfaldsledning i kommunen' },
}

describe('renderCertificatePdf', () => {
  it.each(supportedLanguages.map((language) => [language]))(
    '%s: the words, the name, the course, the date and the code can be read back; the QR code is the verification URL',
    async (language) => {
      const { name, course } = people[language]
      const code = 'ABCD-EFGH-JKMN'
      const pdf = await renderCertificatePdf(
        certificate({ language, learnerName: name, courseTitle: course, code }),
      )
      const read = await readPdf(pdf)
      const text = flat(read.text)
      const labels = certificateLabels(language)

      expect(text).toContain(name)
      expect(text).toContain(course)
      expect(text).toContain(code)
      expect(text).toContain(labels.title)
      expect(text).toContain(labels.intro)
      expect(text).toContain(labels.completed)
      expect(text).toContain(fillLabel(labels.version, { n: '2' }))
      expect(text).toContain(hoursLabel(labels, 12.5))
      expect(text).toContain(dateLabel(labels, completedAt))
      expect(text).toContain(labels.issuer.toUpperCase())
      expect(text).toContain('Standing Conference of Towns and Municipalities')
      expect(text).toContain('Marko Marković, Ana Anić')
      expect(read.qr).toBe(`https://agora.example.org/verify/${code}`)
    },
  )

  it('is one A4 landscape page (842 × 595 pt) whose fonts are all embedded TrueType subsets', async () => {
    const pdf = await renderCertificatePdf(certificate())
    const read = await readPdf(pdf)
    expect(read.pages).toHaveLength(1)
    expect(Math.round(read.pages[0]!.width)).toBe(842)
    expect(Math.round(read.pages[0]!.height)).toBe(595)

    // pdfkit writes objects uncompressed (only streams are deflated), so the dictionaries are text.
    const raw = pdf.toString('latin1')
    const descriptors = raw.match(/\/Type \/FontDescriptor/g) ?? []
    const embedded = raw.match(/\/FontFile2 \d+ 0 R/g) ?? []
    expect(descriptors.length).toBe(3)
    expect(embedded.length).toBe(descriptors.length)
    // Subsets are named TAG+Name; nothing falls back to a standard font the reader has to supply.
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSerif-Bold/)
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans\b/)
    expect(raw).not.toMatch(/\/BaseFont \/(Helvetica|Times|Courier)/)
    expect(raw).toContain('/ToUnicode')
    // Small enough to mail: the subsets hold only the glyphs used.
    expect(pdf.length).toBeLessThan(80_000)
  })

  it('keeps every letter of a Latin certificate made after a Cyrillic one (fonts are parsed once and shared)', async () => {
    await renderCertificatePdf(certificate({ language: 'sr-Cyrl', ...cyrillicPerson() }))
    await renderCertificatePdf(certificate({ language: 'mk', learnerName: 'Ѓорѓи Ѕвездановски' }))
    const read = await readPdf(
      await renderCertificatePdf(certificate({ language: 'sv', learnerName: 'Åsa Öberg' })),
    )
    const text = flat(read.text)
    expect(text).toContain('Intyg om genomförd kurs')
    expect(text).toContain('Härmed intygas att')
    expect(text).toContain('Åsa Öberg')
    expect(text).toContain('Diversity Management in Local Government')
    expect(text).not.toMatch(/[\u0000-\u0008]/)
  })

  it('stamps a revoked and a replaced certificate in the learner language, still with its code and QR', async () => {
    const revoked = await readPdf(
      await renderCertificatePdf(certificate({ language: 'sr-Latn', status: 'revoked' })),
    )
    expect(flat(revoked.text)).toContain('OPOZVAN: OVAJ SERTIFIKAT VIŠE NIJE VAŽEĆI')
    expect(flat(revoked.text)).toContain('K7QM-3XPD-9WTR')
    expect(revoked.qr).toBe('https://agora.example.org/verify/K7QM-3XPD-9WTR')

    const replaced = await readPdf(
      await renderCertificatePdf(certificate({ language: 'en', status: 'replaced' })),
    )
    expect(flat(replaced.text)).toContain(
      'REPLACED: A NEW CERTIFICATE HAS BEEN ISSUED IN ITS PLACE',
    )

    const valid = await readPdf(await renderCertificatePdf(certificate({ language: 'en' })))
    expect(flat(valid.text)).not.toMatch(/REVOKED|REPLACED/)
  })

  it('renders a certificate whose holder was erased without a name, and one with a long name and title', async () => {
    const erased = await readPdf(await renderCertificatePdf(certificate({ learnerName: null })))
    expect(flat(erased.text)).toContain('This is to certify that — has successfully completed')
    expect(erased.qr).toBe('https://agora.example.org/verify/K7QM-3XPD-9WTR')

    const longName = 'Marija-Magdalena Aleksandrović-Konstantinović Petrović-Njegoš'
    const longTitle =
      'Upravljanje različitostima, ljudskim pravima i uključivanjem ranjivih grupa u radu jedinica lokalne samouprave na Zapadnom Balkanu'
    const long = await readPdf(
      await renderCertificatePdf(
        certificate({ language: 'sr-Latn', learnerName: longName, courseTitle: longTitle }),
      ),
    )
    // Too long for one line even at the smallest size: it wraps (at the hyphen), and stays whole.
    const joined = (text: string) => text.replace(/\s+/g, '')
    expect(joined(long.text)).toContain(joined(longName))
    expect(flat(long.text)).toContain(longTitle)
    expect(long.pages).toHaveLength(1)
    expect(long.qr).toBe('https://agora.example.org/verify/K7QM-3XPD-9WTR')
  })
})

function cyrillicPerson() {
  return { learnerName: 'Јована Јовановић', courseTitle: 'Управљање различитостима' }
}

describe('certificate labels', () => {
  it('has every word in every supported language, and Serbian Cyrillic only in Cyrillic', () => {
    for (const language of supportedLanguages) {
      const labels = certificateLabels(language)
      for (const [key, value] of Object.entries(labels)) {
        const texts = typeof value === 'string' ? [value] : Object.values(value as object)
        for (const text of texts) expect(text, `${language} ${key}`).toMatch(/\S/)
      }
      if (language !== 'en') expect(labels.title, language).not.toBe(certificateLabels('en').title)
    }
    const cyrillic = certificateLabels('sr-Cyrl')
    expect(cyrillic.title).toBe('Сертификат о завршеном курсу')
    expect(cyrillic.version).toBe('Верзија {n}')
    expect(cyrillic.completedOn).toBe('Датум завршетка: {date}')
    const words = Object.entries(cyrillic)
      .filter(([key]) => key !== 'locale')
      .flatMap(([, value]) =>
        typeof value === 'string' ? [value] : Object.values(value as object),
      )
      .map((text) => String(text).replace(/\{\w+\}/g, ''))
    for (const text of words) expect(text).not.toMatch(/\p{Script=Latin}/u)
  })

  it('says the hours with the language plural and decimal comma', () => {
    const sr = certificateLabels('sr-Latn')
    expect([1, 2, 5, 21, 1.5].map((hours) => hoursLabel(sr, hours))).toEqual([
      '1 sat',
      '2 sata',
      '5 sati',
      '21 sat',
      '1,5 sati',
    ])
    const en = certificateLabels('en')
    expect([1, 12.5].map((hours) => hoursLabel(en, hours))).toEqual(['1 hour', '12.5 hours'])
    const mk = certificateLabels('mk')
    expect([1, 3].map((hours) => hoursLabel(mk, hours))).toEqual(['1 час', '3 часа'])
    expect(hoursLabel(certificateLabels('sr-Cyrl'), 3)).toBe('3 сата')
    expect(hoursLabel(certificateLabels('sv'), 1)).toBe('1 timme')
  })

  it('writes the date in the language (Montenegrin as Serbian Latin in Montenegro)', () => {
    const date = new Date('2026-12-06T23:30:00Z')
    expect(dateLabel(certificateLabels('en'), date)).toBe('6 December 2026')
    expect(dateLabel(certificateLabels('sr-Latn'), date)).toBe('6. decembar 2026.')
    expect(dateLabel(certificateLabels('sr-Cyrl'), date)).toBe('6. децембар 2026.')
    expect(dateLabel(certificateLabels('hr'), date)).toBe('6. prosinca 2026.')
    expect(dateLabel(certificateLabels('cnr'), date)).toBe('6. decembar 2026.')
    expect(dateLabel(certificateLabels('sq'), date)).toBe('6 dhjetor 2026')
    expect(dateLabel(certificateLabels('sv'), date)).toBe('6 december 2026')
    expect(dateLabel(certificateLabels('mk'), date)).toMatch(/^6 декември 2026/)
  })

  it('falls back to English for a language it does not know', () => {
    expect(certificateLabels('de').title).toBe('Certificate of Completion')
  })
})
