import { create } from 'zustand'
import { createUiSlice, type UiSlice } from './ui-slice'
import { createInfoSlice, type InfoSlice } from '../settings/info-slice'
import { createGroupsSlice, type GroupsSlice } from '../groups/groups-slice'
import { createPersonsSlice, type PersonsSlice } from '../persons/persons-slice'
import { createSyncSlice, type SyncSlice } from '../sync/sync-slice'

/** One store made of one slice per feature; the main process owns the data, these are views of it. */
export type StationState = UiSlice & InfoSlice & GroupsSlice & PersonsSlice & SyncSlice

export const useStation = create<StationState>()((...args) => ({
  ...createUiSlice(...args),
  ...createInfoSlice(...args),
  ...createGroupsSlice(...args),
  ...createPersonsSlice(...args),
  ...createSyncSlice(...args),
}))

const initialState = useStation.getState()

/** Back to a fresh start (tests, or after reconnecting to another station). */
export function resetStores(): void {
  useStation.setState(initialState, true)
}

export { setBridge, getBridge } from './bridge-holder'
export type { Screen } from './ui-slice'
