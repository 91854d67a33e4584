import type { z } from 'zod'
import { codedIssue, fromZodError, issuesError, type FieldIssue } from '../../../common/errors/core-error'
import type { TargetConfig } from '../../../common/targets/target-config'
import { HEADER_SECRET_PREFIX } from './definition'
import { DEFAULT_TIMEOUT_MS } from './http'
import { definitionOf } from './definitions'
import { MappingSchema, resolveMapping, type ResolvedMapping } from './mapping'
import type { Connector, ConnectorCapabilities, ConnectorOptions, TargetKind } from './types'

export * from './types'
export type { CliOption, ConnectorDefinition, SecretField } from './definition'
export { connectorDefinitions, definitionOf, kindLabel } from './definitions'
export { HEADER_SECRET_PREFIX } from './definition'
export { MappingSchema, type Mapping, type MappingInput, type ResolvedMapping } from './mapping'

export type ConnectorTarget = Pick<TargetConfig, 'kind' | 'baseUrl' | 'settings' | 'mapping'>

/**
 * Builds the connector for a configured target. Throws CoreError('invalid') naming the field
 * when the settings, the secrets or the mapping are not what the back end needs.
 */
export function createConnector(target: ConnectorTarget, secrets: Record<string, string>, options: ConnectorOptions = {}): Connector {
  const definition = definitionOf(target.kind)
  const { settings, mapping, issues } = checkTarget(target, secrets)
  if (issues.length > 0) throw issuesError(issues)
  return definition.create({
    baseUrl: target.baseUrl,
    settings,
    secrets,
    mapping,
    http: { kind: target.kind, fetch: options.fetch ?? globalThis.fetch, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS },
    now: options.now ?? Date.now,
    options,
  })
}

/** Every problem with a target's configuration, each as "field: message"; nothing is sent. */
export function targetIssues(target: ConnectorTarget, secrets: Record<string, string> | null): FieldIssue[] {
  return checkTarget(target, secrets).issues
}

export function connectorCapabilities(target: ConnectorTarget, options: ConnectorOptions = {}): ConnectorCapabilities {
  const definition = definitionOf(target.kind)
  const parsed = definition.settingsSchema.safeParse(target.settings)
  return definition.capabilities(parsed.success ? parsed.data : {}, options)
}

/** Non-secret settings with their defaults applied (what `target list` shows). */
export function parseSettings(kind: TargetKind, settings: unknown): Record<string, unknown> {
  const parsed = definitionOf(kind).settingsSchema.safeParse(settings)
  if (!parsed.success) throw fromZodError(parsed.error, 'settings')
  return parsed.data as Record<string, unknown>
}

/** The secret keys this target expects, e.g. ["clientSecret"] or ["header:Authorization"]. */
export function secretKeys(kind: TargetKind, settings: unknown): string[] {
  const definition = definitionOf(kind)
  const headerNames = headerNamesOf(settings)
  return definition.secretFields.flatMap((field) =>
    field.key === `${HEADER_SECRET_PREFIX}*` ? headerNames.map((name) => `${HEADER_SECRET_PREFIX}${name}`) : [field.key],
  )
}

function checkTarget(
  target: ConnectorTarget,
  secrets: Record<string, string> | null,
): { settings: unknown; mapping: ResolvedMapping; issues: FieldIssue[] } {
  const definition = definitionOf(target.kind)
  const issues: FieldIssue[] = []
  const parsedSettings = (definition.settingsSchema as z.ZodType).safeParse(target.settings)
  if (!parsedSettings.success) issues.push(...fromZodError(parsedSettings.error, 'settings').issues)
  const settings = parsedSettings.success ? parsedSettings.data : {}

  let mapping = definition.defaultMapping
  const parsedMapping = MappingSchema.safeParse(target.mapping ?? {})
  if (parsedMapping.success) {
    mapping = resolveMapping(definition.defaultMapping, parsedMapping.data)
    issues.push(...definition.mappingIssues(mapping))
  } else {
    issues.push(...fromZodError(parsedMapping.error, 'mapping').issues)
  }

  if (secrets !== null) {
    const headerNames = headerNamesOf(settings)
    for (const field of definition.secretFields) {
      const keys = field.key === `${HEADER_SECRET_PREFIX}*` ? headerNames.map((name) => `${HEADER_SECRET_PREFIX}${name}`) : [field.key]
      const required = field.required || field.key === `${HEADER_SECRET_PREFIX}*`
      for (const key of keys) if (required && !secrets[key]) issues.push(codedIssue(`secrets.${key}`, 'field.required'))
    }
  }

  if (!/^https?:\/\/[^/\s]+/i.test(target.baseUrl)) issues.push(codedIssue('baseUrl', 'field.http_url'))
  return { settings, mapping, issues }
}

function headerNamesOf(settings: unknown): string[] {
  const names = (settings as { headerNames?: unknown })?.headerNames
  return Array.isArray(names) ? names.map(String) : []
}
