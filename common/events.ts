import type { CaptureSettings } from './settings/capture-settings'

/**
 * What the UI hears about: coarse "this changed" notices, batched per tick, so a bulk import
 * becomes one refresh, not ten thousand. The renderer re-queries what it shows.
 */
export type StationEvent =
  | { type: 'persons.changed'; ids: string[] }
  | { type: 'groups.changed' }
  | { type: 'targets.changed' }
  | { type: 'sync.changed'; personIds: string[] }
  | { type: 'progress'; task: string; done: number; total: number; label?: string }
  /** Carries the new record, so a live camera applies the limits without asking again. */
  | { type: 'settings.changed'; capture: CaptureSettings }
