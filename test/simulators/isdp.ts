import { checkFields, Counters, isRecord, readJson, TokenBook, type FieldProblem, type FieldRule, type PreloadEntry, type SimCredentials, type SimOptions, type SimRecord } from './common'
import { json, type Faults, type SimReply, type SimRequest } from './server'

/**
 * ISDP person/update (001_…txt) behind ISDP+'s password-grant token call
 * (POST /oauth2/oauth/rest_token, support.huaweicloud.com/api-isdp/api_01_0019), with Spring
 * OAuth2's error bodies for authentication ({error, error_description}, 400/401).
 * Held to the document:
 * - `Authorization: bearer ${access_token}` — "bearer", one space, the token; anything else is
 *   401 {error:"unauthorized"}; `Content-Type: application/json` (415 otherwise);
 * - the body holds only the fields of the request table, typed as it says (String, Map,
 *   List<Map>, Integer), the extPerson / qualificationList / roleRuleList / personPositionList
 *   maps only their listed keys (plus personQualId, which the request sample shows); a String
 *   that is given must hold a value ("" is no phone number, no id, no type);
 * - personType, personStatus and certificateType from their listed values; a certificateNo
 *   needs its certificateType ("增加证件时必填") and a type its number;
 * - phone: digits, optionally "+" and the country code (the sample's "13822150727");
 * - answers like the response sample: {status, msg, data, failed, success}.
 * The document's "required" column is lost; the simulator's choices:
 * - personId, personName and personType are required;
 * - adminOrgId, when given, must be a known organization; activeFlag is "Y" or "N";
 * - an unknown personId is refused ("人员不存在"): update means the person exists;
 * - refusals come as HTTP 200 {status:"fail", msg, data:null, failed:true, success:false}.
 */
export interface IsdpSimOptions extends SimOptions {
  orgs?: string[]
}

const CLIENT_ID = 'isdp-sim-openapi'
const CLIENT_SECRET = 'isdp-sim-openapi'
const USERNAME = 'simAppId0001'
const PASSWORD = 'simAppToken0001'
const text: FieldRule = { type: 'string', nonEmpty: true }

/** The request table of person/update, with the types it states. */
const UPDATE_FIELDS: Record<string, FieldRule> = {
  personId: { ...text, required: true },
  personCode: text,
  personName: { ...text, required: true },
  personType: { ...text, required: true, values: ['Admin', 'Customer', 'Employee', 'Supplier', 'Other'] },
  phone: { ...text, pattern: /^\+?\d{5,20}$/ },
  personStatus: { ...text, values: ['NoAccountOpened', 'OpenAccount'] },
  adminOrgId: text,
  activeFlag: { ...text, values: ['Y', 'N'] },
  qualificationCode: { ...text, pattern: /^[^,]+(,[^,]+)*$/ },
  extPerson: { type: 'object' },
  password: text,
  certificateType: { ...text, values: ['PASSPORTS', 'ID_CARD'] },
  certificateNo: text,
  roleRuleList: { type: 'object[]' },
  qualificationList: { type: 'object[]' },
  personPositionList: { type: 'object[]' },
  profilePictureId: text,
}

const EXT_PERSON_KEYS = [
  'gender', 'nation', 'birthplace', 'birthdate', 'employeeID', 'accessTime', 'accessMode', 'politicalProfile', 'timeOfJoinCommunistParty',
  'timeOfJoinCommunistYouthLeague', 'homeAddress', 'fatherName', 'fatherWorkCompany', 'fatherPosition', 'motherName', 'motherWorkCompany',
  'motherPosition', 'spouseName', 'spouseWorkCompany', 'spousePosition', 'degree', 'professional', 'graduationSchool', 'graduationTime',
]
const EXT_PERSON_FIELDS: Record<string, FieldRule> = Object.fromEntries(EXT_PERSON_KEYS.map((key) => [key, text]))

/** The maps inside the three lists, as their tables (and, for personQualId, the sample) show them. */
const LIST_ITEM_FIELDS: Record<string, Record<string, FieldRule>> = {
  qualificationList: { personQualId: text, skillDomainName: text, skillName: text, skillLevelName: text, startDate: text, endDate: text, hireStatus: { type: 'int', values: [0, 1] } },
  roleRuleList: { roleNo: text, ruleCode: text },
  personPositionList: { positionId: text },
}

export function createIsdpSim(options: IsdpSimOptions, faults: () => Faults) {
  const now = options.now ?? Date.now
  const orgs = new Set(options.orgs ?? ['9911293975', '9911293976'])
  const tokens = new TokenBook(options.tokenTtlMs ?? 359_000, now, faults)
  const persons = new Map<string, Record<string, unknown>>()
  const counters = new Counters()

  const oauthError = (status: number, error: string, description: string) => json(status, { error, error_description: description })
  const fail = (msg: string) => json(200, { status: 'fail', msg, data: null, failed: true, success: false })

  function token(request: SimRequest): SimReply {
    const body = readJson(request.body)
    if (!isRecord(body)) return oauthError(400, 'invalid_request', 'Missing grant type')
    if (body.client_id !== CLIENT_ID || body.client_secret !== CLIENT_SECRET) return oauthError(401, 'invalid_client', 'Bad client credentials')
    if (body.grant_type !== 'password') return oauthError(400, 'unsupported_grant_type', `Unsupported grant type: ${String(body.grant_type)}`)
    if (body.username !== USERNAME || body.password !== PASSWORD) return oauthError(400, 'invalid_grant', 'Bad credentials')
    counters.logins++
    return json(200, {
      access_token: tokens.issue(USERNAME),
      token_type: 'bearer',
      expires_in: tokens.ttlSeconds,
      scope: 'all',
      plat_user: { userId: 107027, userNo: USERNAME, userName: 'simulator', userType: 'API', tenantId: 50222, status: '0' },
    })
  }

  function update(request: SimRequest): SimReply {
    const authorization = request.header('Authorization') ?? ''
    const match = /^bearer (\S+)$/.exec(authorization)
    if (!match) return oauthError(401, 'unauthorized', 'Full authentication is required to access this resource')
    const use = tokens.use(match[1])
    if (use.state === 'expired') return oauthError(401, 'invalid_token', `Access token expired: ${match[1]}`)
    if (use.state !== 'ok') return oauthError(401, 'invalid_token', `Invalid access token: ${match[1]}`)
    if (!(request.header('Content-Type') ?? '').startsWith('application/json')) return json(415, { status: 415, error: 'Unsupported Media Type' })
    const body = readJson(request.body)
    if (!isRecord(body)) return fail('请求体不是合法的JSON')
    const problem = checkBody(body)
    if (problem) return fail(`参数错误: ${describeProblem(problem)}`)
    if (body.certificateNo !== undefined && body.certificateType === undefined) return fail('参数错误: 增加证件时 certificateType 必填')
    if (body.certificateType !== undefined && body.certificateNo === undefined) return fail('参数错误: certificateNo 不能为空')
    if (body.adminOrgId !== undefined && !orgs.has(String(body.adminOrgId))) return fail(`adminOrgId 无效: ${String(body.adminOrgId)}`)
    const existing = persons.get(String(body.personId))
    if (!existing) return fail(`人员不存在: personId=${String(body.personId)}`)
    Object.assign(existing, body, { extPerson: { ...(existing.extPerson as object), ...(body.extPerson as object) } })
    counters.updates++
    return json(200, { status: 'success', msg: null, data: null, failed: false, success: true })
  }

  function handler(request: SimRequest): SimReply {
    if (request.method === 'POST' && request.path === '/oauth2/oauth/rest_token') return token(request)
    if (request.method === 'POST' && request.path === '/openapi/v1/person/update') return update(request)
    return json(404, { timestamp: new Date(now()).toISOString(), status: 404, error: 'Not Found', path: request.path })
  }

  const credentials = (baseUrl: string): SimCredentials => ({
    baseUrl,
    settings: { clientId: CLIENT_ID, username: USERNAME, adminOrgId: [...orgs][0] },
    secrets: { clientSecret: CLIENT_SECRET, password: PASSWORD },
    cliArgs: ['--client-id', CLIENT_ID, '--client-secret', CLIENT_SECRET, '--username', USERNAME, '--password', PASSWORD, '--admin-org-id', [...orgs][0]],
  })

  return {
    handler,
    counters,
    credentials,
    faultReply: (status: number) => json(status, { timestamp: new Date(now()).toISOString(), status, error: status === 429 ? 'Too Many Requests' : 'Internal Server Error' }),
    records: (): SimRecord[] =>
      [...persons.values()].map((p) => ({
        remoteId: String(p.personId),
        personCode: typeof p.personCode === 'string' ? p.personCode : null,
        name: typeof p.personName === 'string' ? p.personName : null,
        enabled: null,
        deleted: false,
        raw: { ...p },
      })),
    preload(entries: PreloadEntry[]) {
      for (const entry of entries) {
        persons.set(entry.remoteId, { personId: entry.remoteId, personCode: entry.personCode ?? entry.remoteId, personName: entry.name ?? entry.remoteId, personType: 'Employee', extPerson: {} })
      }
    },
  }
}

function checkBody(body: Record<string, unknown>): FieldProblem | null {
  const problem = checkFields(body, UPDATE_FIELDS)
  if (problem) return problem
  if (isRecord(body.extPerson)) {
    const inExt = checkFields(body.extPerson, EXT_PERSON_FIELDS, 'extPerson.')
    if (inExt) return inExt
  }
  for (const [list, fields] of Object.entries(LIST_ITEM_FIELDS)) {
    const items = (body[list] ?? []) as Record<string, unknown>[]
    for (const [index, item] of items.entries()) {
      const inItem = checkFields(item, fields, `${list}[${index}].`)
      if (inItem) return inItem
    }
  }
  return null
}

function describeProblem(problem: FieldProblem): string {
  switch (problem.problem) {
    case 'unknown':
      return `未知参数 ${problem.field}`
    case 'required':
    case 'empty':
      return `${problem.field} 不能为空`
    case 'type':
      return `${problem.field} 必须是 ${{ string: 'String', int: 'Integer', number: 'Number', boolean: 'Boolean', object: 'Map', 'string[]': 'List<String>', 'object[]': 'List<Map>' }[problem.expected]}`
    case 'value':
      return `${problem.field} 取值无效 (${String(problem.value)})`
    case 'format':
      return `${problem.field} 格式不正确 (${problem.value})`
  }
}

/** What startSimulator('isdp') runs (found by this file's name; see index.ts). */
export const simulator = createIsdpSim

declare module './index' {
  interface SimulatorKinds {
    isdp: typeof createIsdpSim
  }
}
