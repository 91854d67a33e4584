import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import type { FieldIssue } from '../../../../common/errors/core-error'
import { allowedValuesIssues, PHOTO_LIMIT_LABELS, requiredText, type ConnectorContext, type ConnectorDefinition } from '../definition'
import { clearedMembers, isRecord, joinUrl, kindForStatus, noteClearing, parseJson, remoteFailure, send, unexpectedReply } from '../http'
import { NO_MAPPING, optionalText, remoteGroupIds, splitPhone } from '../mapping'
import { fitJpeg, photoIssues } from '../photo'
import { inPlaceRetryPolicy, retryInPlace, type InPlaceRetryPolicy } from '../retry-in-place'
import { CredentialCache, type Credential } from '../session'
import { ConnectorFailure, isConnectorFailure, type Connector, type ConnectorCapabilities, type ConnectorOptions, type LocalizedText, type OptionalPersonField, type PushChange, type PushProgress, type PushResult, type TestSummary } from '../types'
import { testSummary } from '../failure-wording'
import { canonicalUrl, tuyaSign } from './sign'

export const TuyaSettingsSchema = z.object({
  clientId: requiredText(),
  projectId: requiredText(),
  /** Organization for persons none of whose groups is mapped; absent → the project's root. */
  structureId: z.string().trim().min(1).optional(),
  /** The document's sample pairs certType ID_CARD_CN with certArea CN; it lists no other areas. */
  certArea: z.string().trim().min(1).default('CN'),
  lang: z.string().trim().min(1).default('en'),
  /** 1 MB: the limit this project was given for Tuya faces; the personnel document states none. */
  maxPhotoBytes: z.int().positive().default(1024 * 1024),
  maxPhotoSide: z.int().min(160).default(1280),
})
export type TuyaSettings = z.output<typeof TuyaSettingsSchema>

/** A code shared by more than 5,000 listed persons means the filter is not a filter; stop there. */
const MAX_LOOKUP_PAGES = 50
const PERSONNEL = '/v1.0/iot-02/building/personnel'
const TOKEN_INVALID_CODES = new Set([1010, 1011, 1012])
/** 500 system error, 1110 concurrent request over limit, 1111 system busy, 1199 requests too frequent. */
const TRY_LATER_CODES = new Set([500, 1110, 1111, 1199])
const DATA_NOT_EXIST = 1000
const CREDENTIAL_CODES = new Set([1001, 1004, 1005, 1007, 1008])

interface TuyaToken extends Credential {
  refreshToken: string
}

interface TuyaPerson {
  personId: string
  personCode: string | null
  structureIds: string[]
  /** The optional fields that hold a value on Tuya now; null when not read (a bare linked id). */
  holds: ReadonlySet<OptionalPersonField> | null
}

/** The body field each optional person field becomes (a certificate brings certType and certArea along). */
const OPTIONAL_FIELDS = { phone: 'mobile', email: 'email', certificate: 'certNo' } as const
type ClearableField = keyof typeof OPTIONAL_FIELDS
const CLEARABLE = Object.keys(OPTIONAL_FIELDS) as ClearableField[]

type Query = Record<string, string | number>

/**
 * Tuya smart building personnel (iot-02). The person code goes in `personCode`; Tuya assigns the
 * `personId`, which its add call does not return, so a create is always followed by a lookup.
 * Gaps in the document and the choices made:
 * - GET parameters are marked "body"; a GET has no body, so they are sent (and signed) as the query.
 * - The list sample answers in snake_case while the field table is camelCase: both are read.
 * - personCode uniqueness is not stated: the station never adds before looking the code up
 *   (list, then recycle bin), so a repeated push edits the one person instead of adding another.
 *   The lists show enabled persons only unless asked ("enabled … Default value: 1"), so each
 *   lookup asks for the person's own state first, then the other one.
 * - Lookups, edits, disables and deletes are idempotent and are retried in place (retry-in-place.ts);
 *   an add is tried again only after a lookup has shown that the failed one did not land.
 * - imagePath comes from an upload API the document does not show (see ConnectorOptions.uploadTuyaFace).
 * - imageRating's scale is not stated; the station sends its 0–100 quality score.
 * - Optional fields (mobile, email, the certificate) are left out when the person has none: the
 *   document lists them as optional Strings, and a server that checks a given mobile refuses "".
 *   An edit sends "" only to clear a value Tuya holds (the looked-up row says so, or the last
 *   accepted push had one and the detail call confirms it); if Tuya refuses that, the person goes
 *   to "needs attention" saying so (noteClearing), since no retry can change the answer.
 * - Moving to another structure: originStructureId is sent when the station knows the old one
 *   (after a lookup); what an edit without it does to the old membership is not said.
 */
class TuyaConnector implements Connector {
  readonly kind = 'tuya' as const
  readonly capabilities: ConnectorCapabilities
  private readonly token: CredentialCache<TuyaToken>
  private readonly retryPolicy: InPlaceRetryPolicy

  constructor(private readonly ctx: ConnectorContext<TuyaSettings>) {
    this.capabilities = tuyaCapabilities(ctx.settings, ctx.options)
    this.retryPolicy = inPlaceRetryPolicy(ctx.options.retryInPlace)
    this.token = new CredentialCache((previous) => this.acquireToken(previous), ctx.now)
  }

  validate(change: PushChange): FieldIssue[] {
    return change.op === 'upsert' && this.ctx.options.uploadTuyaFace ? photoIssues(change.photoJpeg) : []
  }

  async testConnection(signal?: AbortSignal): Promise<TestSummary> {
    // one try: a test reports what the back end answers now
    const result = await this.token.use((token) => this.call('GET', PERSONNEL, { query: { projectId: this.ctx.settings.projectId, page: 1, pageSize: 1 }, token, signal }))
    const { clientId, projectId } = this.ctx.settings
    if (isRecord(result) && result.total !== undefined) return testSummary('connector.test.signed_in_project_count', { target: 'Tuya', account: clientId, project: projectId, count: Number(result.total) })
    return testSummary('connector.test.signed_in_project', { target: 'Tuya', account: clientId, project: projectId })
  }

  async push(change: PushChange, signal?: AbortSignal, progress?: PushProgress): Promise<PushResult> {
    if (change.op === 'upsert') return this.upsert(change, signal, progress)
    const found = await this.locate(change, signal)
    const action = change.op === 'disable' ? 'disable' : 'delete'
    const actedOn = found
      ? await this.onPerson(found, change, signal, (personId) =>
          this.business(action === 'disable' ? 'PUT' : 'DELETE', `${PERSONNEL}/actions/${action}`, {
            body: { projectId: this.ctx.settings.projectId, personIdList: [personId] },
            signal,
          }),
        )
      : null
    if (!actedOn) return { remoteId: change.remoteId ?? change.person.code, created: false, detail: 'not on Tuya' }
    return { remoteId: actedOn, created: false }
  }

  private async upsert(change: PushChange, signal?: AbortSignal, progress?: PushProgress): Promise<PushResult> {
    const body = await this.personBody(change, signal)
    if (change.remoteId) {
      try {
        const linked: TuyaPerson = { personId: change.remoteId, personCode: change.person.code, structureIds: [], holds: null }
        await this.edit(linked, body, change, signal)
        return { remoteId: change.remoteId, created: false }
      } catch (error) {
        // The linked id may have been deleted on Tuya; the code lookup below decides what to do.
        if (!isNotFound(error)) throw error
      }
    }
    const existing = await this.findByCode(change.person, 'list', signal)
    if (existing) {
      progress?.remoteId(existing.personId)
      await this.edit(existing, body, change, signal)
      return { remoteId: existing.personId, created: false }
    }
    const recycled = await this.findByCode(change.person, 'recycle-list', signal)
    if (recycled) {
      progress?.remoteId(recycled.personId)
      try {
        await this.business('PUT', `${PERSONNEL}/actions/recover`, { body: { projectId: this.ctx.settings.projectId, personIdList: [recycled.personId] }, signal })
      } catch (error) {
        // a repeated recover whose first answer was lost finds nothing left in the bin; the edit tells
        if (!isNotFound(error)) throw error
      }
      await this.edit(recycled, body, change, signal)
      return { remoteId: recycled.personId, created: false, detail: 'recovered from the Tuya recycle bin' }
    }
    return this.add(change, body, signal)
  }

  /**
   * The add answers only `true`, so the new personId comes from a lookup. A failed add may still
   * have been carried out (its answer lost), so it is tried again only after a lookup shows it
   * did not land; the tries are the in-place retry's.
   */
  private async add(change: PushChange, body: Record<string, unknown>, signal?: AbortSignal): Promise<PushResult> {
    const fields = { ...body, ...this.optionalFields(change, new Set()) }
    let tried = false
    const landed = await retryInPlace(
      async () => {
        if (tried) {
          const found = await this.findByCode(change.person, 'list', signal)
          if (found) return found
        }
        tried = true
        await this.business('POST', PERSONNEL, { body: fields, signal })
        return null
      },
      this.retryPolicy,
      signal,
    )
    const added = landed ?? (await this.findByCode(change.person, 'list', signal))
    if (!added) throw new ConnectorFailure('retry', `Tuya: accepted person ${change.person.code} but does not list it yet`, {
        target: 'tuya',
        messageCode: 'connector.not_listed_yet',
        params: { target: 'Tuya', code: change.person.code },
      })
    return { remoteId: added.personId, created: true }
  }

  private async edit(current: TuyaPerson, body: Record<string, unknown>, change: PushChange, signal?: AbortSignal): Promise<void> {
    const origin = current.structureIds[0]
    const moving = origin !== undefined && body.structureId !== undefined && origin !== body.structureId
    const holds = current.holds ?? (await this.holdsBeforeClearing(current.personId, change, signal))
    const request = { ...body, ...this.optionalFields(change, holds), personId: current.personId, ...(moving ? { originStructureId: origin } : {}) }
    try {
      await this.business('PUT', PERSONNEL, { body: request, signal })
    } catch (error) {
      throw isConnectorFailure(error) ? noteClearing(error, clearedMembers(request)) : error
    }
  }

  /**
   * What a bare linked id holds, read only when it matters: a field the person no longer has that
   * the last accepted push did send. Tuya's detail call says whether it is still there (someone
   * may have removed it by hand after Tuya refused to clear it).
   */
  private async holdsBeforeClearing(personId: string, change: PushChange, signal?: AbortSignal): Promise<ReadonlySet<OptionalPersonField>> {
    const clearable = CLEARABLE.filter((field) => this.optionalValue(change, field) === undefined && change.filledBefore?.includes(field))
    if (clearable.length === 0) return new Set()
    const result = await this.business('GET', `${PERSONNEL}/${personId}/actions/detail`, { query: { projectId: this.ctx.settings.projectId }, signal })
    return readPerson(result)?.holds ?? new Set()
  }

  /** Mobile, e-mail and certificate: the values the person has; "" only for one `holds` says Tuya has. */
  private optionalFields(change: PushChange, holds: ReadonlySet<OptionalPersonField>): Record<string, string> {
    const { person } = change
    const fields: Record<string, string> = {}
    for (const field of CLEARABLE) {
      const value = optionalText({ filledBefore: holds.has(field) ? [field] : [] }, field, this.optionalValue(change, field))
      if (value !== undefined) fields[OPTIONAL_FIELDS[field]] = value
    }
    if (fields.mobile && person.phone) fields.mobileCountry = `+${splitPhone(person.phone).countryCode}`
    const certType = person.certificate ? this.ctx.mapping.certificateTypes[person.certificate.type] : undefined
    if (fields.certNo && certType) Object.assign(fields, { certType, certArea: this.ctx.settings.certArea })
    return fields
  }

  /** The value Tuya takes for an optional field, undefined when the person has none (a certificate of an unmapped type counts as none). */
  private optionalValue(change: PushChange, field: ClearableField): string | undefined {
    const { person } = change
    if (field === 'phone') return person.phone ? splitPhone(person.phone).national : undefined
    if (field === 'email') return person.email || undefined
    return person.certificate && this.ctx.mapping.certificateTypes[person.certificate.type] ? person.certificate.number : undefined
  }

  /** The linked id if there is one, else the person with this code (or null: nothing to do). */
  private async locate(change: PushChange, signal?: AbortSignal): Promise<TuyaPerson | null> {
    if (change.remoteId) return { personId: change.remoteId, personCode: change.person.code, structureIds: [], holds: null }
    return this.findByCode(change.person, 'list', signal)
  }

  /** Runs `call` on the person; a stale linked id falls back once to the code lookup. Returns the id acted on, or null. */
  private async onPerson(
    found: TuyaPerson,
    change: PushChange,
    signal: AbortSignal | undefined,
    call: (personId: string) => Promise<unknown>,
  ): Promise<string | null> {
    try {
      await call(found.personId)
      return found.personId
    } catch (error) {
      if (!isNotFound(error) || !change.remoteId) throw error
      const byCode = await this.findByCode(change.person, 'list', signal)
      if (!byCode || byCode.personId === found.personId) return null
      await call(byCode.personId)
      return byCode.personId
    }
  }

  /**
   * The document does not say whether personCode filters exactly (a prefix or substring match
   * would list F10…F199 for F1), so every page is read until `has_more` ends and only exact
   * matches count; stopping at the first page would miss the person and add them again. A list
   * shows one enabled state at a time (its default is 1), so the person's own state is asked
   * first, then the other.
   */
  private async findByCode(person: PushChange['person'], list: 'list' | 'recycle-list', signal?: AbortSignal): Promise<TuyaPerson | null> {
    const states = person.enabled ? [1, 2] : [2, 1]
    for (const enabled of states) {
      const found = await this.findInList(person.code, list, enabled, signal)
      if (found) return found
    }
    return null
  }

  private async findInList(code: string, list: 'list' | 'recycle-list', enabled: number, signal?: AbortSignal): Promise<TuyaPerson | null> {
    const path = list === 'list' ? PERSONNEL : `${PERSONNEL}/recycle-list`
    const pageSize = 100
    const matches: TuyaPerson[] = []
    for (let page = 1; page <= MAX_LOOKUP_PAGES; page++) {
      const result = await this.business('GET', path, { query: { projectId: this.ctx.settings.projectId, personCode: code, enabled, page, pageSize }, signal })
      const rows = isRecord(result) && Array.isArray(result.list) ? result.list : []
      matches.push(...rows.map(readPerson).filter((person): person is TuyaPerson => person !== null && person.personCode === code))
      const more = isRecord(result) && (result.has_more === true || result.hasMore === true)
      if (!more || rows.length === 0) break
    }
    matches.sort((a, b) => (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0))
    return matches[0] ?? null
  }

  private async personBody(change: PushChange, signal?: AbortSignal): Promise<Record<string, unknown>> {
    const { person } = change
    const { settings, mapping } = this.ctx
    // mobile, email and the certificate depend on what Tuya holds: see optionalFields
    const body: Record<string, unknown> = {
      projectId: settings.projectId,
      personCode: person.code,
      name: person.name,
      enabled: person.enabled ? 1 : 2,
      sex: Number(mapping.genders[person.gender] ?? 0),
    }
    const structureId = remoteGroupIds(mapping, person)[0] ?? settings.structureId
    if (structureId) body.structureId = structureId
    const upload = this.ctx.options.uploadTuyaFace
    if (upload && change.photoJpeg) {
      const jpeg = await preparePhoto(change.photoJpeg, settings)
      body.imagePath = await uploadFace(upload, jpeg, change, signal)
      if (person.photo?.quality !== null && person.photo?.quality !== undefined) body.imageRating = person.photo.quality
    }
    return body
  }

  /** One call with a valid token; all but the add (see `add`) are idempotent and retried in place. */
  private business(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, request: { query?: Query; body?: unknown; signal?: AbortSignal }): Promise<unknown> {
    const once = () => this.token.use((token) => this.call(method, path, { ...request, token }))
    return method === 'POST' ? once() : retryInPlace(once, this.retryPolicy, request.signal)
  }

  private async acquireToken(previous: TuyaToken | null): Promise<TuyaToken> {
    if (previous) {
      try {
        return await this.tokenCall(`/v1.0/token/${previous.refreshToken}`, {})
      } catch (error) {
        // An expired refresh token is refused like a wrong one; a fresh grant settles which it was.
        if (!isConnectorFailure(error) || error.kind !== 'refused') throw error
      }
    }
    return this.tokenCall('/v1.0/token', { grant_type: 1 })
  }

  private async tokenCall(path: string, query: Query): Promise<TuyaToken> {
    const result = await this.call('GET', path, { query, token: null })
    if (!isRecord(result) || typeof result.access_token !== 'string') {
      throw new ConnectorFailure('refused', 'Tuya: the token answer has no access_token', {
        target: 'tuya',
        messageCode: 'connector.no_token',
        params: { target: 'Tuya' },
      })
    }
    const seconds = Number(result.expire_time ?? result.expire ?? 0)
    return {
      value: result.access_token,
      refreshToken: String(result.refresh_token ?? ''),
      expiresAt: seconds > 0 ? this.ctx.now() + seconds * 1000 : null,
    }
  }

  private async call(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    request: { query?: Query; body?: unknown; token: TuyaToken | null; signal?: AbortSignal },
  ): Promise<unknown> {
    const { settings, secrets } = this.ctx
    const query = Object.entries(request.query ?? {}).map(([key, value]): [string, string] => [key, String(value)])
    const url = canonicalUrl(path, query)
    const body = request.body === undefined ? '' : JSON.stringify(request.body)
    const t = String(this.ctx.now())
    const nonce = randomUUID().replace(/-/g, '')
    const sign = tuyaSign({ clientId: settings.clientId, secret: secrets.clientSecret, accessToken: request.token?.value, t, nonce, method, url, body })
    const headers: Record<string, string> = { client_id: settings.clientId, sign, sign_method: 'HMAC-SHA256', t, nonce, lang: settings.lang }
    if (request.token) headers.access_token = request.token.value
    if (body) headers['Content-Type'] = 'application/json'
    const reply = await send(this.ctx.http, { method, url: joinUrl(this.ctx.baseUrl, url), headers, body: body || undefined, signal: request.signal })

    const envelope = parseJson(reply.text)
    if (!isRecord(envelope) || typeof envelope.success !== 'boolean') throw unexpectedReply('tuya', reply, `${method} ${path}`)
    if (envelope.success && kindForStatus(reply.status) === null) return envelope.result
    const code = typeof envelope.code === 'number' ? envelope.code : Number(envelope.code)
    const remote = { code: envelope.code as number | string | undefined, message: typeof envelope.msg === 'string' ? envelope.msg : undefined }
    const byStatus = kindForStatus(reply.status)
    if (byStatus === 'retry' || TRY_LATER_CODES.has(code)) throw remoteFailure('retry', 'tuya', reply, remote)
    if (TOKEN_INVALID_CODES.has(code) && request.token) throw remoteFailure('reauth', 'tuya', reply, remote)
    if (code === 1013) throw remoteFailure('refused', 'tuya', reply, { ...remote, message: `${remote.message ?? 'request time is invalid'}: check the station's clock` })
    const reason = code === DATA_NOT_EXIST ? 'not_found' : CREDENTIAL_CODES.has(code) ? 'credentials' : undefined
    throw remoteFailure('refused', 'tuya', reply, { ...remote, reason })
  }
}

function isNotFound(error: unknown): boolean {
  return isConnectorFailure(error) && error.reason === 'not_found'
}

function readPerson(row: unknown): TuyaPerson | null {
  if (!isRecord(row)) return null
  const personId = row.personId ?? row.person_id
  if (personId === undefined || personId === null) return null
  const code = row.personCode ?? row.person_code
  const structures = row.structureIds ?? row.structure_ids
  const filled = (value: unknown) => value !== undefined && value !== null && value !== ''
  const holds = new Set<OptionalPersonField>()
  if (filled(row.mobile)) holds.add('phone')
  if (filled(row.email)) holds.add('email')
  if (filled(row.certNo ?? row.cert_no)) holds.add('certificate')
  return {
    personId: String(personId),
    personCode: code === undefined || code === null ? null : String(code),
    structureIds: Array.isArray(structures) ? structures.map(String) : [],
    holds,
  }
}

/** The upload hook is the integrator's code: its failures are classified here like any other call's. */
async function uploadFace(upload: NonNullable<ConnectorOptions['uploadTuyaFace']>, jpeg: Buffer, change: PushChange, signal?: AbortSignal): Promise<string> {
  try {
    return await upload(jpeg, change.person, signal)
  } catch (error) {
    if (isConnectorFailure(error) || signal?.aborted) throw error
    const network = error instanceof TypeError || (error as Error)?.name === 'TimeoutError'
    const message = (error as Error)?.message ?? String(error)
    throw new ConnectorFailure(network ? 'retry' : 'refused', `Tuya face upload: ${message}`, {
      target: 'tuya',
      remoteMessage: message,
      cause: error,
      messageCode: 'connector.face_upload_failed',
      params: { target: 'Tuya', remote: message },
    })
  }
}

async function preparePhoto(photo: Buffer, settings: TuyaSettings): Promise<Buffer> {
  try {
    return await fitJpeg(photo, { maxBytes: settings.maxPhotoBytes, maxSide: settings.maxPhotoSide })
  } catch (error) {
    throw new ConnectorFailure('refused', `photo: ${(error as Error).message} for Tuya`, {
      target: 'tuya',
      cause: error,
      messageCode: 'connector.photo_failed',
      params: { target: 'Tuya', reason: (error as Error).message },
    })
  }
}

function tuyaCapabilities(_settings: TuyaSettings, options: { uploadTuyaFace?: unknown }): ConnectorCapabilities {
  const notes: LocalizedText[] = [
    { en: 'Tuya has no person type field: the type is not pushed.', 'zh-CN': '涂鸦没有人员类型字段：不推送人员类型。' },
    {
      en: 'A person sits in one organization (structure) on Tuya: the first mapped group is used, else the default structure.',
      'zh-CN': '在涂鸦中每个人员只属于一个组织（structure）：使用第一个已映射的组，否则使用默认组织。',
    },
  ]
  if (!options.uploadTuyaFace) {
    notes.unshift({
      en: 'Face photos are not pushed to Tuya: its personnel API takes an imagePath from an upload step the document does not show.',
      'zh-CN': '不向涂鸦推送人脸照片：其人员接口需要的 imagePath 来自文档未说明的上传步骤。',
    })
  }
  return { create: true, update: true, disable: true, delete: true, photo: Boolean(options.uploadTuyaFace), lookup: true, notes }
}

export const tuyaDefinition: ConnectorDefinition<typeof TuyaSettingsSchema> = {
  kind: 'tuya',
  label: 'Tuya',
  essentialSettings: ['clientId', 'projectId', 'structureId'],
  cliOptions: [
    { option: 'client-id', place: 'settings', key: 'clientId', placeholder: 'ID', required: true },
    { option: 'client-secret', place: 'secrets', key: 'clientSecret', placeholder: 'S', required: true },
    { option: 'project-id', place: 'settings', key: 'projectId', placeholder: 'P', required: true },
    { option: 'structure-id', place: 'settings', key: 'structureId', placeholder: 'S', required: false },
  ],
  // Tuya allows about 5 requests a second per cloud account.
  syncLimits: { ratePerSecond: 5, concurrency: 2 },
  // that account is the client id on one cloud: two targets with it draw from one bucket
  rateAccount: ({ baseUrl, settings }) => (typeof settings.clientId === 'string' ? `tuya|${baseUrl}|${settings.clientId}` : null),
  settingsSchema: TuyaSettingsSchema,
  settingLabels: {
    clientId: { en: 'Client ID', 'zh-CN': '客户端 ID（Client ID）' },
    projectId: { en: 'Project ID', 'zh-CN': '项目 ID' },
    structureId: { en: 'Organization (structure) ID', 'zh-CN': '组织（structure）ID' },
    certArea: { en: 'Certificate area', 'zh-CN': '证件地区' },
    lang: { en: 'Language of replies', 'zh-CN': '回复语言' },
    ...PHOTO_LIMIT_LABELS,
  },
  remoteIdMeaning: {
    en: 'For each local group, the Tuya organization (structure id) its members belong to; a person’s first mapped group counts.',
    'zh-CN': '为每个本地权限组填写其成员所属的涂鸦组织（structure id）；以人员第一个已映射的组为准。',
  },
  secretFields: [{ key: 'clientSecret', label: { en: 'Client secret (Access Secret)', 'zh-CN': '客户端密钥（Access Secret）' }, required: true }],
  defaultMapping: {
    ...NO_MAPPING,
    // sex: 0 unknown, 1 male, 2 female (the add/edit tables).
    genders: { unknown: '0', male: '1', female: '2' },
    // ID_CARD_CN is the document's sample; PASSPORT is a guess the document neither confirms nor refutes.
    certificateTypes: { id_card: 'ID_CARD_CN', passport: 'PASSPORT' },
  },
  mappingIssues: (mapping) => allowedValuesIssues('genders', mapping.genders, ['0', '1', '2']),
  capabilities: tuyaCapabilities,
  create: (context) => new TuyaConnector(context),
}

