import { z } from 'zod'
import type { FieldIssue } from '../../../../common/errors/core-error'
import { configuredHeaders, HEADER_SECRET_PREFIX, UNSTATED_LIMITS, updateOnlyCapabilities, type ConnectorContext, type ConnectorDefinition } from '../definition'
import { clearedMembers, isRecord, joinUrl, kindForStatus, noteClearing, parseJson, remoteFailure, send, unexpectedReply, type HttpReply } from '../http'
import { formatPhone, NO_MAPPING, optionalText } from '../mapping'
import { HeaderNameSchema } from '../sophon/sophon'
import { ConnectorFailure, type Connector, type ConnectorCapabilities, type OptionalPersonField, type PushChange, type PushResult, type TestSummary } from '../types'
import { testSummary } from '../failure-wording'

export const HyapiSettingsSchema = z.object({
  format: z.enum(['json', 'xml']).default('json'),
  /** The admin credential's header name(s); values are secrets. The document does not name the scheme. */
  headerNames: z.array(HeaderNameSchema).default([]),
  /** The document's path has no leading slash: it sits under the service's virtual directory. */
  servicePath: z.string().trim().default('HYAPI/AssistantService'),
})
export type HyapiSettings = z.output<typeof HyapiSettingsSchema>

/** An account id no one has: the probe's GET reads nothing even where a read exists. */
const PROBE_ACCOUNT = 'enrollment-station-probe'
const DATA_CONTRACT_NS = 'http://schemas.datacontract.org/2004/07/Service.API.Model'
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance'

/**
 * HYAPI AssistantService, PUT Account/{id} ("修改用户信息", admin only). Update only: the account must
 * exist and is addressed by its linked id (default: the person code). Gaps and choices:
 * - State: the sample's 1 is taken as success; any other State is a refusal with its Message.
 * - login_ip, single_user_login and on_line describe the account's session, not the person:
 *   never sent. The optional members are left out when empty, and sent as "" only to clear a
 *   value this account was given by an earlier push.
 * - user_type values are not listed; the default mapping sends the station's own type names.
 * - Groups have no field here: they are not pushed.
 * - No read call is documented: testConnection shows that the service answers, and says that the
 *   credential is checked by the first push (see testConnection).
 */
class HyapiConnector implements Connector {
  readonly kind = 'hyapi' as const
  readonly capabilities = hyapiCapabilities()

  constructor(private readonly ctx: ConnectorContext<HyapiSettings>) {}

  validate(change: PushChange): FieldIssue[] {
    if (change.op !== 'upsert') return [{ field: 'op', message: `HYAPI documents no way to ${change.op} an account`, messageCode: 'connector.op_unsupported', params: { target: 'HYAPI', op: change.op } }]
    return []
  }

  /**
   * Only PUT Account/{id} is documented, and it writes. ASP.NET Web API selects the route and the
   * method before any authentication runs, so a GET on Account/{id} is answered 405 whatever the
   * credential: it shows that the service and its Account route are there, not that the credential
   * works. The test says so, and the first push's 401 holds the target as refusing.
   */
  async testConnection(signal?: AbortSignal): Promise<TestSummary> {
    const probe = `Account/${PROBE_ACCOUNT}`
    const reply = await this.exchange('GET', probe, undefined, signal)
    if (reply.status === 401 || reply.status === 403 || reply.status >= 500 || reply.status === 429) throw this.failure(reply, `GET ${probe}`)
    // Any other answer must at least be the service's own (a Message), not some other web server's page.
    const answer = readAnswer(reply)
    if (!answer) throw unexpectedReply('hyapi', reply, `GET ${probe}`)
    if (reply.status === 404 && answer.State === undefined) {
      throw new ConnectorFailure('refused', `HYAPI: no Account route at ${this.url('Account')}/{id}: check the base URL and the service path`, {
        target: 'hyapi',
        status: reply.status,
        remoteMessage: answer.Message,
        messageCode: 'connector.no_route',
        params: { target: 'HYAPI', url: `${this.url('Account')}/{id}`, remote: answer.Message ?? '' },
      })
    }
    return testSummary('connector.test.answers_unchecked', { target: 'HYAPI', host: new URL(this.ctx.baseUrl).host, status: String(reply.status), call: `GET ${probe}` })
  }

  async push(change: PushChange, signal?: AbortSignal): Promise<PushResult> {
    if (change.op !== 'upsert') {
      throw new ConnectorFailure('refused', `HYAPI: its API documents no way to ${change.op} an account; do it in HYAPI itself`, {
        target: 'hyapi',
        messageCode: 'connector.op_unsupported',
        params: { target: 'HYAPI', op: change.op },
      })
    }
    const id = change.remoteId ?? change.person.code
    const { person } = change
    const { mapping } = this.ctx
    const account: Record<string, string> = { user_name: person.name, user_type: mapping.types[person.type] ?? person.type }
    const optional: Array<[string, OptionalPersonField, string | undefined]> = [
      ['user_company', 'company', person.company],
      ['user_dept', 'department', person.department],
      ['user_phone', 'phone', formatPhone(person.phone, mapping.phone)],
      ['user_pos', 'position', person.position],
      ['user_remark', 'note', person.note],
    ]
    for (const [member, field, value] of optional) {
      const sent = optionalText(change, field, value)
      if (sent !== undefined) account[member] = sent
    }
    const body = this.ctx.settings.format === 'xml' ? dataContractXml('UserInformationModel', account) : JSON.stringify(account)
    const reply = await this.exchange('PUT', `Account/${encodeURIComponent(id)}`, body, signal)
    const answer = readAnswer(reply)
    if (kindForStatus(reply.status) === null && answer && Number(answer.State) === 1) return { remoteId: id, created: false }
    throw noteClearing(this.failure(reply), clearedMembers(account))
  }

  private exchange(method: 'GET' | 'PUT', path: string, body: string | undefined, signal?: AbortSignal): Promise<HttpReply> {
    const type = this.ctx.settings.format === 'xml' ? 'application/xml' : 'application/json'
    const headers: Record<string, string> = { ...configuredHeaders(this.ctx.settings.headerNames, this.ctx.secrets), Accept: type }
    if (body !== undefined) headers['Content-Type'] = `${type}; charset=utf-8`
    return send(this.ctx.http, { method, url: this.url(path), headers, body, signal })
  }

  private url(path: string): string {
    return joinUrl(this.ctx.baseUrl, `${this.ctx.settings.servicePath.replace(/^\/+|\/+$/g, '')}/${path}`)
  }

  private failure(reply: HttpReply, call = 'PUT Account'): ConnectorFailure {
    const answer = readAnswer(reply)
    if (!answer) return unexpectedReply('hyapi', reply, call)
    const message = answer.Message ?? undefined
    const state = answer.State ?? undefined
    // A static admin credential cannot be renewed: a 401 means it is wrong, not expired.
    if (reply.status === 401 || reply.status === 403) return remoteFailure('refused', 'hyapi', reply, { code: state, message, reason: 'credentials' })
    const reason = message && /不存在|not exist|not found/i.test(message) ? 'not_found' : undefined
    return remoteFailure(kindForStatus(reply.status) ?? 'refused', 'hyapi', reply, { code: state, message, reason })
  }
}

interface HyapiAnswer {
  State?: string
  Message?: string
  Data?: string
}

/** {State, Message, Data} as JSON, or as ResponseDataModelOfstring XML; ASP.NET errors carry only Message. */
function readAnswer(reply: HttpReply): HyapiAnswer | null {
  const text = reply.text.trim()
  if (text.startsWith('<')) {
    const field = (name: string) => {
      const match = new RegExp(`<(?:\\w+:)?${name}(?:\\s[^>]*)?>([\\s\\S]*?)</(?:\\w+:)?${name}>`).exec(text)
      return match ? unescapeXml(match[1]) : undefined
    }
    const answer = { State: field('State'), Message: field('Message'), Data: field('Data') }
    return answer.State !== undefined || answer.Message !== undefined ? answer : null
  }
  const parsed = parseJson(text)
  if (!isRecord(parsed)) return null
  const pick = (key: string) => (parsed[key] === undefined || parsed[key] === null ? undefined : String(parsed[key]))
  return { State: pick('State'), Message: pick('Message'), Data: pick('Data') }
}

/**
 * WCF DataContractSerializer form of a class with auto-properties: each member is named after its
 * compiler-generated backing field, <user_name>k__BackingField, escaped as _x003C_…_x003E_, and
 * members must come in ordinal order or the service silently drops them.
 */
export function dataContractXml(root: string, members: Record<string, string>): string {
  const names = Object.keys(members).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const body = names.map((name) => {
    const element = `_x003C_${name}_x003E_k__BackingField`
    return `<${element}>${escapeXml(members[name])}</${element}>`
  })
  return `<${root} xmlns:i="${XSI_NS}" xmlns="${DATA_CONTRACT_NS}">${body.join('')}</${root}>`
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[char] as string)
}

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, entity: string) => {
    if (entity[0] === '#') return String.fromCodePoint(entity[1].toLowerCase() === 'x' ? parseInt(entity.slice(2), 16) : Number(entity.slice(1)))
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[entity.toLowerCase()] as string
  })
}

function hyapiCapabilities(): ConnectorCapabilities {
  return updateOnlyCapabilities(
    [
      {
        en: 'HYAPI documents only the account update: each person must have an account; link it to its id (default: the person code).',
        'zh-CN': 'HYAPI 文档中只有账户修改接口：每个人员必须已有账户；请将其关联到账户 ID（默认：人员编号）。',
      },
      { en: 'HYAPI documents no disable or delete, no photo and no groups.', 'zh-CN': 'HYAPI 文档中没有停用、删除、照片和权限组。' },
      {
        en: 'The connection test cannot check the credential (HYAPI documents no call that checks it without changing an account): the first push does.',
        'zh-CN': '连接测试无法校验凭据（HYAPI 文档中没有不修改账户即可校验凭据的调用）：首次推送时才会校验。',
      },
    ],
    { testChecksCredentials: false },
  )
}

export const hyapiDefinition: ConnectorDefinition<typeof HyapiSettingsSchema> = {
  kind: 'hyapi',
  label: 'HYAPI',
  essentialSettings: ['format'],
  cliOptions: [{ option: 'format', place: 'settings', key: 'format', placeholder: 'json|xml', required: false }],
  syncLimits: UNSTATED_LIMITS,
  settingsSchema: HyapiSettingsSchema,
  settingLabels: {
    format: { en: 'Message format', 'zh-CN': '报文格式' },
    servicePath: { en: 'Service path', 'zh-CN': '服务路径' },
  },
  remoteIdMeaning: {
    en: 'HYAPI’s account has no group field: a mapping is kept but not pushed.',
    'zh-CN': 'HYAPI 账户没有权限组字段：映射会保存，但不会推送。',
  },
  secretFields: [{ key: `${HEADER_SECRET_PREFIX}*`, label: { en: 'Admin credential header value', 'zh-CN': '管理员凭据请求头的值（保密）' }, required: true }],
  defaultMapping: {
    ...NO_MAPPING,
    types: { employee: 'employee', visitor: 'visitor', blacklist: 'blacklist', vip: 'vip' },
  },
  mappingIssues: () => [],
  capabilities: hyapiCapabilities,
  create: (context) => new HyapiConnector(context),
}
