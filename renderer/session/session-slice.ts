import type { StateCreator } from 'zustand'
import type { StationState } from '../store'
import type { ChannelResult } from '../../common/contract'
import { getBridge } from '../store/bridge-holder'

export type SessionStatus = ChannelResult<'session.status'>
export type SignedInOperator = NonNullable<SessionStatus['operator']>

/**
 * Who sits at this desk, as the core sees it: the page shows the first-start, sign-in or lock
 * screen from this alone, and the core refuses every other call until someone has signed in.
 */
export interface SessionSlice {
  session: SessionStatus | null
  /** Why session.status could not be read (the station is unreachable), for the start screen. */
  sessionError: unknown
  loadSession(): Promise<void>
  setUpAdministrator(name: string, password: string): Promise<void>
  signIn(name: string, password: string): Promise<void>
  signOut(): Promise<void>
  lockSession(): Promise<void>
}

export const createSessionSlice: StateCreator<StationState, [], [], SessionSlice> = (set) => {
  const load = async () => {
    try {
      set({ session: await getBridge().invoke('session.status', {}), sessionError: null })
    } catch (error) {
      set({ sessionError: error })
    }
  }
  return {
    session: null,
    sessionError: null,
    loadSession: load,
    async setUpAdministrator(name, password) {
      try {
        await getBridge().invoke('session.setUp', { name, password })
      } catch (error) {
        // someone else set the station up meanwhile (another window): the page asks them to sign in instead
        if ((error as { messageCode?: string }).messageCode === 'session.already_set_up') await load()
        throw error
      }
      await load()
    },
    async signIn(name, password) {
      await getBridge().invoke('session.signIn', { name, password })
      await load()
    },
    async signOut() {
      await getBridge().invoke('session.signOut', {})
      await load()
    },
    async lockSession() {
      await getBridge().invoke('session.lock', {})
      await load()
    },
  }
}

/** The refusals that mean "nobody may act here now": the page then asks the core who is signed in. */
export function endsTheSession(error: unknown): boolean {
  const code = (error as { messageCode?: string } | null)?.messageCode
  return code === 'session.locked' || code === 'session.signed_out'
}
