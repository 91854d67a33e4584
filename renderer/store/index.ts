import { create } from 'zustand'
import { createUiSlice, type UiSlice } from './ui-slice'
import { createInfoSlice, type InfoSlice } from '../settings/info-slice'
import { createGroupsSlice, type GroupsSlice } from '../groups/groups-slice'
import { createPersonsSlice, type PersonsSlice } from '../persons/persons-slice'
import { createSyncSlice, type SyncSlice } from '../sync/sync-slice'
import { createSessionSlice, type SessionSlice } from '../session/session-slice'

/** One store made of one slice per feature; the main process owns the data, these are views of it. */
export type StationState = UiSlice & InfoSlice & GroupsSlice & PersonsSlice & SyncSlice & SessionSlice

export const useStation = create<StationState>()((...args) => ({
  ...createUiSlice(...args),
  ...createInfoSlice(...args),
  ...createGroupsSlice(...args),
  ...createPersonsSlice(...args),
  ...createSyncSlice(...args),
  ...createSessionSlice(...args),
}))

const initialState = useStation.getState()

// Another operator at the desk (or nobody) starts from fresh views: nothing shown to the previous
// one (a blacklist reason, a list of persons, the screen they were on) stays in the page.
useStation.subscribe((state, previous) => {
  if (previous.session && state.session?.operator?.id !== previous.session.operator?.id) {
    useStation.setState({ ...initialState, language: state.language, session: state.session, sessionError: state.sessionError }, true)
  }
})

/** Back to a fresh start (tests, or after reconnecting to another station). */
export function resetStores(): void {
  useStation.setState(initialState, true)
}

export { setBridge, getBridge } from './bridge-holder'
export type { Screen } from './ui-slice'
