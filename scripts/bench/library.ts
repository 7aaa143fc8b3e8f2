// Seeds the good-practice library for its benchmark: approved practices in six languages and
// scripts (en, sr-Latn, sr-Cyrl, mk, sq, sv), their text made of sentences drawn from a word list
// per language (a few words common, most rare, as in real text), written through the practices
// feature's own statements (`insertPractice` with `searchDocumentOf`, so the search vector is built
// exactly as a submission builds it, then `updatePracticeReview`), one transaction per batch.
import { CompiledQuery, type KyselyPlugin, type RootOperationNode, sql } from 'kysely'
import type { Db } from '../../server/src/db/create-db.ts'
import { goodPracticeAreas } from '../../server/src/practices/constants.ts'
import {
  insertPractice,
  type LibraryFilter,
  listLibrary,
  updatePracticeReview,
} from '../../server/src/practices/queries.ts'
import { searchDocumentOf } from '../../server/src/practices/submitting.ts'

type Language = 'en' | 'sr-Latn' | 'sr-Cyrl' | 'mk' | 'sq' | 'sv'

interface Words {
  /** Most frequent first: the first few appear in most practices of the language. */
  words: string[]
  contact: string[]
  countries: string[]
}

// Serbian words are listed once, in Latin letters, and written in Cyrillic for sr-Cyrl.
const serbian = [
  'opština',
  'građani',
  'usluge',
  'zajednica',
  'raznolikost',
  'uprava',
  'zaposleni',
  'pristup',
  'informacije',
  'učešće',
  'obuka',
  'manjine',
  'jezik',
  'savet',
  'lokalni',
  'romska',
  'mladi',
  'žene',
  'kancelarija',
  'pravo',
  'nacionalne',
  'saradnja',
  'plan',
  'budžet',
  'sastanak',
  'udruženja',
  'škola',
  'zdravlje',
  'stanovanje',
  'prevod',
  'dokumenti',
  'konkurs',
  'javni',
  'poziv',
  'odluka',
  'predstavnici',
  'ravnopravnost',
  'zapošljavanje',
  'anketa',
  'šalter',
  'različitost',
  'mesna',
  'naselje',
  'tumač',
  'pristupačnost',
  'invaliditet',
  'zaštita',
  'obrazovanje',
]

const lists: Record<Language, Words> = {
  en: {
    words: [
      'municipality',
      'residents',
      'services',
      'community',
      'diversity',
      'staff',
      'access',
      'council',
      'information',
      'participation',
      'training',
      'minorities',
      'language',
      'local',
      'office',
      'young',
      'women',
      'rights',
      'cooperation',
      'budget',
      'meeting',
      'associations',
      'school',
      'health',
      'housing',
      'translation',
      'documents',
      'public',
      'call',
      'decision',
      'representatives',
      'equality',
      'employment',
      'survey',
      'counter',
      'neighbourhood',
      'interpreter',
      'accessibility',
      'disability',
      'protection',
      'education',
      'volunteers',
      'mentoring',
      'recruitment',
      'consultation',
      'outreach',
    ],
    contact: ['Head of the citizens’ service centre', 'Diversity officer', 'Town clerk'],
    countries: ['RS', 'BA', 'ME', 'MK', 'XK', 'AL', 'SE'],
  },
  'sr-Latn': {
    words: serbian,
    contact: ['Načelnik uslužnog centra', 'Koordinatorka za ravnopravnost', 'Sekretar skupštine'],
    countries: ['RS', 'BA', 'ME'],
  },
  'sr-Cyrl': {
    words: serbian.map(toCyrillic),
    contact: ['Начелник услужног центра', 'Координаторка за равноправност', 'Секретар скупштине'],
    countries: ['RS', 'BA', 'ME'],
  },
  mk: {
    words: [
      'општина',
      'граѓани',
      'услуги',
      'заедница',
      'различност',
      'администрација',
      'вработени',
      'пристап',
      'информации',
      'учество',
      'обука',
      'заедниците',
      'јазик',
      'совет',
      'локална',
      'млади',
      'жени',
      'права',
      'соработка',
      'буџет',
      'средба',
      'здруженија',
      'училиште',
      'здравство',
      'превод',
      'документи',
      'јавен',
      'повик',
      'одлука',
      'претставници',
      'еднаквост',
      'вработување',
      'анкета',
      'шалтер',
      'населба',
      'толкувач',
      'пристапност',
      'попреченост',
      'заштита',
      'образование',
    ],
    contact: ['Раководител на услужниот центар', 'Координатор за еднаквост'],
    countries: ['MK'],
  },
  sq: {
    words: [
      'komuna',
      'qytetarët',
      'shërbimet',
      'komuniteti',
      'diversiteti',
      'administrata',
      'punonjësit',
      'qasja',
      'informacioni',
      'pjesëmarrja',
      'trajnimi',
      'pakicat',
      'gjuha',
      'këshilli',
      'lokale',
      'të rinjtë',
      'gratë',
      'të drejtat',
      'bashkëpunimi',
      'buxheti',
      'takimi',
      'shoqatat',
      'shkolla',
      'shëndetësia',
      'strehimi',
      'përkthimi',
      'dokumentet',
      'publike',
      'thirrja',
      'vendimi',
      'përfaqësuesit',
      'barazia',
      'punësimi',
      'anketa',
      'sporteli',
      'lagjja',
      'përkthyesi',
      'aftësia',
      'mbrojtja',
      'arsimi',
    ],
    contact: ['Drejtuesi i qendrës së shërbimeve', 'Zyrtarja për barazi gjinore'],
    countries: ['AL', 'XK', 'MK'],
  },
  sv: {
    words: [
      'kommunen',
      'invånare',
      'tjänster',
      'samhället',
      'mångfald',
      'förvaltningen',
      'medarbetare',
      'tillgång',
      'information',
      'delaktighet',
      'utbildning',
      'minoriteter',
      'språk',
      'fullmäktige',
      'lokala',
      'unga',
      'kvinnor',
      'rättigheter',
      'samverkan',
      'budget',
      'möte',
      'föreningar',
      'skolan',
      'hälsa',
      'boende',
      'översättning',
      'handlingar',
      'offentlig',
      'beslut',
      'företrädare',
      'jämställdhet',
      'anställning',
      'enkät',
      'kontaktcenter',
      'stadsdel',
      'tolk',
      'tillgänglighet',
      'funktionsnedsättning',
      'skydd',
      'nyanlända',
    ],
    contact: ['Chef för kontaktcenter', 'Samordnare för mänskliga rättigheter'],
    countries: ['SE'],
  },
}
export const libraryLanguages = Object.keys(lists) as Language[]

/** A rare word: planted in about one practice in 500 (in English), so a query finds a few. */
export const rareWord = 'beekeeping'
const rareEvery = 499
/** Common in both Serbian scripts (first in their list); folded it also matches "opstina". */
export const commonWord = 'opština'
/** A Serbian word in Cyrillic, asked with language=sr-Cyrl. */
export const cyrillicWord = 'разноликост'

function toCyrillic(latin: string): string {
  const pairs: [string, string][] = [
    ['lj', 'љ'],
    ['nj', 'њ'],
    ['dž', 'џ'],
    ['a', 'а'],
    ['b', 'б'],
    ['v', 'в'],
    ['g', 'г'],
    ['d', 'д'],
    ['đ', 'ђ'],
    ['e', 'е'],
    ['ž', 'ж'],
    ['z', 'з'],
    ['i', 'и'],
    ['j', 'ј'],
    ['k', 'к'],
    ['l', 'л'],
    ['m', 'м'],
    ['n', 'н'],
    ['o', 'о'],
    ['p', 'п'],
    ['r', 'р'],
    ['s', 'с'],
    ['t', 'т'],
    ['ć', 'ћ'],
    ['u', 'у'],
    ['f', 'ф'],
    ['h', 'х'],
    ['c', 'ц'],
    ['č', 'ч'],
    ['š', 'ш'],
  ]
  let out = ''
  let at = 0
  outer: while (at < latin.length) {
    for (const [from, to] of pairs)
      if (latin.startsWith(from, at)) {
        out += to
        at += from.length
        continue outer
      }
    out += latin[at]
    at += 1
  }
  return out
}

/** mulberry32: the same library on every run. */
function random(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function sentence(next: () => number, words: string[], length: number): string {
  const picked: string[] = []
  // Squared: the first words of a list are drawn far more often than the last (Zipf-like).
  for (let i = 0; i < length; i++) picked.push(words[Math.floor(next() ** 2 * words.length)]!)
  const text = picked.join(' ')
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`
}

function sentences(next: () => number, words: string[], count: number): string {
  const out: string[] = []
  for (let i = 0; i < count; i++) out.push(sentence(next, words, 6 + Math.floor(next() * 12)))
  return out.join(' ')
}

export interface LibrarySeed {
  authorId: string
  readerId: string
  /** Practices written so far: the next batch continues from here. */
  seeded: number
  municipalities: Map<string, { id: string; name: string }[]>
}

/** The people the library needs (an author, a reviewer who is also the signed-in reader). */
export async function prepareLibrary(db: Db): Promise<LibrarySeed> {
  const author = await db
    .insertInto('users')
    .values({
      email: 'library-author@bench.local',
      name: 'Library Author',
      emailVerifiedAt: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const reader = await db
    .insertInto('users')
    .values({
      email: 'library-reader@bench.local',
      name: 'Library Reader',
      emailVerifiedAt: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('userRoles')
    .values([
      { userId: author.id, role: 'learner' },
      { userId: reader.id, role: 'learner' },
    ])
    .execute()
  const rows = await db
    .selectFrom('municipalities')
    .select(['id', 'name', 'countryCode'])
    .orderBy('name')
    .execute()
  const municipalities = new Map<string, { id: string; name: string }[]>()
  for (const row of rows) {
    const list = municipalities.get(row.countryCode) ?? []
    list.push({ id: row.id, name: row.name })
    municipalities.set(row.countryCode, list)
  }
  return { authorId: author.id, readerId: reader.id, seeded: 0, municipalities }
}

/** Adds approved practices until the library holds `size`; four in five are public. */
export async function growLibrary(db: Db, seed: LibrarySeed, size: number): Promise<number> {
  const started = performance.now()
  const now = Date.now()
  while (seed.seeded < size) {
    const batchEnd = Math.min(size, seed.seeded + 1000)
    await db.transaction().execute(async (trx) => {
      for (let n = seed.seeded; n < batchEnd; n++) {
        const next = random(n + 1)
        const language = libraryLanguages[n % libraryLanguages.length]!
        const list = lists[language]
        const country = list.countries[Math.floor(next() * list.countries.length)]!
        const places = seed.municipalities.get(country) ?? []
        const place = places[Math.floor(next() * places.length)]
        let body = `## ${sentence(next, list.words, 4).slice(0, -1)}\n\n${sentences(next, list.words, 3 + Math.floor(next() * 4))}\n\n- ${sentence(next, list.words, 5)}\n- ${sentence(next, list.words, 7)}\n`
        if (language === 'en' && n % rareEvery === 0)
          body += `\nThe ${rareWord} cooperative of the ${place?.name ?? 'town'} residents trained young volunteers.\n`
        const values = {
          countryCode: country,
          municipalityId: place?.id ?? null,
          municipalityName: place?.name ?? 'Unlisted',
          area: goodPracticeAreas[(n * 7 + Math.floor(n / 6)) % goodPracticeAreas.length]!,
          title: sentence(next, list.words, 4 + Math.floor(next() * 5)).slice(0, -1),
          problem: sentences(next, list.words, 2 + Math.floor(next() * 2)),
          actions: sentences(next, list.words, 2 + Math.floor(next() * 3)),
          results: sentences(next, list.words, 1 + Math.floor(next() * 3)),
          contactRole: list.contact[n % list.contact.length]!,
          body,
          language,
          public: n % 5 !== 0,
        }
        const at = new Date(now - (size - n) * 3_600_000)
        const id = await insertPractice(
          trx,
          {
            ...values,
            authorId: seed.authorId,
            enrolmentId: null,
            step: null,
            courseId: null,
            submittedAt: at,
          },
          searchDocumentOf(values),
        )
        await updatePracticeReview(trx, id, {
          status: 'approved',
          reviewComment: null,
          reviewedBy: seed.readerId,
          at: new Date(at.getTime() + 60_000),
        })
      }
    })
    seed.seeded = batchEnd
  }
  // VACUUM as autovacuum would after such a batch: it moves the rows just added from the GIN
  // index's pending list (fastupdate) into the index proper. Until then every search reads the
  // whole pending list, and the planner, costing that, scans the table instead (86 ms at 10,000).
  await sql`vacuum analyze good_practices`.execute(db)
  return performance.now() - started
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the library's page statement, as `listLibrary` builds it: the
 * statement is caught on its way to the database and run again under EXPLAIN.
 */
export async function explainLibrary(db: Db, filter: LibraryFilter): Promise<string> {
  let caught: { node: RootOperationNode; queryId: { queryId: string } } | undefined
  const catcher: KyselyPlugin = {
    transformQuery: (args) => {
      caught ??= { node: args.node, queryId: args.queryId }
      return args.node
    },
    transformResult: async (args) => args.result,
  }
  await listLibrary(db.withPlugin(catcher), filter, { limit: 20, offset: 0 })
  const compiled = db.getExecutor().compileQuery(caught!.node, caught!.queryId)
  const { rows } = await db.executeQuery<{ 'QUERY PLAN': string }>(
    CompiledQuery.raw(`explain (analyze, buffers) ${compiled.sql}`, [...compiled.parameters]),
  )
  return rows.map((row) => row['QUERY PLAN']).join('\n')
}
