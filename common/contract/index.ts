import type { z } from 'zod'
import { appChannels } from './app'
import { backupChannels } from './backup'
import { siteChannels } from './site'
import { faceChannels } from './face'
import { groupChannels } from './groups'
import { operatorChannels } from './operators'
import { personChannels } from './persons'
import { retentionChannels } from './retention'
import { settingsChannels } from './settings'
import { syncChannels } from './sync'
import { targetChannels } from './targets'

/**
 * The bridge between the UI and the core, defined once: channel → input schema → result type.
 * Each domain keeps its channels in its own file; this joins them into the one map. Main's IPC
 * handlers, the preload, the loopback host, the CLI and the renderer's client are all typed from
 * it, and every request is validated against its schema on the core's side. Adding a channel
 * without a handler fails type checking (see main/core/api/handlers.ts).
 */
export const contract = {
  ...appChannels,
  ...personChannels,
  ...retentionChannels,
  ...groupChannels,
  ...syncChannels,
  ...faceChannels,
  ...targetChannels,
  ...settingsChannels,
  ...backupChannels,
  ...operatorChannels,
  ...siteChannels,
}

export type Contract = typeof contract
export type Channel = keyof Contract
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>
export type ChannelParsedInput<C extends Channel> = z.output<Contract[C]['input']>
export type ChannelResult<C extends Channel> = Contract[C]['result']
export const CHANNELS = Object.keys(contract) as Channel[]

export function isChannel(name: string): name is Channel {
  return Object.hasOwn(contract, name)
}

export { PersonQuerySchema } from './persons'
export type { AppInfo } from './app'
export { BridgeError, IPC_EVENT, IPC_INVOKE, type Bridge, type BridgeErrorShape, type PreloadApi } from './bridge'
export type { StationEvent } from '../events'
