// Reading a PDF back in tests (issue 15): its text and page sizes through pdf.js, and the QR codes
// on its first page, rendered by pdf.js (on @napi-rs/canvas in Node) and decoded by jsQR — what a
// phone does with the printed page.
import jsqr from 'jsqr'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'

export interface ReadPdf {
  pages: { width: number; height: number; text: string }[]
  /** Every page's text, joined. */
  text: string
  /** The QR code on the first page, decoded; null when none is found. */
  qr: string | null
  /** The first page rendered: RGBA pixels. */
  image: { width: number; height: number; data: Uint8ClampedArray }
}

// pdf.js's canvas factory in Node (@napi-rs/canvas), as much of it as is used here.
interface CanvasAndContext {
  canvas: object
  context: {
    getImageData(x: number, y: number, width: number, height: number): { data: Uint8ClampedArray }
  }
}

type RenderParameters = Parameters<Awaited<ReturnType<PdfDocument['getPage']>>['render']>[0]
type PdfDocument = Awaited<ReturnType<typeof getDocument>['promise']>

interface CanvasFactory {
  create(width: number, height: number): CanvasAndContext
  destroy(canvasAndContext: CanvasAndContext): void
}

/** The text, page sizes and QR code of a PDF; `scale` is the rendering's pixels per point. */
export async function readPdf(bytes: Uint8Array, scale = 2): Promise<ReadPdf> {
  const pdf = await getDocument({
    data: new Uint8Array(bytes),
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: 0,
  }).promise
  try {
    const pages: ReadPdf['pages'] = []
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number)
      const [x0, y0, x1, y1] = page.view as [number, number, number, number]
      const content = await page.getTextContent()
      const text = content.items
        .map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : ''))
        .join('')
      pages.push({ width: x1 - x0, height: y1 - y0, text })
    }

    const page = await pdf.getPage(1)
    const viewport = page.getViewport({ scale })
    const factory = pdf.canvasFactory as CanvasFactory
    const width = Math.ceil(viewport.width)
    const height = Math.ceil(viewport.height)
    const target = factory.create(width, height)
    await page.render({
      canvas: target.canvas,
      canvasContext: target.context,
      viewport,
      background: 'white',
    } as unknown as RenderParameters).promise
    const data = target.context.getImageData(0, 0, width, height).data
    factory.destroy(target)
    // jsqr is CommonJS whose `default` is the function (its types say so for an ES import).
    const found = jsqr.default(data, width, height, { inversionAttempts: 'dontInvert' })
    return {
      pages,
      text: pages.map((each) => each.text).join('\n'),
      qr: found?.data ?? null,
      image: { width, height, data },
    }
  } finally {
    await pdf.destroy()
  }
}
