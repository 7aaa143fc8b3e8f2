// The demo's peer exchange (issue 14), made through the services of webinars, attendance,
// practices and enrolments, as the trainer, the coordinator and the learners of the demo cluster
// would make it: sessions of the Diversity Management course's webinar step (a past one with its
// attendance and recording, an upcoming one for the cluster, an upcoming one open to every learner
// of the course), a small library of approved good practices with one waiting for review and one
// returned, and the anonymous evaluations of the learners who finished the course. Past days are
// given to the services as their `now`. Every text below is an illustrative example written for
// the demo, not a municipality's verified result.
import { reviewPractice, submitPractice } from '../server/src/practices/service.ts'
import type { CreatePracticeBody } from '../server/src/practices/schemas.ts'
import { listClusters } from '../server/src/clusters/service.ts'
import { loadStepDocument, publishedVersion } from '../server/src/courses/service.ts'
import type { Db } from '../server/src/db/create-db.ts'
import { listMyEnrolments, ProgressionBus, sendEvent } from '../server/src/enrolments/service.ts'
import type { EventBody } from '../server/src/enrolments/schemas.ts'
import { markAttendance } from '../server/src/attendance/service.ts'
import { listMunicipalities } from '../server/src/organisations/service.ts'
import { startAttempt, submitAttempt } from '../server/src/quizzes/service.ts'
import {
  type CalendarSettings,
  createSession,
  listSessionsOfCourse,
  register,
  setRecording,
} from '../server/src/webinars/service.ts'
import {
  contextOf,
  demoClusterName,
  isoDay,
  onDay,
  type Person,
  rightAnswers,
} from './seed-demo-cluster.ts'

export const peerExchangeCourse = 'diversity-management'
const webinarStep = 'peer-exchange'
const modulesBefore = ['01-introduction', '02-workplace']
const modulesAfter = ['03-services', '04-participation']

/** Who attended the past session (and finished the course), by e-mail. */
const attended = [
  'jelena.markovic@demo.local',
  'milan.stojanovic@demo.local',
  'ivana.petrovic@demo.local',
  'emir.hodzic@demo.local',
  'arben.ramadani@demo.local',
  'marija.nikolic@demo.local',
]
/** Excused from the past session; her written good practice was approved instead. */
const excused = 'erika.toth@demo.local'
/** Absent from the past session; her good practice waits in the trainer's review queue. */
const absent = 'snezana.pavlovic@demo.local'
/** At the webinar step; his good practice was returned with a comment. */
const returned = 'nikola.jovanovic@demo.local'
/** At the webinar step, registered for the cluster's upcoming session. */
const upcoming = ['learner@demo.local', 'stefan.djordjevic@demo.local']

const illustrative = (language: 'en' | 'sr-Latn' | 'sr-Cyrl' | 'mk' | 'sq' | 'sv') =>
  ({
    en: '*Illustrative example written for the Agora demo; not a verified result of the municipality named.*',
    'sr-Latn':
      '*Ilustrativan primer napisan za demonstraciju platforme Agora, a ne provereni rezultat navedene opštine.*',
    'sr-Cyrl':
      '*Илустративан пример написан за демонстрацију платформе Agora, а не проверени резултат наведене општине.*',
    mk: '*Илустративен пример напишан за демонстрација на платформата Agora, а не проверен резултат на наведената општина.*',
    sq: '*Shembull ilustrues i shkruar për demonstrimin e platformës Agora, jo rezultat i verifikuar i komunës së përmendur.*',
    sv: '*Illustrativt exempel skrivet för demonstrationen av Agora, inte ett verifierat resultat från den nämnda kommunen.*',
  })[language]

type PracticeText = Omit<
  CreatePracticeBody,
  'countryCode' | 'municipalityId' | 'municipalityName' | 'enrolmentId' | 'step'
> & {
  /** The place, from the reference municipalities; none: the author's own. */
  place?: { country: string; name: string }
}

/** Erika's written alternative to the webinar, approved: it stands in the library too. */
const bilingualForms: PracticeText = {
  title: 'Dvojezični natpisi i obrasci u opštinskoj upravi',
  area: 'information-communication',
  problem:
    'Građani kojima je maternji jezik mađarski teško su se snalazili u zgradi opštine i sa obrascima koji su postojali samo na srpskom jeziku, pa su često dolazili više puta zbog istog zahteva.',
  actions:
    'Uslužni centar i kancelarije dobili su natpise na srpskom i mađarskom jeziku. Najčešće korišćeni obrasci prevedeni su i objavljeni u dvojezičnoj verziji, a prevode su proverili zaposleni kojima je mađarski maternji jezik. Na šalteru je istaknuto obaveštenje da se zahtev može podneti na oba jezika.',
  results:
    'Zaposleni na šalteru kažu da ima manje ponovljenih dolazaka i manje pitanja o tome koji obrazac treba popuniti. Nove verzije obrazaca sada se pripremaju odmah na oba jezika.',
  contactRole: 'Odeljenje za opštu upravu',
  body: [
    illustrative('sr-Latn'),
    '',
    '## Šta je bilo važno',
    '',
    '- prevode proveravaju ljudi kojima je jezik maternji, a ne samo prevodilac;',
    '- obrasci se menjaju na oba jezika u isto vreme;',
    '- zaposleni na šalteru znaju kako da upute građanina kolegi koji govori njegov jezik.',
  ].join('\n'),
  language: 'sr-Latn',
  public: true,
}

/** The rest of the library: practices the coordinator collected, approved by the trainer. */
const libraryPractices: PracticeText[] = [
  {
    title: 'Recruitment outreach to Roma communities for municipal vacancies',
    place: { country: 'RS', name: 'Vranje' },
    area: 'workforce',
    problem:
      'Vacancies in the municipal administration were announced only on the notice board and the official website, and hardly any applications came from Roma neighbourhoods.',
    actions:
      'Together with the coordinator for Roma issues and local Roma organisations, the office for human resources held information sessions in the neighbourhoods, explained the application procedure step by step and helped people prepare the documents. Vacancy notices were also shared through community organisations and local radio.',
    results:
      'More people from Roma communities applied, and some of them reached the interview stage. The office now plans an information session for every public competition.',
    contactRole: 'Office for human resources',
    body: [
      illustrative('en'),
      '',
      '## Steps that others can repeat',
      '',
      '1. Ask community organisations where and when people can come.',
      '2. Bring a printed checklist of the documents an application needs.',
      '3. Name one person in the office who answers questions until the deadline.',
    ].join('\n'),
    language: 'en',
    public: true,
  },
  {
    title: 'Савет младих у коме су заступљене све заједнице',
    place: { country: 'RS', name: 'Subotica' },
    area: 'participation',
    problem:
      'У раду савета младих учествовали су углавном ученици неколико градских школа, док млади из сеоских насеља и из мањинских заједница готово да нису долазили.',
    actions:
      'Општина је променила начин избора чланова: по једно место добиле су средње школе на свим језицима наставе, удружења младих и месне заједнице из сеоских подручја. Састанци се одржавају наизменично у различитим деловима општине, а позиви се шаљу на језицима који су у службеној употреби.',
    results:
      'Савет младих сада чине млади из различитих заједница и делова општине. Њихови предлози за локални акциони план за младе разматрају се пре него што га општинско веће усвоји.',
    contactRole: 'Канцеларија за младе',
    body: [
      illustrative('sr-Cyrl'),
      '',
      'Савет младих бира председника на годину дана, а заменик председника увек је из друге заједнице.',
    ].join('\n'),
    language: 'sr-Cyrl',
    public: true,
  },
  {
    title: 'Проверка на пристапноста на шалтерите за услуги',
    place: { country: 'MK', name: 'Куманово' },
    area: 'services',
    problem:
      'Лицата со попреченост, постарите лица и родителите со детски колички тешко стигнуваа до шалтерите во општинската зграда, а дел од услугите не можеа да ги добијат без туѓа помош.',
    actions:
      'Општината, заедно со локалните организации на лица со попреченост, ги обиколи сите простории каде што граѓаните добиваат услуги и ги запиша пречките: скали без рампа, високи шалтери, малку ознаки и недостиг на места за седење. Беше изготвен план со итни и подолгорочни мерки, а вработените на шалтерите поминаа кратка обука за комуникација со лица со различни видови попреченост.',
    results:
      'На главниот влез е поставена рампа, еден шалтер е спуштен на висина погодна за корисници на инвалидска количка, а ознаките се поголеми и појасни.',
    contactRole: 'Одделение за услуги на граѓаните',
    body: [
      illustrative('mk'),
      '',
      'Проверката се повторува секоја година со истата листа, за да се види што е подобрено.',
    ].join('\n'),
    language: 'mk',
    public: true,
  },
  {
    title: 'Dëgjime buxhetore në lagje, me pjesëmarrjen e grave dhe të komuniteteve joshumicë',
    place: { country: 'XK', name: 'Prizren' },
    area: 'participation',
    problem:
      'Në dëgjimet publike për buxhetin komunal merrnin pjesë kryesisht të njëjtët persona, shumica burra nga qendra e qytetit. Gratë, të rinjtë dhe pjesëtarët e komuniteteve joshumicë rrallë i shprehnin nevojat e tyre.',
    actions:
      'Komuna organizoi dëgjime të shkurtra në lagje dhe në fshatra, në orare të përshtatshme për prindërit që punojnë, me përkthim në gjuhët që flasin banorët. U mbajt edhe një takim i veçantë për gratë, ndërsa propozimet u mblodhën edhe me shkrim.',
    results:
      'Propozimet nga lagjet u përmblodhën në një raport që iu dërgua kuvendit komunal bashkë me projektbuxhetin, dhe disa prej tyre u përfshinë në buxhet.',
    contactRole: 'Zyra komunale për komunitete dhe kthim',
    body: [
      illustrative('sq'),
      '',
      'Raporti u publikua në faqen e internetit të komunës, që banorët të shohin se çfarë ndodhi me propozimet e tyre.',
    ].join('\n'),
    language: 'sq',
    public: false,
  },
  {
    title: 'Kompetensbaserad rekrytering med blandade intervjupaneler',
    place: { country: 'SE', name: 'Botkyrka' },
    area: 'workforce',
    problem:
      'Kommunen ville att personalen skulle spegla befolkningen bättre, men rekryteringarna byggde ofta på magkänsla och kontakter, och sökande med utländsk utbildning gick sällan vidare till intervju.',
    actions:
      'Rekryterande chefer fick en kort utbildning i kompetensbaserad rekrytering. Varje tjänst fick en kravprofil med tydliga kriterier, alla sökande bedömdes mot samma kriterier och intervjupanelerna sattes samman av personer med olika bakgrund. Annonserna skrevs på enkel svenska och spreds även via föreningar.',
    results:
      'Cheferna beskriver urvalet som tydligare och lättare att motivera, och fler sökande med utländsk utbildning har kallats till intervju.',
    contactRole: 'HR-avdelningen',
    body: [
      illustrative('sv'),
      '',
      'Kravprofilen sparas tillsammans med bedömningen, så att varje beslut kan förklaras för den som frågar.',
    ].join('\n'),
    language: 'sv',
    public: true,
  },
  {
    title: 'Razumna prilagođavanja radnog mesta za zaposlene sa invaliditetom',
    place: { country: 'RS', name: 'Kragujevac' },
    area: 'workforce',
    problem:
      'Zaposleni sa invaliditetom i oni koji su invaliditet stekli tokom rada nisu znali kome da se obrate za prilagođavanje radnog mesta, pa su se zahtevi rešavali od slučaja do slučaja ili se nisu rešavali.',
    actions:
      'Uprava je u službi za ljudske resurse odredila radno mesto zaduženo za ove zahteve i napisala kratko uputstvo o tome kako se zahtev podnosi. Potrebe su procenjivane zajedno sa zaposlenima: prilagođena oprema, raspored rada i pristup prostorijama. Rukovodioci su prošli obuku o tome kako da razgovaraju o potrebama zaposlenih.',
    results:
      'Zahtevi se sada rešavaju po istom postupku, a zaposleni znaju kome da se obrate. Uputstvo je dostupno svim zaposlenima na internoj mreži.',
    contactRole: 'Služba za ljudske resurse',
    body: [
      illustrative('sr-Latn'),
      '',
      'Uputstvo je kratko: ko podnosi zahtev, kome, šta zahtev sadrži i u kom roku stiže odgovor.',
    ].join('\n'),
    language: 'sr-Latn',
    public: false,
  },
]

/** Snežana's written alternative, waiting in the trainer's review queue. */
const waitingPractice: PracticeText = {
  title: 'Mobilni dani matične službe u romskim naseljima',
  area: 'services',
  problem:
    'Deo stanovnika romskih naselja nije upisan u matične knjige ili nema lična dokumenta, pa ne može da ostvari prava na zdravstvenu i socijalnu zaštitu. Do matične službe u centru grada teško dolaze.',
  actions:
    'Matična služba je, zajedno sa koordinatorom za romska pitanja i centrom za socijalni rad, organizovala dane kada službenici dolaze u naselja, primaju zahteve i pomažu u prikupljanju potrebnih dokumenata. Termini su unapred najavljeni preko lokalnih romskih udruženja.',
  results:
    'Više porodica nego ranije pokrenulo je postupak upisa ili izdavanja dokumenata, a službenici bolje razumeju prepreke sa kojima se ljudi suočavaju.',
  contactRole: 'Matična služba',
  body: illustrative('sr-Latn'),
  language: 'sr-Latn',
  public: true,
}

/** Nikola's written alternative, too thin: the trainer returned it with a comment. */
const thinPractice: PracticeText = {
  title: 'Info-punkt za mlade',
  area: 'participation',
  problem:
    'Mladi iz sela i iz romske zajednice retko su dolazili u kancelariju za mlade i nisu znali za programe koje opština nudi.',
  actions: 'Otvorili smo info-punkt i delili letke.',
  results: 'Više mladih je dolazilo.',
  contactRole: 'Kancelarija za mlade',
  body: illustrative('sr-Latn'),
  language: 'sr-Latn',
  public: false,
}
const returnComment =
  'Hvala na prijavi! Opišite u delu „Šta je urađeno“ konkretne korake i ko je u njima učestvovao, a u rezultatima šta se promenilo za mlade iz sela i iz romske zajednice. Ako niste merili rezultate, slobodno to napišite.'

/** The evaluation, anonymous: four open answers, then four ratings from 1 to 5. */
const evaluations: [string, string, string, string, number, number, number, number][] = [
  [
    'Primeri iz drugih opština i razmena na vebinaru.',
    'Kontrolna lista za pristupačnost šaltera; koristiću je u našoj zgradi.',
    'Dvojezični obrasci za najčešće zahteve građana.',
    'Malo vremena i malo zaposlenih za nove zadatke.',
    5,
    4,
    5,
    5,
  ],
  [
    'Jasni moduli i kratki testovi posle svakog.',
    'Deo o zapošljavanju, posebno kako da oglas stigne do svih zajednica.',
    'Saradnja sa udruženjima pri oglašavanju konkursa.',
    'Otpor dela rukovodilaca prema promenama.',
    4,
    5,
    4,
    4,
  ],
  [
    'Razgovor sa kolegama koji rade na istim problemima.',
    'Ideje za savet mladih i uključivanje mladih iz sela.',
    'Zajednički projekat sa susednom opštinom.',
    'Novac za prevođenje i prilagođavanje prostorija.',
    5,
    4,
    5,
    5,
  ],
  [
    'Mogla sam da učim kada mi odgovara.',
    'Primeri razgovora sa građanima koji ne govore službeni jezik.',
    'Obuka za sve zaposlene na šalterima.',
    'Podrška rukovodstva opštine.',
    4,
    4,
    3,
    4,
  ],
  [
    'Praktični primeri, manje teorije nego što sam očekivao.',
    'Plan za mobilne timove u naseljima.',
    'Bolja saradnja sa savetom za međunacionalne odnose.',
    'Nemamo podatke o tome ko koristi naše usluge.',
    5,
    5,
    4,
    5,
  ],
  [
    'Dobra struktura kursa i korisni materijali.',
    'Uputstvo za razumna prilagođavanja radnog mesta.',
    'Jasan postupak za zahteve zaposlenih.',
    'Spore nabavke opreme.',
    4,
    3,
    4,
    4,
  ],
  [
    'Pisana dobra praksa umesto vebinara mi je odgovarala.',
    'Povratna informacija trenera na moju praksu.',
    'Da i druge opštine preuzmu dvojezične obrasce.',
    'Održavanje prevoda kada se obrasci promene.',
    5,
    4,
    4,
    5,
  ],
]

/**
 * Seeds the peer exchange of the demo cluster's Diversity Management course, unless the cluster
 * is missing, does not offer the course, or has sessions of it already. Returns a line to print,
 * or undefined when nothing changed.
 */
export async function seedDemoPeerExchange(
  db: Db,
  people: { trainer: Person; coordinator: Person; learners: Person[] },
  settings: CalendarSettings,
): Promise<string | undefined> {
  const trainer = contextOf(db, people.trainer)
  const coordinator = contextOf(db, people.coordinator)
  const cluster = (await listClusters(coordinator, { limit: 100, offset: 0 })).items.find(
    (candidate) => candidate.name === demoClusterName,
  )
  if (!cluster?.courses.some((course) => course.slug === peerExchangeCourse)) return undefined
  const existing = await listSessionsOfCourse(
    trainer,
    peerExchangeCourse,
    { step: webinarStep, clusterId: cluster.id, include: 'past' },
    new Date(),
  )
  if (existing.items.length > 0) return undefined

  const bus = new ProgressionBus()
  // The cluster's members were enrolled in the published version, the only one of the demo.
  const version = await publishedVersion(db, peerExchangeCourse)
  const learner = new Map(people.learners.map((person) => [person.email, person]))
  const enrolmentOf = async (person: Person) => {
    const [found] = (await listMyEnrolments(contextOf(db, person), peerExchangeCourse)).filter(
      (candidate) => candidate.clusterId === cluster.id,
    )
    if (!found) throw new Error(`${person.email} was not enrolled in ${peerExchangeCourse}`)
    return found
  }
  /** Reads each module and passes its quiz, as a learner who knows the answers. */
  const learn = async (person: Person, modules: string[]) => {
    const ctx = contextOf(db, person)
    for (const step of modules) {
      const enrolment = await enrolmentOf(person)
      await sendEvent(
        ctx,
        bus,
        enrolment.id,
        // The schema's union of literals is built from a list, which its static type reads as never.
        { type: 'module.read', step, expectedVersion: enrolment.version } as unknown as EventBody,
        undefined,
      )
      const document = await loadStepDocument(db, version.id, enrolment.language, step)
      const { attempt } = await startAttempt(ctx, bus, enrolment.id, step)
      await submitAttempt(ctx, bus, attempt.id, rightAnswers(document!.questions), undefined)
    }
  }
  const atGate = [...attended, excused, absent, returned, ...upcoming].map((e) => learner.get(e)!)
  for (const person of atGate) await learn(person, modulesBefore)

  // The past session: scheduled twelve days ago for eight days ago; eight registered.
  const past = await createSession(
    trainer,
    peerExchangeCourse,
    {
      step: webinarStep,
      clusterId: cluster.id,
      title: 'Dobre prakse upravljanja različitostima u mojoj opštini – prva razmena',
      agenda: [
        'Svaki učesnik za pet minuta predstavlja jednu praksu iz svoje opštine: problem, šta je urađeno i šta se promenilo.',
        '',
        '1. Uvod i pravila razmene (10 min)',
        '2. Predstavljanje praksi u malim grupama (60 min)',
        '3. Šta možemo da preuzmemo jedni od drugih (30 min)',
      ].join('\n'),
      start: `${isoDay(-8)}T10:00`,
      timeZone: 'Europe/Belgrade',
      durationMinutes: 120,
      joinUrl: 'https://jitsi.example.org/agora-upravljanje-razlicitostima-1',
      capacity: 20,
      language: 'sr-Latn',
    },
    onDay(-12),
  )
  const registerFor = async (person: Person, sessionId: string, now: Date) =>
    register(
      contextOf(db, person),
      bus,
      settings,
      (await enrolmentOf(person)).id,
      { step: webinarStep, sessionId },
      undefined,
      now,
    )
  for (const [index, email] of [...attended, excused, absent].entries())
    await registerFor(learner.get(email)!, past.id, onDay(-11 + index / 4))
  const pastEnd = new Date(Date.parse(past.startsAt) + 2 * 3_600_000)
  await markAttendance(
    trainer,
    bus,
    past.id,
    {
      marks: [
        ...attended.map((email) => ({
          userId: learner.get(email)!.id,
          status: 'attended' as const,
        })),
        {
          userId: learner.get(excused)!.id,
          status: 'excused' as const,
          reason: 'Sednica opštinskog veća u isto vreme; piše dobru praksu umesto učešća.',
        },
        { userId: learner.get(absent)!.id, status: 'absent' as const },
      ],
    },
    pastEnd,
  )
  await setRecording(
    trainer,
    past.id,
    'https://video.example.org/agora/upravljanje-razlicitostima-razmena-1',
    pastEnd,
  )

  // The upcoming sessions: the cluster's own in four days, and one open to the whole course.
  const now = new Date()
  const next = await createSession(
    trainer,
    peerExchangeCourse,
    {
      step: webinarStep,
      clusterId: cluster.id,
      title: 'Dobre prakse upravljanja različitostima u mojoj opštini – druga razmena',
      agenda: [
        'Za one koji nisu bili na prvoj razmeni. Pripremite jednu praksu iz svoje opštine (do pet minuta).',
        '',
        '- Uvod i pravila razmene',
        '- Predstavljanje praksi u malim grupama',
        '- Zajednički zaključci',
      ].join('\n'),
      start: `${isoDay(4)}T10:00`,
      timeZone: 'Europe/Belgrade',
      durationMinutes: 90,
      joinUrl: 'https://jitsi.example.org/agora-upravljanje-razlicitostima-2',
      capacity: 15,
      language: 'sr-Latn',
    },
    now,
  )
  await createSession(
    trainer,
    peerExchangeCourse,
    {
      step: webinarStep,
      clusterId: null,
      title: 'Good practices of diversity management in my municipality (open session in English)',
      agenda: [
        'Open to every learner of the course, from any cluster or country.',
        '',
        '1. Short round of introductions',
        '2. Good practices in breakout rooms: the problem, what was done, what changed',
        '3. What we can take home',
      ].join('\n'),
      start: `${isoDay(6)}T14:00`,
      timeZone: 'Europe/Stockholm',
      durationMinutes: 90,
      joinUrl: 'https://bbb.example.org/b/agora-diversity-open-exchange',
      capacity: 40,
      language: 'en',
    },
    now,
  )
  for (const email of upcoming) await registerFor(learner.get(email)!, next.id, now)

  // Written alternatives: approved (Erika), returned (Nikola), waiting for review (Snežana).
  const alternative = async (email: string, text: PracticeText, at: Date) =>
    submitPractice(
      contextOf(db, learner.get(email)!),
      { ...text, enrolmentId: (await enrolmentOf(learner.get(email)!)).id, step: webinarStep },
      at,
    )
  const review = (id: string, decision: 'approve' | 'return', comment: string, at: Date) =>
    reviewPractice(trainer, bus, id, { decision, comment }, settings.origin, at)
  const erika = await alternative(excused, bilingualForms, onDay(-6))
  await review(erika.id, 'approve', 'Hvala, jasno i korisno za druge opštine.', onDay(-5))
  const nikola = await alternative(returned, thinPractice, onDay(-5))
  await review(nikola.id, 'return', returnComment, onDay(-4))
  await alternative(absent, waitingPractice, onDay(-2))

  // The library: collected by the coordinator, approved by the trainer.
  for (const [index, { place, ...text }] of libraryPractices.entries()) {
    const municipality = place
      ? (
          await listMunicipalities(db, {
            country: place.country,
            q: place.name,
            limit: 20,
            offset: 0,
          })
        ).items.find((candidate) => candidate.name === place.name)
      : undefined
    if (place && !municipality) throw new Error(`no municipality ${place.name} (${place.country})`)
    const submitted = await submitPractice(
      coordinator,
      {
        ...text,
        ...(place ? { countryCode: place.country, municipalityId: municipality!.id } : {}),
      },
      onDay(-20 + index),
    )
    await review(
      submitted.id,
      'approve',
      'Odobreno za biblioteku dobrih praksi.',
      onDay(-19 + index),
    )
  }

  // Who attended or was excused through a practice finishes the course and evaluates it.
  const finishers = [...attended, excused].map((email) => learner.get(email)!)
  for (const [index, person] of finishers.entries()) {
    await learn(person, modulesAfter)
    const enrolment = await enrolmentOf(person)
    const answers = evaluations[index % evaluations.length]!
    await sendEvent(
      contextOf(db, person),
      bus,
      enrolment.id,
      {
        type: 'survey.submitted',
        step: 'evaluation',
        expectedVersion: enrolment.version,
        answers: Object.fromEntries(answers.map((answer, question) => [String(question), answer])),
      } as unknown as EventBody,
      undefined,
    )
  }
  return `Seeded the peer exchange of ${peerExchangeCourse}: 3 webinar sessions (1 past with attendance, 2 upcoming; ${upcoming.length} registered for the cluster's), ${libraryPractices.length + 1} approved good practices, 1 in the review queue, 1 returned, and ${finishers.length} anonymous evaluations.`
}
