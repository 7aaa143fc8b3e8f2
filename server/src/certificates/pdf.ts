// The certificate as a PDF (issue 15): A4 landscape, one page, in the learner's language.
//
// pdfkit lays it out with DejaVu Serif and Sans (TrueType from the `dejavu-fonts-ttf` package,
// Bitstream Vera licence: free to embed), which cover Latin Extended (č ć đ š ž, ë ç, å ö) and
// Cyrillic (Serbian and Macedonian); pdfkit embeds only the glyphs used (a subset, FontFile2) with
// a ToUnicode map, so the text can be selected, searched and extracted. The QR code of the
// verification URL is drawn as vector squares (sharp at any print size). Nothing is printed to the
// paper's edge: the frame keeps 24 pt (8.5 mm) clear.
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import * as fontkit from 'fontkit'
import PDFDocument from 'pdfkit'
import QRCode from 'qrcode'
import { certificateLabels, dateLabel, fillLabel, hoursLabel } from './pdf-labels.ts'

/** What the PDF shows: the certificate as issued (certificates' `certificateDocument`). */
export interface CertificateDocument {
  code: string
  /** Null after the person's data was erased. */
  learnerName: string | null
  language: string
  courseTitle: string
  courseVersionNumber: number
  hours: number
  completedAt: Date
  issuerName: string
  trainers: string[]
  /** `<origin>/verify/<code>`: printed and encoded in the QR code. */
  verificationUrl: string
  status: 'valid' | 'revoked' | 'replaced'
}

/**
 * A font parsed by fontkit. pdfkit takes one in place of a file (its types say only files), and
 * parsing DejaVu's tables is most of the work of a render: done once, a render takes tens of
 * milliseconds instead of hundreds.
 */
type ParsedFont = PDFKit.Mixins.PDFFontSource

/**
 * The parsed font for one document: it shares the decoded tables but has its own glyph cache.
 * fontkit keeps each glyph with the characters it was first made for, and pdfkit writes those into
 * the text map (ToUnicode); a glyph first made without characters in an earlier document (the
 * base letter of an accented one, when that document's subset was written) would have none, and
 * the text of every later PDF would lose letters. `_glyphs` is fontkit's glyph cache (2.0.4).
 */
function forOneDocument(font: ParsedFont): ParsedFont {
  const view = Object.create(font as object) as { _glyphs: Record<number, unknown> }
  view._glyphs = {}
  return view as unknown as ParsedFont
}

interface Fonts {
  serifBold: ParsedFont
  sans: ParsedFont
  sansBold: ParsedFont
}

let fontsLoading: Promise<Fonts> | undefined

/** The TrueType files, read and parsed once per process. */
function fonts(): Promise<Fonts> {
  fontsLoading ??= (async () => {
    const require = createRequire(import.meta.url)
    const file = async (name: string) => {
      const font = fontkit.create(await readFile(require.resolve(`dejavu-fonts-ttf/ttf/${name}`)))
      return font as unknown as ParsedFont
    }
    const [serifBold, sans, sansBold] = await Promise.all([
      file('DejaVuSerif-Bold.ttf'),
      file('DejaVuSans.ttf'),
      file('DejaVuSans-Bold.ttf'),
    ])
    return { serifBold, sans, sansBold }
  })().catch((error: unknown) => {
    fontsLoading = undefined
    throw error
  })
  return fontsLoading
}

const PAGE = { width: 841.89, height: 595.28 }
const INK = '#1d2433'
const MUTED = '#5a6272'
const ACCENT = '#1f4e79'
const WARNING = '#a4161a'

/** The certificate as a one-page PDF. */
export async function renderCertificatePdf(certificate: CertificateDocument): Promise<Buffer> {
  const { serifBold, sans, sansBold } = await fonts()
  const labels = certificateLabels(certificate.language)
  const title = labels.title
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    // No default font: pdfkit would load Helvetica's metrics for nothing; every text sets its font.
    font: null as unknown as string,
    lang: labels.locale,
    displayTitle: true,
    info: {
      Title: certificate.learnerName ? `${title}: ${certificate.learnerName}` : title,
      Subject: certificate.courseTitle,
      Author: certificate.issuerName,
      Creator: 'Agora',
      Keywords: certificate.code,
    },
  })
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })

  doc.registerFont('serif-bold', forOneDocument(serifBold))
  doc.registerFont('sans', forOneDocument(sans))
  doc.registerFont('sans-bold', forOneDocument(sansBold))

  const stamp =
    certificate.status === 'revoked'
      ? labels.revoked
      : certificate.status === 'replaced'
        ? labels.replaced
        : null
  const frameColour = stamp ? WARNING : ACCENT

  // The frame: a strong line and a hairline inside it.
  doc
    .lineWidth(1.6)
    .strokeColor(frameColour)
    .rect(24, 24, PAGE.width - 48, PAGE.height - 48)
  doc.stroke()
  doc
    .lineWidth(0.5)
    .rect(31, 31, PAGE.width - 62, PAGE.height - 62)
    .stroke()

  const left = 72
  const width = PAGE.width - 2 * left

  if (stamp) {
    doc.font('sans-bold').fontSize(12).fillColor(WARNING)
    doc.text(stamp.toUpperCase(), left, 44, { width, align: 'center' })
  }

  doc.font('sans-bold').fontSize(9).fillColor(MUTED)
  doc.text(certificate.issuerName.toUpperCase(), left, 66, { width, align: 'center' })

  centred(doc, 'serif-bold', title, { y: 94, size: 30, min: 20, colour: ACCENT, width })
  doc
    .moveTo(PAGE.width / 2 - 40, doc.y + 10)
    .lineTo(PAGE.width / 2 + 40, doc.y + 10)
    .lineWidth(1.2)
    .strokeColor(ACCENT)
    .stroke()

  centred(doc, 'sans', labels.intro, { y: doc.y + 30, size: 13, colour: MUTED, width })
  // After erasure the name is gone; a line keeps the layout and says nothing about anyone.
  centred(doc, 'serif-bold', certificate.learnerName ?? '—', {
    y: doc.y + 10,
    size: 36,
    min: 20,
    colour: INK,
    width,
  })
  centred(doc, 'sans', labels.completed, { y: doc.y + 12, size: 13, colour: MUTED, width })
  centred(doc, 'sans-bold', certificate.courseTitle, {
    y: doc.y + 10,
    size: 21,
    min: 14,
    colour: INK,
    width,
  })

  const details = [
    fillLabel(labels.version, { n: String(certificate.courseVersionNumber) }),
    hoursLabel(labels, certificate.hours),
    fillLabel(labels.completedOn, { date: dateLabel(labels, certificate.completedAt) }),
  ].join('   ·   ')
  centred(doc, 'sans', details, { y: doc.y + 14, size: 12, min: 9, colour: INK, width })

  // The foot: who issued it and who taught it, then how to check it, then the QR code.
  const footTop = 426
  const qrSize = 104
  const qrLeft = Math.floor(PAGE.width - left - qrSize)
  const columnWidth = 250
  let y = footTop
  y = field(doc, labels.issuer, certificate.issuerName, left, y, columnWidth)
  if (certificate.trainers.length > 0) {
    const label = certificate.trainers.length === 1 ? labels.trainers.one : labels.trainers.other
    field(doc, label, certificate.trainers.join(', '), left, y + 10, columnWidth, 3)
  }

  const middle = left + columnWidth + 30
  const middleWidth = qrLeft - 24 - middle
  y = field(doc, labels.code, certificate.code, middle, footTop, middleWidth, 1, 14)
  field(doc, labels.verify, certificate.verificationUrl, middle, y + 10, middleWidth, 2)

  drawQr(doc, certificate.verificationUrl, PAGE.width - left, footTop, qrSize)

  doc.end()
  return done
}

/** One centred line (or more, when even the smallest size is too wide), shrunk to fit the width. */
function centred(
  doc: PDFKit.PDFDocument,
  font: string,
  text: string,
  options: { y: number; size: number; min?: number; colour: string; width: number },
): void {
  doc.font(font)
  let size = options.size
  const min = options.min ?? options.size
  while (size > min && doc.fontSize(size).widthOfString(text) > options.width) size -= 1
  doc.fontSize(size).fillColor(options.colour)
  doc.text(text, (PAGE.width - options.width) / 2, options.y, {
    width: options.width,
    align: 'center',
  })
}

/** A small label above its value; answers the y below the value. */
function field(
  doc: PDFKit.PDFDocument,
  label: string,
  value: string,
  x: number,
  y: number,
  width: number,
  maxLines = 2,
  size = 11,
): number {
  doc.font('sans').fontSize(8.5).fillColor(MUTED)
  doc.text(label.toUpperCase(), x, y, { width, lineBreak: false })
  doc.font('sans-bold').fontSize(size).fillColor(INK)
  const top = y + 13
  const height = Math.min(
    doc.heightOfString(value, { width }),
    maxLines * doc.currentLineHeight(true),
  )
  doc.text(value, x, top, { width, height, ellipsis: true })
  return top + height
}

/**
 * The QR code as filled squares, one rectangle per run of dark modules in a row, at most `size`
 * wide and right-aligned to `right`. A module is a whole number of half points placed on whole
 * points, so that at 144 dpi and its multiples (and on most printers) its edges fall between
 * pixels: no grey seams between rows for a reader to stumble on. Answers the side drawn.
 */
function drawQr(
  doc: PDFKit.PDFDocument,
  text: string,
  right: number,
  y: number,
  size: number,
): number {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' })
  const cell = Math.floor((2 * size) / modules.size) / 2
  const side = cell * modules.size
  const x = Math.round(right - side)
  for (let row = 0; row < modules.size; row++) {
    let column = 0
    while (column < modules.size) {
      if (!modules.get(row, column)) {
        column++
        continue
      }
      const start = column
      while (column < modules.size && modules.get(row, column)) column++
      doc.rect(x + start * cell, y + row * cell, (column - start) * cell, cell)
    }
  }
  doc.fillColor('#000000').fill()
  doc.link(x, y, side, side, text)
  return side
}
