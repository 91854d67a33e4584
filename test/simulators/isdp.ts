import { Counters, isRecord, readJson, TokenBook, type PreloadEntry, type SimCredentials, type SimOptions, type SimRecord } from './common'
import { json, type Faults, type SimReply, type SimRequest } from './server'

/**
 * ISDP person/update (001_…txt) behind ISDP+'s password-grant token call
 * (POST /oauth2/oauth/rest_token, support.huaweicloud.com/api-isdp/api_01_0019), with Spring
 * OAuth2's error bodies for authentication ({error, error_description}, 400/401).
 * The document's "required" column is lost; the simulator's choices:
 * - personId, personName and personType are required; personType, personStatus and
 *   certificateType must be one of the listed values; certificateNo is required with a type;
 * - adminOrgId, when given, must be a known organization;
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
const PERSON_TYPES = ['Admin', 'Customer', 'Employee', 'Supplier', 'Other']
const PERSON_STATUSES = ['NoAccountOpened', 'OpenAccount']
const CERTIFICATE_TYPES = ['PASSPORTS', 'ID_CARD']
const STRING_FIELDS = ['personId', 'personCode', 'personName', 'personType', 'phone', 'personStatus', 'adminOrgId', 'activeFlag', 'qualificationCode', 'password', 'certificateType', 'certificateNo', 'profilePictureId']

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
    const match = /^bearer\s+(\S+)$/i.exec(authorization)
    if (!match) return oauthError(401, 'unauthorized', 'Full authentication is required to access this resource')
    const use = tokens.use(match[1])
    if (use.state === 'expired') return oauthError(401, 'invalid_token', `Access token expired: ${match[1]}`)
    if (use.state !== 'ok') return oauthError(401, 'invalid_token', `Invalid access token: ${match[1]}`)
    if (!(request.header('Content-Type') ?? '').startsWith('application/json')) return json(415, { status: 415, error: 'Unsupported Media Type' })
    const body = readJson(request.body)
    if (!isRecord(body)) return fail('请求体不是合法的JSON')
    for (const field of STRING_FIELDS) if (body[field] !== undefined && body[field] !== null && typeof body[field] !== 'string') return fail(`参数错误: ${field} 必须是字符串`)
    for (const field of ['personId', 'personName', 'personType']) if (!body[field]) return fail(`参数错误: ${field} 不能为空`)
    if (!PERSON_TYPES.includes(String(body.personType))) return fail(`参数错误: personType 取值无效 (${String(body.personType)})`)
    if (body.personStatus !== undefined && !PERSON_STATUSES.includes(String(body.personStatus))) return fail(`参数错误: personStatus 取值无效 (${String(body.personStatus)})`)
    if (body.certificateType !== undefined) {
      if (!CERTIFICATE_TYPES.includes(String(body.certificateType))) return fail(`参数错误: certificateType 取值无效 (${String(body.certificateType)})`)
      if (!body.certificateNo) return fail('参数错误: certificateNo 不能为空')
    }
    if (body.extPerson !== undefined && !isRecord(body.extPerson)) return fail('参数错误: extPerson 必须是对象')
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
