import { PRODUCT_NAME } from '../core/paths'
import type { SyncCounts } from '../core/sync'
import type { ShellLanguage } from './language'

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
  const zh = language === 'zh-CN'
  if (!counts) return { state: 'idle', tooltip: PRODUCT_NAME }
  if (counts.failed > 0) {
    return { state: 'attention', tooltip: `${PRODUCT_NAME} — ${zh ? `${counts.failed} 项同步失败，请查看` : `${counts.failed} failed to sync, please check`}` }
  }
  if (counts.running || counts.pending > 0) {
    return { state: 'busy', tooltip: `${PRODUCT_NAME} — ${zh ? `正在同步，剩余 ${counts.pending} 项` : `syncing, ${counts.pending} waiting`}` }
  }
  return { state: 'idle', tooltip: `${PRODUCT_NAME} — ${zh ? '已全部同步' : 'all synced'}` }
}
