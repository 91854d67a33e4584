import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import { checkJpeg, Counters, isRecord, readJson, TokenBook, type PreloadEntry, type SimCredentials, type SimOptions, type SimRecord } from './common'
import { json, type Faults, type SimReply, type SimRequest } from './server'

/**
 * Tuya smart building personnel (iot-02), from 004_…txt plus Tuya's published signing and global
 * error codes. Verified like the cloud: client_id, the HMAC-SHA256 sign (recomputed here from the
 * raw request, independently of the connector's code), the request time window, the token.
 * Every request is held to the document's tables (`PARAMETERS` below): a parameter the table of
 * that call does not list, or of another type than it says (String, int, float, String[],
 * boolean), is refused, and so are values outside a listed value set. The lists show enabled
 * persons only unless asked for disabled ones (`enabled` "Default value: 1").
 * The document leaves open (the simulator's choices, each the least forgiving reading):
 * - unknown parameters are refused (1109), wrong types too (1104), where a lenient server might ignore them;
 * - a String parameter that is given must hold a value: "" is refused (1109 "param is illegal"),
 *   so an empty `mobile` or `email` is never taken as "none" or as "clear it";
 * - mobile: 4–15 digits, 11 starting with 1 for +86 (the sample's form); email: name@domain;
 * - personCode is not unique: adding the same code twice makes two persons;
 * - the list's personCode filter matches substrings (the connector must compare exactly);
 * - a name is required to add (1100); sex 0–2, enabled 1–2, structureId must exist (1109);
 * - a personId given to add is ignored: Tuya assigns the id (the add answers only `true`);
 * - imagePath must name an image given to `uploadFace` (the undocumented upload), ≤ 1 MB JPEG;
 * - GET parameters (marked "body") are read from the query string, the only place a GET has;
 * - answers are snake_case, like the list sample; the recycle list says `hasMore`, like its sample.
 */
export interface TuyaSimOptions extends SimOptions {
  /** ms either side of the server clock a request's `t` may be; Tuya's exact window is not published. */
  timeWindowMs?: number
  structures?: Record<string, string>
  maxPhotoBytes?: number
}

interface TuyaPerson {
  personId: string
  personCode: string | null
  name: string
  enabled: 1 | 2
  sex: number
  mobileCountry: string
  mobile: string
  email: string
  certArea: string
  certType: string
  certNo: string
  imagePath: string
  imageRating: number
  structureIds: string[]
  recycled: boolean
}

const CLIENT_ID = 'simtuyaclient0000001'
const SECRET = 'simtuyasecret00000000000000000001'
const PROJECT_ID = '1424615984265764001'
const ROOT_STRUCTURE = '1466612511766855001'
const PERSONNEL = '/v1.0/iot-02/building/personnel'
const FIELDS = ['name', 'sex', 'enabled', 'mobileCountry', 'mobile', 'email', 'certArea', 'certType', 'certNo', 'imagePath', 'imageRating', 'personCode'] as const

type ParamType = 'String' | 'int' | 'float' | 'String[]' | 'boolean'
type ParamTable = Record<string, ParamType>

/** The request parameter tables of 004_…txt, one per call, with the types they state. */
const LIST_PARAMS: ParamTable = {
  projectId: 'String',
  structureId: 'String',
  searchType: 'int',
  name: 'String',
  enabled: 'int',
  sex: 'int',
  mobile: 'String',
  email: 'String',
  certType: 'String',
  certNo: 'String',
  feature: 'String',
  personCode: 'String',
  page: 'int',
  pageSize: 'int',
}
const PERSON_PARAMS: ParamTable = {
  projectId: 'String',
  personId: 'String',
  structureId: 'String',
  name: 'String',
  enabled: 'int',
  sex: 'int',
  mobileCountry: 'String',
  mobile: 'String',
  email: 'String',
  certArea: 'String',
  certType: 'String',
  certNo: 'String',
  imagePath: 'String',
  imageRating: 'float',
  personCode: 'String',
  uploadType: 'String',
}
const BATCH_PARAMS: ParamTable = { projectId: 'String', personId: 'String', personIdList: 'String[]', targetStructureId: 'String', originStructureId: 'String' }
const PARAMETERS = {
  list: LIST_PARAMS,
  recycleList: { ...LIST_PARAMS, structureSnapshotName: 'String', isExportQuery: 'boolean' } satisfies ParamTable,
  detail: { personId: 'String', projectId: 'String' } satisfies ParamTable,
  add: PERSON_PARAMS,
  edit: { ...PERSON_PARAMS, originStructureId: 'String' } satisfies ParamTable,
  // The table lists personIdList only; the sample request sends personId: both are the document.
  disable: { projectId: 'String', personIdList: 'String[]', personId: 'String' } satisfies ParamTable,
  delete: BATCH_PARAMS,
  recover: BATCH_PARAMS,
} as const
/** The value sets the tables give (sex: 0 unknown, 1 male, 2 female; enabled and searchType 1 or 2). */
const VALUE_SETS: Record<string, number[]> = { sex: [0, 1, 2], enabled: [1, 2], searchType: [1, 2] }

type Problem = { code: number; msg: string }
const illegal = (field: string): Problem => ({ code: 1109, msg: `param is illegal, please check it: ${field}` })

/** A JSON body against its call's table: unknown names, wrong types, empty Strings, values outside a set. */
function bodyProblem(body: Record<string, unknown>, table: ParamTable): Problem | null {
  for (const [field, value] of Object.entries(body)) {
    const type = table[field]
    if (!type) return illegal(field)
    const typed =
      type === 'String' ? typeof value === 'string'
      : type === 'int' ? Number.isInteger(value)
      : type === 'float' ? typeof value === 'number' && Number.isFinite(value)
      : type === 'boolean' ? typeof value === 'boolean'
      : Array.isArray(value) && value.every((item) => typeof item === 'string' && item !== '')
    if (!typed) return { code: 1104, msg: `type is incorrect: ${field}` }
    const problem = valueProblem(field, value)
    if (problem) return problem
  }
  return null
}

/** Query parameters (all text on the wire) against the table: the same rules, ints and booleans as their digits / words. */
function queryProblem(query: URLSearchParams, table: ParamTable): Problem | null {
  for (const [field, text] of query) {
    const type = table[field]
    if (!type) return illegal(field)
    if ((type === 'int' && !/^-?\d+$/.test(text)) || (type === 'boolean' && text !== 'true' && text !== 'false')) return { code: 1104, msg: `type is incorrect: ${field}` }
    const problem = valueProblem(field, type === 'int' ? Number(text) : text)
    if (problem) return problem
  }
  return null
}

function valueProblem(field: string, value: unknown): Problem | null {
  if (value === '') return illegal(field)
  const set = VALUE_SETS[field]
  if (set && !set.includes(value as number)) return { code: 1101, msg: `params range invalid: ${field}` }
  if (field === 'mobile' && !/^\d{4,15}$/.test(String(value))) return illegal(field)
  if (field === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(String(value))) return illegal(field)
  if (field === 'mobileCountry' && !/^\+\d{1,3}$/.test(String(value))) return illegal(field)
  if ((field === 'page' || field === 'pageSize') && (value as number) < 1) return { code: 1101, msg: `params range invalid: ${field}` }
  return null
}

export function createTuyaSim(options: TuyaSimOptions, faults: () => Faults) {
  const now = options.now ?? Date.now
  const window = options.timeWindowMs ?? 5 * 60_000
  const structures = options.structures ?? { [ROOT_STRUCTURE]: 'Root Organization', '1466612511766855002': 'Staff', '1466612511766855003': 'Visitors' }
  const maxPhotoBytes = options.maxPhotoBytes ?? 1024 * 1024
  const tokens = new TokenBook(options.tokenTtlMs ?? 7_200_000, now, faults)
  const refreshTokens = new Map<string, string>()
  const persons = new Map<string, TuyaPerson>()
  const images = new Set<string>()
  const counters = new Counters()
  let nextId = 1567428253323362000n

  const envelope = (result: unknown) => json(200, { result, success: true, t: now(), tid: `sim${now()}` })
  const refuse = (code: number, msg: string, status = 200) => json(status, { code, msg, success: false, t: now(), tid: `sim${now()}` })

  function verify(request: SimRequest, withToken: boolean): SimReply | null {
    if (request.header('client_id') !== CLIENT_ID) return refuse(1005, 'clientId invalid')
    if (request.header('sign_method') !== 'HMAC-SHA256') return refuse(1004, 'sign invalid')
    const t = request.header('t') ?? ''
    if (!/^\d{13}$/.test(t) || Math.abs(Number(t) - now()) > window) return refuse(1013, 'request time is invalid')
    const accessToken = withToken ? (request.header('access_token') ?? '') : ''
    if (withToken && !accessToken) return refuse(1002, 'access_token is null')
    const signedHeaderNames = (request.header('Signature-Headers') ?? '').split(':').filter(Boolean)
    const headerLines = signedHeaderNames.map((name) => `${name}:${request.header(name) ?? ''}\n`).join('')
    const sortedQuery = [...request.query.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    const url = sortedQuery.length ? `${request.path}?${sortedQuery.map(([k, v]) => `${k}=${v}`).join('&')}` : request.path
    const contentHash = createHash('sha256').update(request.body).digest('hex')
    const str = `${CLIENT_ID}${accessToken}${t}${request.header('nonce') ?? ''}${request.method}\n${contentHash}\n${headerLines}\n${url}`
    const expected = Buffer.from(createHmac('sha256', SECRET).update(str).digest('hex').toUpperCase())
    const given = Buffer.from(request.header('sign') ?? '')
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return refuse(1004, 'sign invalid')
    if (!withToken) return null
    const use = tokens.use(accessToken)
    if (use.state === 'expired') return refuse(1010, 'token is expired')
    if (use.state !== 'ok') return refuse(1011, 'token invalid')
    return null
  }

  function grant(): SimReply {
    counters.logins++
    const accessToken = tokens.issue()
    const refreshToken = tokens.issue().slice(0, 32)
    refreshTokens.set(refreshToken, accessToken)
    return envelope({ access_token: accessToken, expire_time: tokens.ttlSeconds, refresh_token: refreshToken, uid: 'simuid0001' })
  }

  function checkFields(body: Record<string, unknown>, table: ParamTable, adding: boolean): SimReply | null {
    if (adding && (typeof body.name !== 'string' || body.name.trim() === '')) return refuse(1100, 'param is empty: name')
    const problem = bodyProblem(body, table)
    if (problem) return refuse(problem.code, problem.msg)
    // +86 is the sample's country: its mobiles are 11 digits starting with 1, like the sample's "18858286***"
    if (body.mobile !== undefined && (body.mobileCountry ?? '+86') === '+86' && !/^1\d{10}$/.test(String(body.mobile))) return refuse(1109, 'param is illegal, please check it: mobile')
    if (body.structureId !== undefined && !(String(body.structureId) in structures)) return refuse(1109, 'param is illegal, please check it: structureId')
    if (body.imagePath !== undefined && !images.has(String(body.imagePath))) return refuse(1109, 'param is illegal, please check it: imagePath')
    if (body.imageRating !== undefined && !((body.imageRating as number) >= 0 && (body.imageRating as number) <= 100)) return refuse(1101, 'params range invalid: imageRating')
    return null
  }

  function apply(person: TuyaPerson, body: Record<string, unknown>): void {
    for (const field of FIELDS) if (body[field] !== undefined && body[field] !== null) (person as unknown as Record<string, unknown>)[field] = body[field]
    if (body.structureId !== undefined) person.structureIds = [String(body.structureId)]
  }

  function row(person: TuyaPerson) {
    return {
      person_id: person.personId,
      name: person.name,
      enabled: person.enabled,
      sex: person.sex,
      sex_str: ['Unknown', 'Male', 'Female'][person.sex] ?? '',
      mobile_country: person.mobileCountry,
      mobile: person.mobile,
      email: person.email,
      cert_area: person.certArea,
      cert_type: person.certType,
      cert_no: person.certNo,
      image_path: person.imagePath,
      image_rating: person.imageRating,
      person_code: person.personCode ?? '',
      structure_ids: person.structureIds,
      structure_names: person.structureIds.map((id) => structures[id] ?? ''),
      structure_name: person.structureIds.map((id) => structures[id] ?? '').join(','),
    }
  }

  function list(query: URLSearchParams, recycled: boolean): SimReply {
    const problem = queryProblem(query, recycled ? PARAMETERS.recycleList : PARAMETERS.list)
    if (problem) return refuse(problem.code, problem.msg)
    if ((query.get('projectId') ?? PROJECT_ID) !== PROJECT_ID) return refuse(1106, 'permission deny')
    const code = query.get('personCode')
    const name = query.get('name')
    // "enabled … Default value: 1": a list that does not ask for disabled persons does not show them
    const enabled = Number(query.get('enabled') ?? 1)
    const page = Number(query.get('page') ?? 1)
    const pageSize = Math.min(200, Number(query.get('pageSize') ?? 20))
    const matching = [...persons.values()].filter(
      (p) => p.recycled === recycled && p.enabled === enabled && (!code || (p.personCode ?? '').includes(code)) && (!name || p.name.includes(name)),
    )
    const slice = matching.slice((page - 1) * pageSize, page * pageSize)
    const more = page * pageSize < matching.length
    return envelope(recycled ? { total: matching.length, list: slice.map(row), hasMore: more } : { has_more: more, list: slice.map(row), total: matching.length })
  }

  function idsOf(body: Record<string, unknown>): string[] {
    const ids = Array.isArray(body.personIdList) ? body.personIdList.map(String) : []
    if (typeof body.personId === 'string' && body.personId) ids.push(body.personId)
    return [...new Set(ids)]
  }

  function live(id: string, recycled = false): TuyaPerson | undefined {
    const person = persons.get(id)
    return person && person.recycled === recycled ? person : undefined
  }

  async function personnel(request: SimRequest): Promise<SimReply> {
    const { method, path } = request
    if (method === 'GET' && path === PERSONNEL) return list(request.query, false)
    if (method === 'GET' && path === `${PERSONNEL}/recycle-list`) return list(request.query, true)
    const detail = /^\/v1\.0\/iot-02\/building\/personnel\/([^/]+)\/(actions\/detail|recycle-detail)$/.exec(path)
    if (method === 'GET' && detail) {
      const problem = queryProblem(request.query, PARAMETERS.detail)
      if (problem) return refuse(problem.code, problem.msg)
      const person = live(detail[1], detail[2] === 'recycle-detail')
      return person ? envelope(row(person)) : refuse(1000, 'data not exist')
    }
    if ([...request.query.keys()].length > 0) return refuse(1109, `param is illegal, please check it: ${[...request.query.keys()][0]}`)
    const body = readJson(request.body)
    if (!isRecord(body)) return refuse(1109, 'param is illegal, please check it')
    if ((body.projectId ?? PROJECT_ID) !== PROJECT_ID) return refuse(1106, 'permission deny')

    if (method === 'POST' && path === PERSONNEL) {
      const invalid = checkFields(body, PARAMETERS.add, true)
      if (invalid) return invalid
      const person: TuyaPerson = {
        personId: String(nextId++),
        personCode: null,
        name: '',
        enabled: 1,
        sex: 0,
        mobileCountry: '',
        mobile: '',
        email: '',
        certArea: '',
        certType: '',
        certNo: '',
        imagePath: '',
        imageRating: 0,
        structureIds: [ROOT_STRUCTURE],
        recycled: false,
      }
      apply(person, body)
      persons.set(person.personId, person)
      counters.creates++
      return envelope(true)
    }
    if (method === 'PUT' && path === PERSONNEL) {
      const invalid = checkFields(body, PARAMETERS.edit, false)
      if (invalid) return invalid
      if (body.personId === undefined) return refuse(1100, 'param is empty: personId')
      const person = live(String(body.personId))
      if (!person) return refuse(1000, 'data not exist')
      if (body.originStructureId !== undefined && !person.structureIds.includes(String(body.originStructureId))) {
        return refuse(1109, 'param is illegal, please check it: originStructureId')
      }
      apply(person, body)
      counters.updates++
      return envelope(true)
    }
    const action = /^\/v1\.0\/iot-02\/building\/personnel\/actions\/(disable|delete|recover)$/.exec(path)
    const expected = { disable: 'PUT', delete: 'DELETE', recover: 'PUT' } as const
    if (action && method === expected[action[1] as keyof typeof expected]) {
      const problem = bodyProblem(body, PARAMETERS[action[1] as keyof typeof expected])
      if (problem) return refuse(problem.code, problem.msg)
      const ids = idsOf(body)
      const found = ids.map((id) => live(id, action[1] === 'recover')).filter((p): p is TuyaPerson => p !== undefined)
      if (ids.length === 0) return refuse(1100, 'param is empty: personIdList')
      if (found.length === 0) return refuse(1000, 'data not exist')
      for (const person of found) {
        if (action[1] === 'disable') person.enabled = 2
        else person.recycled = action[1] === 'delete'
      }
      if (action[1] === 'delete') counters.deletes += found.length
      else counters.updates += found.length
      return envelope(true)
    }
    return refuse(1108, 'uri path invalid')
  }

  async function handler(request: SimRequest): Promise<SimReply> {
    if (request.method === 'GET' && request.path === '/v1.0/token') {
      const invalid = verify(request, false)
      if (invalid) return invalid
      if (request.query.get('grant_type') !== '1') return refuse(1003, 'grant type invalid')
      return grant()
    }
    const refresh = /^\/v1\.0\/token\/([^/]+)$/.exec(request.path)
    if (request.method === 'GET' && refresh) {
      const invalid = verify(request, false)
      if (invalid) return invalid
      const old = refreshTokens.get(refresh[1])
      if (!old) return refuse(1012, 'token status is invalid')
      refreshTokens.delete(refresh[1])
      tokens.revoke(old)
      return grant()
    }
    const invalid = verify(request, true)
    if (invalid) return invalid
    return personnel(request)
  }

  const credentials = (baseUrl: string): SimCredentials => ({
    baseUrl,
    settings: { clientId: CLIENT_ID, projectId: PROJECT_ID },
    secrets: { clientSecret: SECRET },
    cliArgs: ['--client-id', CLIENT_ID, '--client-secret', SECRET, '--project-id', PROJECT_ID],
  })

  return {
    handler,
    counters,
    credentials,
    faultReply: (status: number): SimReply =>
      status === 429 ? refuse(1199, 'your requests are too frequent', 429) : refuse(500, 'system error, please contact the admin', status),
    records: (): SimRecord[] =>
      [...persons.values()].map((p) => ({
        remoteId: p.personId,
        personCode: p.personCode,
        name: p.name,
        enabled: p.enabled === 1,
        deleted: p.recycled,
        raw: row(p),
      })),
    preload(entries: PreloadEntry[]) {
      for (const entry of entries) {
        persons.set(entry.remoteId, {
          ...{ mobileCountry: '', mobile: '', email: '', certArea: '', certType: '', certNo: '', imagePath: '', imageRating: 0, sex: 0 },
          personId: entry.remoteId,
          personCode: entry.personCode ?? null,
          name: entry.name ?? entry.remoteId,
          enabled: 1,
          structureIds: [ROOT_STRUCTURE],
          recycled: false,
        })
      }
    },
    /** A change made in Tuya's own console, outside the API (and its checks). */
    editInConsole(personId: string, fields: Partial<Pick<TuyaPerson, 'mobile' | 'mobileCountry' | 'email' | 'name'>>) {
      const person = persons.get(personId)
      if (!person) throw new Error(`no Tuya person ${personId}`)
      Object.assign(person, fields)
    },
    /** Stands in for Tuya's undocumented face upload: checks the JPEG, returns an imagePath. */
    async uploadFace(jpeg: Buffer): Promise<string> {
      const problem = await checkJpeg(jpeg, maxPhotoBytes)
      if (problem) throw new Error(`Tuya face upload refused: ${problem}`)
      const path = `saas/building/building_faceImg/${createHash('sha256').update(jpeg).digest('hex').slice(0, 24)}.jpg`
      images.add(path)
      return path
    },
    structures,
  }
}

/** What startSimulator('tuya') runs (found by this file's name; see index.ts). */
export const simulator = createTuyaSim

declare module './index' {
  interface SimulatorKinds {
    tuya: typeof createTuyaSim
  }
}
