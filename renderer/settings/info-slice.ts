import type { StateCreator } from 'zustand'
import type { StationState } from '../store'
import type { AppInfo } from '../../common/contract'
import { getBridge } from '../store/bridge-holder'

export interface InfoSlice {
  info: AppInfo | null
  loadInfo(): Promise<void>
}

export const createInfoSlice: StateCreator<StationState, [], [], InfoSlice> = (set) => ({
  info: null,
  async loadInfo() {
    set({ info: await getBridge().invoke('app.info', {}) })
  },
})
