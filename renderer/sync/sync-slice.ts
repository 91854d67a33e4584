import type { StateCreator } from 'zustand'
import type { StationState } from '../store'
import type { ChannelResult } from '../../common/contract'
import { getBridge } from '../store/bridge-holder'

export type SyncSummary = ChannelResult<'sync.summary'>
export type TargetSummary = SyncSummary['targets'][number]
export type SyncRow = ChannelResult<'sync.status'>['items'][number]
export type SyncDisplayState = SyncRow['state']

export interface SyncSlice {
  syncSummary: SyncSummary | null
  /** Bumped on every sync or targets change notice; views showing sync state re-query on it. */
  syncFreshness: number
  loadSyncSummary(): Promise<void>
  syncChanged(): void
}

export const createSyncSlice: StateCreator<StationState, [], [], SyncSlice> = (set, get) => ({
  syncSummary: null,
  syncFreshness: 0,
  async loadSyncSummary() {
    set({ syncSummary: await getBridge().invoke('sync.summary', {}) })
  },
  syncChanged() {
    set({ syncFreshness: get().syncFreshness + 1 })
  },
})
