/**
 * The one list of back ends. Every registry is built from it: the connector factory
 * (`createConnector`), the Settings dialog's `target.kinds`, the sync queue's default limits and
 * the CLI's `target add` options and usage. A new back end is its folder plus one line here.
 */
import type { ConnectorDefinition } from './definition'
import { hyapiDefinition } from './hyapi/hyapi'
import { isdpDefinition } from './isdp/isdp'
import { sophonDefinition } from './sophon/sophon'
import { tuyaDefinition } from './tuya/tuya'
import { yceDefinition } from './yce/yce'
import type { TargetKind } from './types'

export type { CliOption, ConnectorDefinition } from './definition'

export const CONNECTOR_DEFINITION_LIST: readonly ConnectorDefinition[] = [sophonDefinition, tuyaDefinition, isdpDefinition, hyapiDefinition, yceDefinition]

export const CONNECTOR_DEFINITIONS = Object.fromEntries(CONNECTOR_DEFINITION_LIST.map((definition) => [definition.kind, definition])) as {
  readonly [K in TargetKind]: ConnectorDefinition
}
