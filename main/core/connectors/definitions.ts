/**
 * The one list of back ends. Every registry is built from it: the connector factory
 * (`createConnector`), the Settings dialog's `target.kinds` (fields, labels in both languages,
 * what a remote id means), the contract's check of a target's kind, the sync queue's default
 * limits and shared rate buckets, and the CLI's `target add` options and usage. A new back end is
 * its folder plus one line here.
 */
import { coreError } from '../../../common/errors/core-error'
import type { ConnectorDefinition } from './definition'
import { hyapiDefinition } from './hyapi/hyapi'
import { isdpDefinition } from './isdp/isdp'
import { sophonDefinition } from './sophon/sophon'
import { tuyaDefinition } from './tuya/tuya'
import { yceDefinition } from './yce/yce'
import type { TargetKind } from './types'

export type { CliOption, ConnectorDefinition } from './definition'

/** Those registerConnectorDefinition added after the app's own (a test's throw-away kind). */
const added: ConnectorDefinition[] = []

/**
 * The list, read when asked. Not a constant built at load: the back ends' modules reach this one
 * (http.ts names a kind by its label), so the list is made only once they have all loaded.
 */
export function connectorDefinitions(): readonly ConnectorDefinition[] {
  return [sophonDefinition, tuyaDefinition, isdpDefinition, hyapiDefinition, yceDefinition, ...added]
}

/** The definition of a kind; a kind the list does not hold is refused naming the field `kind`. */
export function definitionOf(kind: TargetKind): ConnectorDefinition {
  const definition = connectorDefinitions().find((known) => known.kind === kind)
  if (!definition) throw coreError('invalid', 'target.unknown_kind', { kind, known: connectorDefinitions().map((known) => known.kind).join(', ') }, { field: 'kind' })
  return definition
}

/** The name people know a kind's back end by (the kind itself for one the list does not hold). */
export function kindLabel(kind: TargetKind): string {
  return connectorDefinitions().find((known) => known.kind === kind)?.label ?? kind
}

/**
 * Adds a back end from its folder's definition; every registry reads the list when asked, so the
 * new kind shows in the CLI, in `target.kinds` and in the sync limits. The app's own back ends are
 * the list above; test/connectors/definitions.test.ts adds a throw-away kind this way.
 */
export function registerConnectorDefinition(definition: ConnectorDefinition): void {
  if (connectorDefinitions().some((known) => known.kind === definition.kind)) throw new Error(`a back end of kind ${definition.kind} is already defined`)
  added.push(definition)
}
