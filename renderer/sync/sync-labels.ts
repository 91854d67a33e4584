import type { MessageKey } from '../i18n'
import type { SyncDisplayState, TargetSummary } from './sync-slice'

export const SYNC_STATE_LABEL: Record<SyncDisplayState, MessageKey> = {
  pending: 'syncState.pending',
  in_flight: 'syncState.in_flight',
  failing: 'syncState.failing',
  paused: 'syncState.paused',
  synced: 'syncState.synced',
  attention: 'syncState.attention',
}

/** One colour per meaning, shared by badges and the chart: green reached, amber waiting, red needs a person. */
export const SYNC_STATE_TONE: Record<SyncDisplayState, 'good' | 'wait' | 'bad' | 'quiet'> = {
  synced: 'good',
  pending: 'wait',
  in_flight: 'wait',
  failing: 'wait',
  paused: 'quiet',
  attention: 'bad',
}

export type Health = TargetSummary['health']

export const HEALTH_LABEL: Record<Health, MessageKey> = {
  ok: 'health.ok',
  unchecked: 'health.unchecked',
  unreachable: 'health.unreachable',
  refusing: 'health.refusing',
  stopped: 'health.stopped',
}

export const HEALTH_TONE: Record<Health, 'good' | 'wait' | 'bad' | 'quiet'> = {
  ok: 'good',
  // neither good nor bad: nothing has asked the back end yet
  unchecked: 'quiet',
  unreachable: 'bad',
  refusing: 'wait',
  stopped: 'quiet',
}
