import { PRODUCT_NAME } from '../core/paths'
import type { SyncCounts } from '../core/sync'
import type { ShellLanguage } from './language'
import { sharedTranslator } from '../../common/i18n/translator'

/**
 * What the tray shows about sending persons to the back ends: the sync queue's counts
 * (station.sync.counts() / onCounts) as one of three icons and a tooltip.
 */
export type { SyncCounts }

export type SyncIndicatorState = 'idle' | 'busy' | 'attention'

export interface SyncIndicator {
  state: SyncIndicatorState
  tooltip: string
}

export function syncIndicator(counts: SyncCounts | null, language: ShellLanguage): SyncIndicator {
  if (!counts) return { state: 'idle', tooltip: PRODUCT_NAME }
  const state: SyncIndicatorState = counts.failed > 0 ? 'attention' : counts.running || counts.pending > 0 ? 'busy' : 'idle'
  return { state, tooltip: sharedTranslator(language)(`shell.tray.${state}`, { product: PRODUCT_NAME, failed: counts.failed, pending: counts.pending }) }
}
