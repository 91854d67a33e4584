import type { StationEvent } from '../events'
import type { Channel, ChannelInput, ChannelResult } from './index'

/** What a renderer can call, whatever carries it (Electron IPC, loopback HTTP, an in-memory mock). */
export interface Bridge {
  invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelResult<C>>
  subscribe(listener: (event: StationEvent) => void): () => void
  photoUrl(hash: string): string
}

/** Errors cross the bridge as data and are rebuilt on the other side. */
export interface BridgeErrorShape {
  code: string
  message: string
  field?: string
  issues: Array<{ field: string; message: string }>
}

export class BridgeError extends Error implements BridgeErrorShape {
  readonly code: string
  readonly field?: string
  readonly issues: Array<{ field: string; message: string }>
  constructor(shape: BridgeErrorShape) {
    super(shape.message)
    this.name = 'BridgeError'
    this.code = shape.code
    this.field = shape.field
    this.issues = shape.issues ?? []
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
