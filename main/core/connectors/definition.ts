import { z } from 'zod'
import type { HttpClient } from './http'
import type { ResolvedMapping } from './mapping'
import type { Connector, ConnectorCapabilities, ConnectorOptions, LocalizedText, TargetKind } from './types'
import { HEADER_SECRET_PREFIX } from '../../../common/targets/target-kinds'
import type { SyncLimits } from '../../../common/sync/sync-status'
import { codedIssue, schemaWording, type FieldIssue } from '../../../common/errors/core-error'


export interface SecretField {
  /** Key in the secrets record; `header:*` stands for one key per configured header, e.g. "header:X-Api-Key". */
  key: string
  /** What the form calls it; the English also goes into the core's message when it is missing. */
  label: LocalizedText
  required: boolean
}

/** One `enroll target add` option of a kind: where its value goes and under which key. */
export interface CliOption {
  /** The option without its dashes, e.g. "client-id". */
  option: string
  place: 'settings' | 'secrets'
  key: string
  /** What the usage line shows for the value, e.g. "ID" or "json|xml". */
  placeholder: string
  required: boolean
}

export interface ConnectorContext<S> {
  baseUrl: string
  settings: S
  secrets: Record<string, string>
  mapping: ResolvedMapping
  http: HttpClient
  now: () => number
  options: ConnectorOptions
}

/** Everything the registry, the target service and the CLI need to know about one kind of back end. */
export interface ConnectorDefinition<S extends z.ZodType = z.ZodType> {
  /** Lower-case letters, digits and "-" (the contract's TargetKindSchema). */
  kind: TargetKind
  /** The name people know the back end by. */
  label: string
  /** Non-secret settings; secrets never go in here. */
  settingsSchema: S
  /** Each setting's name as the Settings form shows it, by key: every key of the schema but `headerNames` (the header editor's). */
  settingLabels: Readonly<Record<string, LocalizedText>>
  /** What a remote group id is on this back end, shown where a group is mapped to it. */
  remoteIdMeaning: LocalizedText
  secretFields: readonly SecretField[]
  /** The settings `enroll target add` asks for and the Settings form shows unfolded; the rest have defaults. */
  essentialSettings: readonly string[]
  /** The options `enroll target add <kind>` takes besides the common ones (custom headers follow from a `header:*` secret). */
  cliOptions: readonly CliOption[]
  /** How hard the sync queue pushes by default: HTTP calls per second and persons at once. */
  syncLimits: SyncLimits
  /**
   * The account whose rate limit a target draws from, when targets can share one (two Tuya targets
   * with the same client id on the same cloud); absent or null: each target has its own.
   */
  rateAccount?(target: { baseUrl: string; settings: Record<string, unknown> }): string | null
  defaultMapping: ResolvedMapping
  /** Checks a target's mapping against the values the back end's document allows. */
  mappingIssues(mapping: ResolvedMapping): Array<{ field: string; message: string }>
  capabilities(settings: z.output<S>, options: ConnectorOptions): ConnectorCapabilities
  create(context: ConnectorContext<z.output<S>>): Connector
}

export { HEADER_SECRET_PREFIX }

/** The photo limits' names, for the back ends that take a face (SophonFogSys, Tuya). */
/**
 * Default push limits for a back end whose document states no rate limit: modest for an
 * on-premise service on a LAN (each target can be given its own in Settings or `enroll sync limit`).
 */
export const UNSTATED_LIMITS: SyncLimits = { ratePerSecond: 10, concurrency: 4 }

export const PHOTO_LIMIT_LABELS = {
  maxPhotoBytes: { en: 'Largest photo (bytes)', 'zh-CN': '照片大小上限（字节）' },
  maxPhotoSide: { en: 'Largest photo side (pixels)', 'zh-CN': '照片边长上限（像素）' },
} as const satisfies Record<string, LocalizedText>

/** Custom headers (SophonFogSys, HYAPI): names live in the settings, values in the vault. */
export function configuredHeaders(names: readonly string[], secrets: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const name of names) {
    const value = secrets[`${HEADER_SECRET_PREFIX}${name}`]
    if (value !== undefined) headers[name] = value
  }
  return headers
}

/** Values the document allows for a mapped field; reports each mapped value outside them. */
export function allowedValuesIssues(
  field: string,
  values: Record<string, string | undefined>,
  allowed: readonly string[],
): FieldIssue[] {
  return Object.entries(values)
    .filter(([, value]) => value !== undefined && !allowed.includes(value))
    .map(([local, value]) => codedIssue(`mapping.${field}.${local}`, 'field.not_one_of', { value: value!, allowed: allowed.join(', ') }))
}

/** A required text setting whose message says "is required" when it is missing, not a type error. */
export function requiredText() {
  const required = schemaWording('field.required')
  return z.string({ error: (issue) => (issue.input === undefined ? required : schemaWording('field.not_text')) }).trim().min(1, required)
}

/** ISDP, HYAPI and YCE document an update of an existing record and little else. */
export function updateOnlyCapabilities(notes: LocalizedText[], more: Partial<ConnectorCapabilities> = {}): ConnectorCapabilities {
  return { create: false, update: true, disable: false, delete: false, photo: false, lookup: false, ...more, notes }
}
