// The xAPI 1.0.3 rules a stored statement must keep (Data, part two of the specification), checked
// in tests: what an LRS would refuse (required properties, IRIs, UUIDs, timestamps, scores,
// language maps) and what Agora promises on top (an account, never an e-mail address).

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i
const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i
// ISO 8601 date and time with a zone (Z or ±hh:mm), as xAPI's timestamp requires.
const isoWithZone = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/
// RFC 5646 language tag (the shapes Agora uses: language, script, region).
const languageTag = /^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|\d{3}))?$/

const statementKeys = new Set([
  'id',
  'actor',
  'verb',
  'object',
  'result',
  'context',
  'timestamp',
  'stored',
  'authority',
  'version',
  'attachments',
])

function isAbsoluteIri(value: unknown): boolean {
  if (typeof value !== 'string' || /\s/.test(value)) return false
  try {
    const url = new URL(value)
    return /^[a-z][a-z0-9+.-]*:$/.test(url.protocol) && url.href.length > url.protocol.length
  } catch {
    return false
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** The rules a statement breaks, by JSON pointer; empty when it keeps them all. */
export function xapiProblems(statement: unknown): string[] {
  const problems: string[] = []
  const fail = (pointer: string, reason: string) => problems.push(`${pointer}: ${reason}`)
  if (!isObject(statement)) return ['/: not an object']

  for (const key of Object.keys(statement))
    if (!statementKeys.has(key)) fail(`/${key}`, 'not a statement property')
  for (const key of ['id', 'actor', 'verb', 'object'])
    if (statement[key] === undefined) fail(`/${key}`, 'required')

  if (typeof statement.id !== 'string' || !uuidV4.test(statement.id)) fail('/id', 'not a v4 UUID')
  if (typeof statement.version !== 'string' || !/^1\.0\.\d+$/.test(statement.version))
    fail('/version', 'not 1.0.x')
  else if (statement.version !== '1.0.3') fail('/version', 'not 1.0.3')
  if (typeof statement.timestamp !== 'string' || !isoWithZone.test(statement.timestamp))
    fail('/timestamp', 'not ISO 8601 with a zone')
  else if (Number.isNaN(Date.parse(statement.timestamp))) fail('/timestamp', 'not a real instant')

  checkAgent(statement.actor, '/actor', fail)

  const verb = statement.verb
  if (!isObject(verb)) fail('/verb', 'not an object')
  else {
    if (!isAbsoluteIri(verb.id)) fail('/verb/id', 'not an absolute IRI')
    if (verb.display === undefined) fail('/verb/display', 'missing (Agora always names its verbs)')
    else checkLanguageMap(verb.display, '/verb/display', fail)
  }

  checkActivity(statement.object, '/object', fail)

  const result = statement.result
  if (result !== undefined) {
    if (!isObject(result)) fail('/result', 'not an object')
    else {
      for (const key of Object.keys(result))
        if (!['score', 'success', 'completion', 'response', 'duration', 'extensions'].includes(key))
          fail(`/result/${key}`, 'not a result property')
      if (result.score !== undefined) {
        if (!isObject(result.score)) fail('/result/score', 'not an object')
        else {
          const scaled = result.score.scaled
          if (scaled !== undefined && (typeof scaled !== 'number' || scaled < -1 || scaled > 1))
            fail('/result/score/scaled', 'not a number from -1 to 1')
        }
      }
      for (const key of ['success', 'completion'])
        if (result[key] !== undefined && typeof result[key] !== 'boolean')
          fail(`/result/${key}`, 'not a boolean')
      checkExtensions(result.extensions, '/result/extensions', fail)
    }
  }

  const context = statement.context
  if (context !== undefined) {
    if (!isObject(context)) fail('/context', 'not an object')
    else {
      for (const key of Object.keys(context))
        if (
          ![
            'registration',
            'instructor',
            'team',
            'contextActivities',
            'revision',
            'platform',
            'language',
            'statement',
            'extensions',
          ].includes(key)
        )
          fail(`/context/${key}`, 'not a context property')
      if (context.registration !== undefined)
        if (typeof context.registration !== 'string' || !uuid.test(context.registration))
          fail('/context/registration', 'not a UUID')
      if (context.instructor !== undefined)
        checkAgent(context.instructor, '/context/instructor', fail)
      if (context.language !== undefined)
        if (typeof context.language !== 'string' || !languageTag.test(context.language))
          fail('/context/language', 'not an RFC 5646 tag')
      if (context.platform !== undefined && typeof context.platform !== 'string')
        fail('/context/platform', 'not a string')
      const activities = context.contextActivities
      if (activities !== undefined) {
        if (!isObject(activities)) fail('/context/contextActivities', 'not an object')
        else
          for (const [key, value] of Object.entries(activities)) {
            const at = `/context/contextActivities/${key}`
            if (!['parent', 'grouping', 'category', 'other'].includes(key))
              fail(at, 'not a context activity kind')
            const list = Array.isArray(value) ? value : [value]
            if (list.length === 0) fail(at, 'empty')
            list.forEach((item, index) => checkActivity(item, `${at}/${index}`, fail))
          }
      }
      checkExtensions(context.extensions, '/context/extensions', fail)
    }
  }
  return problems
}

function checkAgent(agent: unknown, at: string, fail: (pointer: string, reason: string) => void) {
  if (!isObject(agent)) return fail(at, 'not an object')
  if (agent.objectType !== undefined && agent.objectType !== 'Agent') fail(at, 'not an Agent')
  const ifis = ['mbox', 'mbox_sha1sum', 'openid', 'account'].filter((key) => key in agent)
  if (ifis.length !== 1) fail(at, `needs exactly one identifier, has ${ifis.length}`)
  for (const key of ['mbox', 'mbox_sha1sum', 'openid'])
    if (key in agent) fail(`${at}/${key}`, 'Agora identifies people by account only')
  const account = agent.account
  if (!isObject(account)) return fail(`${at}/account`, 'not an object')
  if (!isAbsoluteIri(account.homePage)) fail(`${at}/account/homePage`, 'not an absolute IRL')
  if (typeof account.name !== 'string' || account.name === '') fail(`${at}/account/name`, 'empty')
  else if (account.name.includes('@')) fail(`${at}/account/name`, 'looks like an e-mail address')
}

function checkActivity(
  activity: unknown,
  at: string,
  fail: (pointer: string, reason: string) => void,
) {
  if (!isObject(activity)) return fail(at, 'not an object')
  if (activity.objectType !== undefined && activity.objectType !== 'Activity')
    fail(`${at}/objectType`, 'not an Activity')
  if (!isAbsoluteIri(activity.id)) fail(`${at}/id`, 'not an absolute IRI')
  const definition = activity.definition
  if (definition === undefined) return
  if (!isObject(definition)) return fail(`${at}/definition`, 'not an object')
  if (definition.type !== undefined && !isAbsoluteIri(definition.type))
    fail(`${at}/definition/type`, 'not an absolute IRI')
  for (const key of ['name', 'description'])
    if (definition[key] !== undefined)
      checkLanguageMap(definition[key], `${at}/definition/${key}`, fail)
}

function checkLanguageMap(
  map: unknown,
  at: string,
  fail: (pointer: string, reason: string) => void,
) {
  if (!isObject(map) || Object.keys(map).length === 0) return fail(at, 'not a language map')
  for (const [tag, text] of Object.entries(map)) {
    if (!languageTag.test(tag)) fail(`${at}/${tag}`, 'not an RFC 5646 tag')
    if (typeof text !== 'string') fail(`${at}/${tag}`, 'not a string')
  }
}

function checkExtensions(
  extensions: unknown,
  at: string,
  fail: (pointer: string, reason: string) => void,
) {
  if (extensions === undefined) return
  if (!isObject(extensions)) return fail(at, 'not an object')
  for (const key of Object.keys(extensions))
    if (!isAbsoluteIri(key)) fail(`${at}/${key}`, 'key is not an absolute IRI')
}
