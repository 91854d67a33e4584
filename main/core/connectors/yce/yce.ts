import { z } from 'zod'
import type { FieldIssue } from '../../../../common/errors/core-error'
import { allowedValuesIssues, requiredText, UNSTATED_LIMITS, updateOnlyCapabilities, type ConnectorContext, type ConnectorDefinition } from '../definition'
import { isRecord, joinUrl, kindForStatus, parseJson, remoteFailure, send, unexpectedReply, type HttpReply } from '../http'
import { NO_MAPPING, remoteGroupIds } from '../mapping'
import { CredentialCache, type Credential } from '../session'
import { ConnectorFailure, type Connector, type ConnectorCapabilities, type PushChange, type PushResult, type TestSummary } from '../types'
import { testSummary } from '../failure-wording'

/** type = S + O: S (sync images) 2 or 0, O (operate) 1 or 0. */
const YCE_TYPES = ['0', '1', '2', '3']

export const YceSettingsSchema = z.object({
  username: requiredText(),
  /** The administrator's orgId, sent with every update. */
  orgId: requiredText(),
  /** The administrator's userId ("op"). */
  op: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value),
    z.number({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a whole number (the userId)') }).int('must be a whole number (the userId)'),
  ),
  /** Permission bits given to a disabled person: 0 = cannot sync images, cannot operate. */
  disabledType: z.enum(YCE_TYPES).default('0'),
  /**
   * Codes meaning "log in again". The document only says "0 is OK, anything else is an error";
   * a YCE console answers 1402 "session invalid"; 1401 is kept for deployments that use it. An
   * HTTP 401, or a message that speaks of the session or of logging in, also counts.
   */
  sessionErrorCodes: z.array(z.coerce.number().int()).default([1401, 1402]),
})
export type YceSettings = z.output<typeof YceSettingsSchema>

const LOGIN = '/api/v1/users/login'
const UPDATE = '/api/v1/user/update'
const SESSION_WORDS = /session|会话|未登录|登录|log ?in/i

/**
 * YCE console user update. The user name is the key, so it is the person's linked remote id
 * (default: the person code) and the person's display name cannot be pushed. Gaps and choices:
 * - The login call is not described: the station posts {username, password} and reads the
 *   session id from `data`, which a YCE console answers as a JSON text (see readSessionId).
 * - `Authorization: $SessionId` is the bare session id, as in the document's curl example.
 * - `type` (permission bits) appears in the 2017-02-10 revision and not in the newest (2017-02-14),
 *   which adds navList; the station sends `type` and never navList or password.
 * - orgName ("更新的组织, 可选") carries the first mapped group, when there is one.
 */
class YceConnector implements Connector {
  readonly kind = 'yce' as const
  readonly capabilities = yceCapabilities()
  private readonly session: CredentialCache<Credential>

  constructor(private readonly ctx: ConnectorContext<YceSettings>) {
    this.session = new CredentialCache(() => this.login(), ctx.now)
  }

  validate(change: PushChange): FieldIssue[] {
    if (change.op === 'delete') return [{ field: 'op', message: 'YCE documents no way to delete a user', messageCode: 'connector.op_unsupported', params: { target: 'YCE', op: 'delete' } }]
    return []
  }

  async testConnection(signal?: AbortSignal): Promise<TestSummary> {
    await this.login(signal)
    return testSummary('connector.test.signed_in', { target: 'YCE', account: this.ctx.settings.username })
  }

  async push(change: PushChange, signal?: AbortSignal): Promise<PushResult> {
    if (change.op === 'delete') {
      throw new ConnectorFailure('refused', 'YCE: its API documents no way to delete a user; do it in YCE itself', {
        target: 'yce',
        messageCode: 'connector.op_unsupported',
        params: { target: 'YCE', op: 'delete' },
      })
    }
    const { person } = change
    const { mapping, settings } = this.ctx
    const enabled = change.op === 'upsert' && person.enabled
    const orgName = remoteGroupIds(mapping, person)[0]
    const body = {
      op: settings.op,
      name: change.remoteId ?? person.code,
      orgId: settings.orgId,
      ...(orgName ? { orgName } : {}),
      type: enabled ? (mapping.types[person.type] ?? '1') : settings.disabledType,
    }
    await this.session.use(async (session) => this.check(await this.post(UPDATE, body, session.value, signal), 'update'))
    return { remoteId: body.name, created: false }
  }

  private async login(signal?: AbortSignal): Promise<Credential> {
    const reply = await this.post(LOGIN, { username: this.ctx.settings.username, password: this.ctx.secrets.password }, null, signal)
    const data = this.check(reply, 'login')
    const sessionId = readSessionId(data)
    if (!sessionId) throw unexpectedReply('yce', reply, `POST ${LOGIN} (no session id)`)
    return { value: sessionId, expiresAt: null }
  }

  private post(path: string, body: unknown, sessionId: string | null, signal?: AbortSignal): Promise<HttpReply> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' }
    if (sessionId) headers.Authorization = sessionId
    return send(this.ctx.http, { method: 'POST', url: joinUrl(this.ctx.baseUrl, path), headers, body: JSON.stringify(body), signal })
  }

  /** Returns `data` when code is 0, else throws the classified failure with YCE's own message. */
  private check(reply: HttpReply, call: 'login' | 'update'): unknown {
    const parsed = parseJson(reply.text)
    if (!isRecord(parsed) || parsed.code === undefined) throw unexpectedReply('yce', reply, `the ${call} call`)
    const code = Number(parsed.code)
    if (code === 0 && kindForStatus(reply.status) === null) return parsed.data
    const message = String(parsed.message ?? parsed.msg ?? '')
    const remote = { code: parsed.code as number | string, message }
    const byStatus = kindForStatus(reply.status)
    if (byStatus === 'retry') throw remoteFailure('retry', 'yce', reply, remote)
    if (call === 'login') throw remoteFailure('refused', 'yce', reply, { ...remote, reason: 'credentials' })
    if (reply.status === 401 || this.ctx.settings.sessionErrorCodes.includes(code) || SESSION_WORDS.test(message)) {
      throw remoteFailure('reauth', 'yce', reply, remote)
    }
    const reason = /不存在|not exist|not found/i.test(message) ? 'not_found' : undefined
    throw remoteFailure('refused', 'yce', reply, { ...remote, reason })
  }
}

/**
 * The session id in the login's `data`. A YCE console answers `data` as a JSON text (userName,
 * userId, orgId, sessionId, …): only its sessionId goes in the header, never the whole text.
 * An object, or a bare id, is read too.
 */
export function readSessionId(data: unknown): string | null {
  if (typeof data === 'string') {
    const text = data.trim()
    if (text.startsWith('{')) return readSessionId(parseJson(text) ?? null)
    return BARE_SESSION_ID.test(text) ? text : null
  }
  if (!isRecord(data)) return null
  const value = data.sessionId ?? data.SessionId ?? data.session_id
  return typeof value === 'string' && BARE_SESSION_ID.test(value.trim()) ? value.trim() : null
}

/** What the document's curl sends as `Authorization`: one token, no scheme, no spaces or quotes. */
const BARE_SESSION_ID = /^[A-Za-z0-9._~+/=-]+$/

function yceCapabilities(): ConnectorCapabilities {
  return updateOnlyCapabilities(
    [
      {
        en: 'YCE documents only the user update: each person must have a YCE user; link it to the user name (default: the person code).',
        'zh-CN': 'YCE 文档中只有用户修改接口：每个人员必须已有 YCE 用户；请将其关联到用户名（默认：人员编号）。',
      },
      { en: "The YCE user name is the key: the person's display name is not pushed.", 'zh-CN': 'YCE 以用户名为键：不推送人员的显示名称。' },
      {
        en: 'Disable sets the permission bits to 0 (no image sync, no operation); YCE documents no delete.',
        'zh-CN': '停用会将权限位设为 0（不能同步镜像，也不能操作）；YCE 文档中没有删除接口。',
      },
    ],
    { disable: true },
  )
}

export const yceDefinition: ConnectorDefinition<typeof YceSettingsSchema> = {
  kind: 'yce',
  label: 'YCE',
  essentialSettings: ['username', 'orgId', 'op'],
  cliOptions: [
    { option: 'username', place: 'settings', key: 'username', placeholder: 'U', required: true },
    { option: 'password', place: 'secrets', key: 'password', placeholder: 'P', required: true },
    { option: 'org-id', place: 'settings', key: 'orgId', placeholder: 'O', required: true },
    { option: 'op', place: 'settings', key: 'op', placeholder: 'USERID', required: true },
  ],
  syncLimits: UNSTATED_LIMITS,
  settingsSchema: YceSettingsSchema,
  settingLabels: {
    username: { en: 'User name', 'zh-CN': '用户名' },
    orgId: { en: 'Organization ID', 'zh-CN': '组织 ID' },
    op: { en: 'Administrator user ID (op)', 'zh-CN': '管理员用户 ID（op）' },
    disabledType: { en: 'Permission bits of a disabled person', 'zh-CN': '停用人员的权限位' },
    sessionErrorCodes: { en: 'Codes meaning "log in again"', 'zh-CN': '表示“需重新登录”的错误码' },
  },
  remoteIdMeaning: {
    en: 'For each local group, the YCE organization; a person’s first mapped group counts.',
    'zh-CN': '为每个本地权限组填写 YCE 组织；以人员第一个已映射的组为准。',
  },
  secretFields: [{ key: 'password', label: { en: 'Administrator password', 'zh-CN': '管理员密码' }, required: true }],
  defaultMapping: {
    ...NO_MAPPING,
    // 1 (operate, no image sync) is YCE's default for new users.
    types: { employee: '1', visitor: '0', blacklist: '0', vip: '1' },
  },
  mappingIssues: (mapping) => allowedValuesIssues('types', mapping.types, YCE_TYPES),
  capabilities: yceCapabilities,
  create: (context) => new YceConnector(context),
}
