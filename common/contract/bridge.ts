import type { StationEvent } from '../events'
import type { ErrorParams, MessageCode } from '../errors/message-codes'
import type { Channel, ChannelInput, ChannelResult } from './index'

/** What a renderer can call, whatever carries it (Electron IPC, loopback HTTP, an in-memory mock). */
export interface Bridge {
  invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelResult<C>>
  subscribe(listener: (event: StationEvent) => void): () => void
  photoUrl(hash: string): string
}

/** One refused field as it crosses the bridge: the core's English, and the message code to word it by when there is one. */
export interface BridgeIssue {
  field: string
  message: string
  messageCode?: MessageCode
  params?: ErrorParams
}

/** Errors cross the bridge as data and are rebuilt on the other side; `messageCode` and `params` say it in any language. */
export interface BridgeErrorShape {
  code: string
  message: string
  field?: string
  issues: BridgeIssue[]
  messageCode?: MessageCode
  params?: ErrorParams
}

export class BridgeError extends Error implements BridgeErrorShape {
  readonly code: string
  readonly field?: string
  readonly issues: BridgeIssue[]
  readonly messageCode?: MessageCode
  readonly params?: ErrorParams
  constructor(shape: BridgeErrorShape) {
    super(shape.message)
    this.name = 'BridgeError'
    this.code = shape.code
    this.field = shape.field
    this.issues = shape.issues ?? []
    this.messageCode = shape.messageCode
    this.params = shape.params
  }
}

/** What preload/index.ts exposes on `window.station` through contextBridge. */
export interface PreloadApi {
  invoke(channel: Channel, input: unknown): Promise<{ ok: true; result: unknown } | { ok: false; error: BridgeErrorShape }>
  onEvent(listener: (event: StationEvent) => void): () => void
}

/** The two Electron IPC channels every call and event travels on. */
export const IPC_INVOKE = 'station:invoke'
export const IPC_EVENT = 'station:event'
