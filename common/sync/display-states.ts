/**
 * What a person × target shows: `failing` is pending after a failure; `paused` is pending on a
 * paused target. Browser-safe: the contract (and so the renderer) imports this without pulling
 * the sync engine.
 */
export const SYNC_DISPLAY_STATES = ['pending', 'in_flight', 'failing', 'paused', 'synced', 'attention'] as const
export type SyncDisplayState = (typeof SYNC_DISPLAY_STATES)[number]
