/**
 * What a form needs to configure each kind of back end, read from the connectors' own settings
 * schemas and secret fields, so a new setting appears in Settings without a second list to keep.
 *
 *   targetKinds() → TargetKindInfo[]     every kind: its settings fields, secrets, headers, capabilities
 *   settingsFieldKeys(kind) → string[]   the settings keys the kind's schema knows (headerNames included)
 *
 * Labels come in both languages from each definition (`settingLabels`, secret fields,
 * `remoteIdMeaning`), so the form shows a new kind's fields by their names with no table of its own.
 */
import type { z } from 'zod'
import { connectorDefinitions, connectorCapabilities, definitionOf, HEADER_SECRET_PREFIX, type ConnectorDefinition, type TargetKind } from '../connectors'
import type { SettingInput, TargetKindInfo, TargetSecretField, TargetSettingField } from '../../../common/targets/target-view'

export type { SettingInput, TargetKindInfo, TargetSecretField, TargetSettingField } from '../../../common/targets/target-view'

/** Custom headers get their own editor (a name and a secret value per row), not a list field. */
const HEADER_NAMES = 'headerNames'
/** zod wrappers around a setting's own type: a default or optional makes it not required. */
const WRAPPERS = new Set(['default', 'optional', 'prefault', 'nullable', 'pipe'])

interface ZodDef {
  type: string
  innerType?: z.ZodType
  out?: z.ZodType
  defaultValue?: unknown
  shape?: Record<string, z.ZodType>
  entries?: Record<string, string>
  element?: z.ZodType
}

function defOf(schema: z.ZodType): ZodDef {
  return (schema as unknown as { _zod: { def: ZodDef } })._zod.def
}

function describeSetting(definition: ConnectorDefinition, key: string, schema: z.ZodType): TargetSettingField {
  let def = defOf(schema)
  let required = true
  let fallback: unknown
  while (WRAPPERS.has(def.type)) {
    if (def.type === 'default' || def.type === 'prefault') {
      required = false
      fallback = def.defaultValue
    }
    if (def.type === 'optional' || def.type === 'nullable') required = false
    def = defOf((def.type === 'pipe' ? def.out : def.innerType)!)
  }
  const field: TargetSettingField = {
    key,
    label: definition.settingLabels[key] ?? { en: key, 'zh-CN': key },
    input: 'text',
    numeric: false,
    required,
    advanced: !definition.essentialSettings.includes(key),
    ...(fallback !== undefined ? { default: fallback } : {}),
  }
  if (def.type === 'number') field.input = 'number'
  else if (def.type === 'enum') Object.assign(field, { input: 'choice', choices: Object.values(def.entries ?? {}) })
  else if (def.type === 'array') Object.assign(field, { input: 'list', numeric: defOf(def.element!).type === 'number' })
  return field
}

function shapeOf(definition: ConnectorDefinition): Record<string, z.ZodType> {
  return defOf(definition.settingsSchema).shape ?? {}
}

/** Refuses a kind the list of definitions does not hold, naming the field `kind`. */
export function settingsFieldKeys(kind: TargetKind): string[] {
  return Object.keys(shapeOf(definitionOf(kind)))
}

export function targetKinds(): TargetKindInfo[] {
  return connectorDefinitions().map((definition) => {
    const kind = definition.kind
    const headerField = definition.secretFields.find((field) => field.key === `${HEADER_SECRET_PREFIX}*`)
    return {
      kind,
      label: definition.label,
      settings: Object.entries(shapeOf(definition))
        .filter(([key]) => key !== HEADER_NAMES)
        .map(([key, schema]) => describeSetting(definition, key, schema)),
      secrets: definition.secretFields.filter((field) => field !== headerField).map(({ key, label, required }) => ({ key, label, required })),
      headers: headerField ? { label: headerField.label, required: headerField.required } : null,
      remoteIdMeaning: definition.remoteIdMeaning,
      capabilities: connectorCapabilities({ kind, baseUrl: 'http://localhost', settings: {}, mapping: { types: {}, groups: {}, genders: {}, certificateTypes: {}, phone: {} } }),
    }
  })
}
