import { z } from 'zod'
import type { FieldIssue } from '../../../../common/errors/core-error'
import { allowedValuesIssues, requiredText, UNSTATED_LIMITS, updateOnlyCapabilities, type ConnectorContext, type ConnectorDefinition } from '../definition'
import { clearedMembers, isRecord, joinUrl, kindForStatus, noteClearing, parseJson, remoteFailure, send, unexpectedReply, type HttpReply } from '../http'
import { formatPhone, NO_MAPPING, optionalText, remoteGroupIds } from '../mapping'
import { CredentialCache, type Credential } from '../session'
import { ConnectorFailure, isConnectorFailure, type Connector, type ConnectorCapabilities, type PushChange, type PushResult, type TestSummary } from '../types'
import { testSummary } from '../failure-wording'

export const ISDP_PERSON_TYPES = ['Admin', 'Customer', 'Employee', 'Supplier', 'Other'] as const
export const ISDP_PERSON_STATUSES = ['NoAccountOpened', 'OpenAccount'] as const
const ISDP_CERTIFICATE_TYPES = ['PASSPORTS', 'ID_CARD']

export const IsdpSettingsSchema = z.object({
  clientId: requiredText(),
  username: requiredText(),
  /** Administrative organization (department) of persons none of whose groups is mapped. */
  adminOrgId: requiredText(),
  /** "OC scenario: NoAccountOpened; OP and red-blue: OpenAccount". Not sent unless set. */
  personStatus: z.enum(ISDP_PERSON_STATUSES).optional(),
  /**
   * The update document only says "the access_token from 5.2.1". ISDP+'s published token API is
   * POST /oauth2/oauth/rest_token with a JSON password grant (support.huaweicloud.com/api-isdp/api_01_0019).
   */
  tokenPath: z.string().trim().startsWith('/').default('/oauth2/oauth/rest_token'),
})
export type IsdpSettings = z.output<typeof IsdpSettingsSchema>

const UPDATE = '/openapi/v1/person/update'

interface IsdpToken extends Credential {
  type: string
}

/**
 * ISDP person/update. The document describes update only ("根据ID更新人员信息"): there is no create,
 * disable or delete, so each person must already exist and is addressed by its linked personId
 * (default: the person code). Gaps and choices:
 * - Which fields are required is lost from the document's table; the station always sends personId,
 *   personCode, personName, personType and adminOrgId.
 * - The reply table says Status/Msg/Failed/Success, the sample status/msg/failed/success: both read.
 * - Token expiry: expires_in is honoured, and an HTTP 401 (Spring OAuth2 "invalid_token") renews once.
 * - The certificate is sent only for types ISDP lists (ID_CARD, PASSPORTS); a certificate removed
 *   at the desk is left in ISDP (the document shows no way to remove one).
 * - phone is left out when the person has none, and sent as "" only to clear a phone this person
 *   was given by an earlier push; a refusal of that says so (noteClearing).
 */
class IsdpConnector implements Connector {
  readonly kind = 'isdp' as const
  readonly capabilities = isdpCapabilities()
  private readonly token: CredentialCache<IsdpToken>

  constructor(private readonly ctx: ConnectorContext<IsdpSettings>) {
    this.token = new CredentialCache(() => this.login(), ctx.now)
  }

  validate(change: PushChange): FieldIssue[] {
    if (change.op !== 'upsert') return [{ field: 'op', message: `ISDP documents no way to ${change.op} a person`, messageCode: 'connector.op_unsupported', params: { target: 'ISDP', op: change.op } }]
    return []
  }

  async testConnection(signal?: AbortSignal): Promise<TestSummary> {
    const token = await this.login(signal)
    const seconds = token.expiresAt ? String(Math.round((token.expiresAt - this.ctx.now()) / 1000)) : '?'
    return testSummary('connector.test.signed_in_token', { target: 'ISDP', account: this.ctx.settings.username, seconds })
  }

  async push(change: PushChange, signal?: AbortSignal): Promise<PushResult> {
    if (change.op !== 'upsert') {
      throw new ConnectorFailure('refused', `ISDP: its API documents no way to ${change.op} a person; do it in ISDP itself`, {
        target: 'isdp',
        messageCode: 'connector.op_unsupported',
        params: { target: 'ISDP', op: change.op },
      })
    }
    const body = this.personBody(change)
    try {
      await this.token.use((token) => this.update(body, token, signal))
    } catch (error) {
      throw isConnectorFailure(error) ? noteClearing(error, clearedMembers(body)) : error
    }
    return { remoteId: String(body.personId), created: false }
  }

  private personBody(change: PushChange): Record<string, unknown> {
    const { person } = change
    const { mapping, settings } = this.ctx
    const certificateType = person.certificate ? mapping.certificateTypes[person.certificate.type] : undefined
    const gender = mapping.genders[person.gender]
    const phone = optionalText(change, 'phone', formatPhone(person.phone, mapping.phone))
    return {
      personId: change.remoteId ?? person.code,
      personCode: person.code,
      personName: person.name,
      personType: mapping.types[person.type] ?? 'Other',
      ...(phone !== undefined ? { phone } : {}),
      ...(settings.personStatus ? { personStatus: settings.personStatus } : {}),
      adminOrgId: remoteGroupIds(mapping, person)[0] ?? settings.adminOrgId,
      ...(person.certificate && certificateType ? { certificateType, certificateNo: person.certificate.number } : {}),
      extPerson: { ...(gender ? { gender } : {}), employeeID: person.code },
    }
  }

  private async update(body: Record<string, unknown>, token: IsdpToken, signal?: AbortSignal): Promise<void> {
    const reply = await send(this.ctx.http, {
      method: 'POST',
      url: joinUrl(this.ctx.baseUrl, UPDATE),
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: `${token.type} ${token.value}` },
      body: JSON.stringify(body),
      signal,
    })
    const parsed = parseJson(reply.text)
    if (!isRecord(parsed)) throw unexpectedReply('isdp', reply, `POST ${UPDATE}`)
    const success = parsed.success ?? parsed.Success
    const failed = parsed.failed ?? parsed.Failed
    if (kindForStatus(reply.status) === null && success === true && failed !== true) return
    if (isRecord(parsed) && typeof parsed.error === 'string') throw this.oauthFailure(reply, parsed)
    const message = String(parsed.msg ?? parsed.Msg ?? parsed.message ?? parsed.status ?? parsed.Status ?? '')
    const kind = reply.status === 401 ? 'reauth' : (kindForStatus(reply.status) ?? 'refused')
    const reason = /不存在|not exist|not found/i.test(message) ? 'not_found' : undefined
    throw remoteFailure(kind, 'isdp', reply, { code: (parsed.code ?? parsed.status ?? parsed.Status) as string | undefined, message, reason })
  }

  private async login(signal?: AbortSignal): Promise<IsdpToken> {
    const { settings, secrets } = this.ctx
    const reply = await send(this.ctx.http, {
      method: 'POST',
      url: joinUrl(this.ctx.baseUrl, settings.tokenPath),
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({
        client_id: settings.clientId,
        client_secret: secrets.clientSecret,
        grant_type: 'password',
        username: settings.username,
        password: secrets.password,
      }),
      signal,
    })
    const parsed = parseJson(reply.text)
    if (isRecord(parsed) && typeof parsed.access_token === 'string' && kindForStatus(reply.status) === null) {
      const seconds = Number(parsed.expires_in)
      return {
        value: parsed.access_token,
        type: typeof parsed.token_type === 'string' && parsed.token_type ? parsed.token_type : 'bearer',
        expiresAt: seconds > 0 ? this.ctx.now() + seconds * 1000 : null,
      }
    }
    if (isRecord(parsed) && typeof parsed.error === 'string') {
      const failure = this.oauthFailure(reply, parsed)
      // A refused login is a wrong client or password: renewing again would be refused the same way.
      if (failure.kind === 'reauth') throw remoteFailure('refused', 'isdp', reply, { code: failure.remoteCode, message: failure.remoteMessage, reason: 'credentials' })
      throw failure
    }
    throw unexpectedReply('isdp', reply, `POST ${settings.tokenPath}`)
  }

  /** Spring OAuth2 errors: {"error":"invalid_token","error_description":"…"}. */
  private oauthFailure(reply: HttpReply, body: Record<string, unknown>): ConnectorFailure {
    const code = String(body.error)
    const message = typeof body.error_description === 'string' ? body.error_description : code
    if (code === 'invalid_token' || reply.status === 401) return remoteFailure('reauth', 'isdp', reply, { code, message })
    const credentials = code === 'invalid_grant' || code === 'invalid_client' || code === 'unauthorized'
    return remoteFailure(kindForStatus(reply.status) ?? 'refused', 'isdp', reply, { code, message, reason: credentials ? 'credentials' : undefined })
  }
}

function isdpCapabilities(): ConnectorCapabilities {
  return updateOnlyCapabilities(
    [
      {
        en: 'ISDP documents no create: each person must exist in ISDP; link it to its personId (default: the person code).',
        'zh-CN': 'ISDP 文档中没有新增接口：每个人员必须已存在于 ISDP；请将其关联到对应的 personId（默认：人员编号）。',
      },
      { en: 'ISDP documents no disable or delete: expired visitors must be handled in ISDP itself.', 'zh-CN': 'ISDP 文档中没有停用或删除接口：过期访客需在 ISDP 中自行处理。' },
      {
        en: 'Face photos are not pushed: ISDP takes a profilePictureId from an upload its document does not show.',
        'zh-CN': '不推送人脸照片：ISDP 需要的 profilePictureId 来自其文档未说明的上传步骤。',
      },
    ],
  )
}

export const isdpDefinition: ConnectorDefinition<typeof IsdpSettingsSchema> = {
  kind: 'isdp',
  label: 'ISDP',
  essentialSettings: ['clientId', 'username', 'adminOrgId', 'personStatus'],
  cliOptions: [
    { option: 'client-id', place: 'settings', key: 'clientId', placeholder: 'ID', required: true },
    { option: 'client-secret', place: 'secrets', key: 'clientSecret', placeholder: 'S', required: true },
    { option: 'username', place: 'settings', key: 'username', placeholder: 'U', required: true },
    { option: 'password', place: 'secrets', key: 'password', placeholder: 'P', required: true },
    { option: 'admin-org-id', place: 'settings', key: 'adminOrgId', placeholder: 'O', required: true },
    { option: 'person-status', place: 'settings', key: 'personStatus', placeholder: 'NoAccountOpened|OpenAccount', required: false },
  ],
  syncLimits: UNSTATED_LIMITS,
  settingsSchema: IsdpSettingsSchema,
  settingLabels: {
    clientId: { en: 'Client ID', 'zh-CN': '客户端 ID（Client ID）' },
    username: { en: 'User name', 'zh-CN': '用户名' },
    adminOrgId: { en: 'Administrative organization ID', 'zh-CN': '管理组织 ID' },
    personStatus: { en: 'Person status', 'zh-CN': '人员状态' },
    tokenPath: { en: 'Token path', 'zh-CN': '令牌路径' },
  },
  remoteIdMeaning: {
    en: 'For each local group, the ISDP administrative organization id (adminOrgId); a person’s first mapped group counts.',
    'zh-CN': '为每个本地权限组填写 ISDP 管理组织 ID（adminOrgId）；以人员第一个已映射的组为准。',
  },
  // the same key means something else here: ISDP's "password" is an application token
  secretFields: [
    { key: 'clientSecret', label: { en: 'OAuth2 client secret', 'zh-CN': 'OAuth2 客户端密钥' }, required: true },
    { key: 'password', label: { en: 'Application token (password)', 'zh-CN': '应用令牌（密码）' }, required: true },
  ],
  defaultMapping: {
    ...NO_MAPPING,
    // The document lists Admin, Customer, Employee, Supplier, Other; it has no visitor or blacklist.
    types: { employee: 'Employee', visitor: 'Other', blacklist: 'Other', vip: 'Customer' },
    // extPerson.gender: the sample sends "female".
    genders: { male: 'male', female: 'female' },
    certificateTypes: { id_card: 'ID_CARD', passport: 'PASSPORTS' },
  },
  mappingIssues: (mapping) => [
    ...allowedValuesIssues('types', mapping.types, ISDP_PERSON_TYPES),
    ...allowedValuesIssues('certificateTypes', mapping.certificateTypes, ISDP_CERTIFICATE_TYPES),
  ],
  capabilities: isdpCapabilities,
  create: (context) => new IsdpConnector(context),
}
