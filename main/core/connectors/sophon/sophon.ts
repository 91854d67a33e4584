import { z } from 'zod'
import type { FieldIssue } from '../../../../common/errors/core-error'
import { allowedValuesIssues, configuredHeaders, HEADER_SECRET_PREFIX, PHOTO_LIMIT_LABELS, type ConnectorContext, type ConnectorDefinition } from '../definition'
import { isRecord, joinUrl, kindForStatus, parseJson, remoteFailure, send, unexpectedReply, type HttpReply } from '../http'
import { NO_MAPPING, remoteGroupIds } from '../mapping'
import { fitJpeg, photoIssues } from '../photo'
import { ConnectorFailure, isConnectorFailure, type Connector, type ConnectorCapabilities, type PushChange, type PushResult, type TestSummary } from '../types'
import { testSummary } from '../failure-wording'

export const HeaderNameSchema = z.string().trim().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'is not a valid HTTP header name')

export const SophonSettingsSchema = z.object({
  /** Face group a new person is created in; the vendor says `default_group` always exists. */
  faceGroup: z.string().trim().min(1).default('default_group'),
  /** Names of extra headers sent on every call (values are secrets). The document names no auth. */
  headerNames: z.array(HeaderNameSchema).default([]),
  maxPhotoBytes: z.int().positive().default(5 * 1024 * 1024),
  maxPhotoSide: z.int().min(160).default(1920),
  /**
   * SophonFogSys has no enabled flag. A disabled person keeps its face but gets these permission
   * groups (none, by default), so no door opens for it.
   */
  disabledPermissionIds: z.array(z.string().trim().min(1)).default([]),
})
export type SophonSettings = z.output<typeof SophonSettingsSchema>

const USERS = 'SophonFogSys/api/users'
const SOPHON_TYPES = ['1', '2', '3', '4', '5']

/**
 * SophonFogSys face box. identity_id is the person code ("人员编号具有唯一性": unique), so it is its
 * own idempotency key: create with POST; "already exists" means an earlier push got there, and
 * the PUT that follows brings it up to date. Gaps and choices:
 * - The update document shows no error codes: failures are recognised by the `error` object and
 *   the HTTP status; "not found"/"already exists" by status 404/409 or by the error's status/message.
 * - `ignore_exist` on create is not described; it is never sent (the station PUTs instead).
 * - There is no documented read call: testConnection sends a GET to the users path and accepts any
 *   answer from the service except an authentication refusal.
 */
class SophonConnector implements Connector {
  readonly kind = 'sophon' as const
  readonly capabilities = sophonCapabilities()

  constructor(private readonly ctx: ConnectorContext<SophonSettings>) {}

  validate(change: PushChange): FieldIssue[] {
    if (change.op !== 'upsert') return []
    const issues = photoIssues(change.photoJpeg)
    if (!change.photoJpeg && !change.remoteId) {
      issues.push({
        field: 'photo',
        message: 'SophonFogSys needs a face photo to add a person (or link the person to an existing identity_id)',
        messageCode: 'connector.needs_photo',
        params: { target: 'SophonFogSys' },
      })
    }
    return issues
  }

  async testConnection(signal?: AbortSignal): Promise<TestSummary> {
    const reply = await this.exchange('GET', undefined, signal)
    if (reply.status === 401 || reply.status === 403) throw this.failure(reply)
    if (reply.status >= 500 || reply.status === 429) throw this.failure(reply)
    if (!isRecord(parseJson(reply.text)) && reply.status !== 405) throw unexpectedReply('sophon', reply, 'GET /SophonFogSys/api/users')
    return testSummary('connector.test.answers', { target: 'SophonFogSys', host: new URL(this.ctx.baseUrl).host, status: String(reply.status) })
  }

  async push(change: PushChange, signal?: AbortSignal): Promise<PushResult> {
    const identityId = change.remoteId ?? change.person.code
    if (change.op !== 'upsert') {
      const body = change.op === 'delete' ? { identity_id: identityId } : { identity_id: identityId, info: this.info(change) }
      try {
        await this.call(change.op === 'delete' ? 'DELETE' : 'PUT', body, signal)
      } catch (error) {
        if (!hasReason(error, 'not_found')) throw error
        return { remoteId: identityId, created: false, detail: 'not on SophonFogSys' }
      }
      return { remoteId: identityId, created: false }
    }

    const photo = change.photoJpeg ? await this.preparePhoto(change.photoJpeg) : null
    const info = this.info(change)
    const update = { identity_id: identityId, ...(photo ? { reg_photo: photo } : {}), info }
    if (change.remoteId || !photo) {
      try {
        await this.call('PUT', update, signal)
        return { remoteId: identityId, created: false }
      } catch (error) {
        if (!hasReason(error, 'not_found')) throw error
        if (!photo) {
          const { remoteCode, remoteMessage } = error as ConnectorFailure
          throw new ConnectorFailure('refused', `SophonFogSys: person ${identityId} does not exist there, and adding it needs a face photo`, {
            target: 'sophon',
            remoteCode,
            remoteMessage,
            reason: 'not_found',
            messageCode: 'connector.needs_photo_to_add',
            params: { target: 'SophonFogSys', id: identityId },
          })
        }
      }
    }
    try {
      await this.call('POST', { identity_id: identityId, reg_photo: photo, group_name: this.ctx.settings.faceGroup, info }, signal)
      return { remoteId: identityId, created: true }
    } catch (error) {
      if (!hasReason(error, 'already_exists')) throw error
    }
    await this.call('PUT', update, signal)
    return { remoteId: identityId, created: false }
  }

  private info(change: PushChange): Record<string, unknown> {
    const { person } = change
    const { mapping, settings } = this.ctx
    const enabled = change.op !== 'disable' && person.enabled
    return {
      name: person.name,
      type: Number(mapping.types[person.type] ?? 1),
      permission_ids: enabled ? remoteGroupIds(mapping, person) : settings.disabledPermissionIds,
    }
  }

  private async preparePhoto(jpeg: Buffer): Promise<string> {
    try {
      const fitted = await fitJpeg(jpeg, { maxBytes: this.ctx.settings.maxPhotoBytes, maxSide: this.ctx.settings.maxPhotoSide })
      return fitted.toString('base64')
    } catch (error) {
      throw new ConnectorFailure('refused', `photo: ${(error as Error).message} for SophonFogSys`, {
        target: 'sophon',
        cause: error,
        messageCode: 'connector.photo_failed',
        params: { target: 'SophonFogSys', reason: (error as Error).message },
      })
    }
  }

  private exchange(method: 'GET' | 'POST' | 'PUT' | 'DELETE', body: unknown, signal?: AbortSignal): Promise<HttpReply> {
    const headers: Record<string, string> = { ...configuredHeaders(this.ctx.settings.headerNames, this.ctx.secrets), Accept: 'application/json' }
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    return send(this.ctx.http, { method, url: joinUrl(this.ctx.baseUrl, USERS), headers, body: body === undefined ? undefined : JSON.stringify(body), signal })
  }

  private async call(method: 'POST' | 'PUT' | 'DELETE', body: unknown, signal?: AbortSignal): Promise<unknown> {
    const reply = await this.exchange(method, body, signal)
    const parsed = parseJson(reply.text)
    if (kindForStatus(reply.status) === null && !(isRecord(parsed) && isRecord(parsed.error))) {
      if (parsed === undefined && reply.text.trim() !== '') throw unexpectedReply('sophon', reply, `${method} /${USERS}`)
      return isRecord(parsed) ? parsed.data : undefined
    }
    throw this.failure(reply)
  }

  private failure(reply: HttpReply): ConnectorFailure {
    const parsed = parseJson(reply.text)
    const error = isRecord(parsed) && isRecord(parsed.error) ? parsed.error : null
    if (!error) return unexpectedReply('sophon', reply, 'the request')
    const message = typeof error.message === 'string' ? error.message : undefined
    const status = typeof error.status === 'string' ? error.status : ''
    const remote = { code: error.code as string | number | undefined, message: message ?? status }
    const text = `${status} ${message ?? ''}`
    if (reply.status === 404 || /not[_ ]?found|not exist|不存在/i.test(text)) return remoteFailure('refused', 'sophon', reply, { ...remote, reason: 'not_found' })
    if (reply.status === 409 || /already[_ ]?exist|duplicate|已存在/i.test(text)) return remoteFailure('refused', 'sophon', reply, { ...remote, reason: 'already_exists' })
    // No token to renew: a refused header is a configuration problem, not a session that expired.
    if (reply.status === 401 || reply.status === 403) return remoteFailure('refused', 'sophon', reply, { ...remote, reason: 'credentials' })
    return remoteFailure(kindForStatus(reply.status) ?? 'refused', 'sophon', reply, remote)
  }
}

function hasReason(error: unknown, reason: 'not_found' | 'already_exists'): boolean {
  return isConnectorFailure(error) && error.reason === reason
}

function sophonCapabilities(): ConnectorCapabilities {
  return {
    create: true,
    update: true,
    disable: true,
    delete: true,
    photo: true,
    lookup: false,
    notes: [
      { en: 'A face photo is required to add a person to SophonFogSys.', 'zh-CN': '向 SophonFogSys 添加人员需要人脸照片。' },
      {
        en: 'SophonFogSys has no enabled flag: a disabled person keeps its face but loses its permission groups.',
        'zh-CN': 'SophonFogSys 没有启用标志：停用的人员保留人脸，但会失去其权限组。',
      },
      { en: 'Type 4 (stranger) is never sent; employee 1, visitor 2, blacklist 3, VIP 5.', 'zh-CN': '从不发送类型 4（陌生人）；员工 1，访客 2，黑名单 3，VIP 5。' },
    ],
  }
}

export const sophonDefinition: ConnectorDefinition<typeof SophonSettingsSchema> = {
  kind: 'sophon',
  label: 'SophonFogSys',
  essentialSettings: ['faceGroup'],
  cliOptions: [{ option: 'face-group', place: 'settings', key: 'faceGroup', placeholder: 'G', required: false }],
  // The document states no limit: modest for a device on a LAN.
  syncLimits: { ratePerSecond: 20, concurrency: 4 },
  settingsSchema: SophonSettingsSchema,
  settingLabels: {
    faceGroup: { en: 'Face group for new persons', 'zh-CN': '新增人员所在的人脸库' },
    ...PHOTO_LIMIT_LABELS,
    disabledPermissionIds: { en: 'Permission groups of a disabled person', 'zh-CN': '停用人员的权限组' },
  },
  remoteIdMeaning: {
    en: 'For each local group, the SophonFogSys permission ids (permission_ids) its members get.',
    'zh-CN': '为每个本地权限组填写其成员在 SophonFogSys 获得的权限 ID（permission_ids）。',
  },
  secretFields: [{ key: `${HEADER_SECRET_PREFIX}*`, label: { en: 'Value of each configured header', 'zh-CN': '每个请求头的值（保密）' }, required: false }],
  defaultMapping: {
    ...NO_MAPPING,
    // info.type: 1 employee (default), 2 visitor, 3 blacklist, 4 stranger, 5 VIP.
    types: { employee: '1', visitor: '2', blacklist: '3', vip: '5' },
  },
  mappingIssues: (mapping) => allowedValuesIssues('types', mapping.types, SOPHON_TYPES),
  capabilities: sophonCapabilities,
  create: (context) => new SophonConnector(context),
}
