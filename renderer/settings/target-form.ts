/**
 * The Add/Edit target form as values the inputs hold (all text), and back to what target.add and
 * target.edit take. The form keeps no rule of its own: required fields, formats and secrets are
 * checked by the core, whose refusals come back here to be placed next to the field they name.
 */
import type { ChannelInput, ChannelResult } from '../../common/contract'
import { HEADER_SECRET_PREFIX } from '../../common/targets/target-kinds'

export type TargetView = ChannelResult<'target.list'>[number]
export type TargetKindInfo = ChannelResult<'target.kinds'>[number]
export type TargetKind = TargetKindInfo['kind']
export type SettingField = TargetKindInfo['settings'][number]
export type TargetTestResult = ChannelResult<'target.test'>

export { HEADER_SECRET_PREFIX }

export interface HeaderRow {
  name: string
  /** Blank: keep the stored value (when editing). */
  value: string
}

export interface TargetFormValues {
  kind: TargetKind
  name: string
  baseUrl: string
  expiryAction: 'disable' | 'delete'
  enabled: boolean
  /** Each setting as typed; lists are comma-separated. Blank: the default. */
  settings: Record<string, string>
  /** Fixed-key secrets as typed. Blank: keep the stored one (when editing). */
  secrets: Record<string, string>
  headers: HeaderRow[]
}

function settingText(value: unknown): string {
  if (value === undefined || value === null) return ''
  if (Array.isArray(value)) return value.join(', ')
  return String(value)
}

export function emptyForm(kind: TargetKindInfo): TargetFormValues {
  return {
    kind: kind.kind,
    name: '',
    baseUrl: '',
    expiryAction: 'disable',
    enabled: true,
    settings: Object.fromEntries(kind.settings.map((field) => [field.key, ''])),
    secrets: Object.fromEntries(kind.secrets.map((secret) => [secret.key, ''])),
    headers: kind.headers?.required ? [{ name: '', value: '' }] : [],
  }
}

export function formFromTarget(target: TargetView, kind: TargetKindInfo): TargetFormValues {
  const headerNames = Array.isArray(target.settings.headerNames) ? target.settings.headerNames.map(String) : []
  return {
    kind: target.kind,
    name: target.name,
    baseUrl: target.baseUrl,
    expiryAction: target.expiryAction,
    enabled: target.enabled,
    settings: Object.fromEntries(kind.settings.map((field) => [field.key, settingText(target.settings[field.key])])),
    secrets: Object.fromEntries(kind.secrets.map((secret) => [secret.key, ''])),
    headers: headerNames.map((name) => ({ name, value: '' })),
  }
}

/** Numbers go as numbers when they read as one; otherwise as typed, so the core names the mistake. */
function settingValue(field: SettingField, text: string): unknown {
  const trimmed = text.trim()
  if (trimmed === '') return undefined
  if (field.input === 'list') {
    const items = trimmed
      .split(/[,，\n]/)
      .map((item) => item.trim())
      .filter(Boolean)
    return field.numeric ? items.map((item) => (Number.isFinite(Number(item)) ? Number(item) : item)) : items
  }
  if (field.input === 'number') return Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed
  return trimmed
}

function settingsFrom(values: TargetFormValues, kind: TargetKindInfo): Record<string, unknown> {
  const settings: Record<string, unknown> = {}
  for (const field of kind.settings) {
    const value = settingValue(field, values.settings[field.key] ?? '')
    if (value !== undefined) settings[field.key] = value
  }
  if (kind.headers) settings.headerNames = values.headers.map((header) => header.name.trim()).filter(Boolean)
  return settings
}

function secretsFrom(values: TargetFormValues, kind: TargetKindInfo): Record<string, string> {
  const secrets: Record<string, string> = {}
  for (const secret of kind.secrets) if (values.secrets[secret.key]) secrets[secret.key] = values.secrets[secret.key]
  for (const header of values.headers) if (header.name.trim() && header.value) secrets[`${HEADER_SECRET_PREFIX}${header.name.trim()}`] = header.value
  return secrets
}

export function addInput(values: TargetFormValues, kind: TargetKindInfo): ChannelInput<'target.add'> {
  return {
    name: values.name,
    kind: values.kind,
    baseUrl: values.baseUrl.trim(),
    expiryAction: values.expiryAction,
    enabled: values.enabled,
    settings: settingsFrom(values, kind),
    secrets: secretsFrom(values, kind),
  }
}

export function editInput(target: TargetView, values: TargetFormValues, kind: TargetKindInfo): ChannelInput<'target.edit'> {
  return {
    id: target.id,
    version: target.version,
    patch: { name: values.name, baseUrl: values.baseUrl.trim(), expiryAction: values.expiryAction, enabled: values.enabled, settings: settingsFrom(values, kind) },
    secrets: secretsFrom(values, kind),
  }
}

/**
 * Where a refusal of the core goes on this form: "settings.clientId" → that setting,
 * "secrets.header:X-Api-Key" → that header's value, "settings.headerNames.1" → the second header's
 * name. Null: no field shows it (the banner above the form does).
 */
export function formPathOf(field: string, values: TargetFormValues): string | null {
  if (field === 'name' || field === 'baseUrl' || field === 'expiryAction') return field
  const headerName = /^settings\.headerNames\.(\d+)/.exec(field)
  if (headerName) return `headers.${headerName[1]}.name`
  const headerValue = field.startsWith(`secrets.${HEADER_SECRET_PREFIX}`) ? field.slice(`secrets.${HEADER_SECRET_PREFIX}`.length) : null
  if (headerValue !== null) {
    const index = values.headers.findIndex((header) => header.name.trim() === headerValue)
    return index >= 0 ? `headers.${index}.value` : null
  }
  const setting = /^settings\.([^.]+)/.exec(field)
  if (setting && setting[1] in values.settings) return `settings.${setting[1]}`
  const secret = /^secrets\.(.+)$/.exec(field)
  if (secret && secret[1] in values.secrets) return `secrets.${secret[1]}`
  return null
}

/** "1401, 1402" for a list default, "5242880" for a number: what the placeholder shows. */
export function defaultText(field: SettingField): string {
  return field.default === undefined ? '' : settingText(field.default)
}
