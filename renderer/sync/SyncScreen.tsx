import { useEffect, useState } from 'react'
import type { ChannelResult } from '../../common/contract'
import { useT } from '../i18n'
import { useStation } from '../store'
import { getBridge } from '../store/bridge-holder'
import { useCan } from '../session/permissions'
import { errorMessage } from '../shared/errors'
import { Icon } from '../shared/icons'
import { AttentionList } from './AttentionList'
import { HistoryChart } from './HistoryChart'
import { TargetCard } from './TargetCard'
import './sync.css'

const HISTORY_HOURS = 6
/** Rates and progress move without a change notice for every push; while shown, look again this often. */
const POLL_MS = 3000

/** Per back end: reachable or not, what waits, what failed, and the last hours as a chart. */
export function SyncScreen() {
  const { t } = useT()
  const summary = useStation((state) => state.syncSummary)
  const freshness = useStation((state) => state.syncFreshness)
  const { loadSyncSummary, notify, go } = useStation.getState()
  const can = useCan()
  const [history, setHistory] = useState<ChannelResult<'sync.history'>>([])

  useEffect(() => {
    const refresh = () => {
      void loadSyncSummary().catch(() => undefined)
      void getBridge()
        .invoke('sync.history', { hours: HISTORY_HOURS })
        .then(setHistory)
        .catch(() => undefined)
    }
    refresh()
    const timer = setInterval(refresh, POLL_MS)
    return () => clearInterval(timer)
  }, [loadSyncSummary, freshness])

  if (summary && summary.targets.length === 0) return <NoTargets />

  const totals = summary?.totals
  return (
    <div className="screen">
      <header className="screen__header">
        <div>
          <h1>{t('sync.title')}</h1>
          <p className="screen__sub">
            {totals ? t('sync.totals', { pending: totals.pending, attention: totals.attention, synced: totals.synced }) : t('common.loading')}
          </p>
        </div>
        {summary?.workerRunning && can('sync.now') && (
          <div className="screen__actions">
            <button
              type="button"
              className="button button--primary"
              onClick={() =>
                getBridge()
                  .invoke('sync.now', {})
                  .then(() => notify('info', t('sync.nowStarted')))
                  .catch((error) => notify('error', errorMessage(error)))
              }
            >
              <Icon name="sync" size={18} /> {t('sync.now')}
            </button>
          </div>
        )}
      </header>
      {summary && !summary.workerRunning && (
        <p className="banner banner--info" role="status">
          {t('sync.workerStopped')}
        </p>
      )}
      <div className="target-grid">
        {summary?.targets.map((target) => <TargetCard key={target.targetId} target={target} workerRunning={summary.workerRunning} />)}
      </div>
      <section className="card chart-card" aria-labelledby="chart-title">
        <h2 id="chart-title">{t('sync.chartTitle')}</h2>
        {/* an empty chart where nothing pushes would read as "nothing was pushed", which may be untrue */}
        {summary?.workerRunning || history.some((bucket) => bucket.pushed + bucket.failed + bucket.refused > 0) ? (
          <HistoryChart buckets={history} hours={HISTORY_HOURS} />
        ) : (
          <p className="muted">{t('sync.chartWhereWorker')}</p>
        )}
      </section>
      <AttentionList />
      <p className="muted">
        <button type="button" className="link-button link-button--inline" onClick={() => go('settings')}>
          {t('sync.manageTargets')}
        </button>
      </p>
    </div>
  )
}

function NoTargets() {
  const { t } = useT()
  const info = useStation((state) => state.info)
  const go = useStation((state) => state.go)
  return (
    <div className="screen">
      <header className="screen__header">
        <div>
          <h1>{t('sync.title')}</h1>
          <p className="screen__sub">{t('sync.explain')}</p>
        </div>
      </header>
      <section className="card empty-state" aria-labelledby="sync-empty-title">
        <Icon name="server" size={48} />
        <h2 id="sync-empty-title">{t('sync.noTargets')}</h2>
        <p>{t('sync.noTargetsExplain', { count: info?.counts.total ?? 0 })}</p>
        <button type="button" className="button" onClick={() => go('settings')}>
          {t('sync.openSettings')}
        </button>
      </section>
    </div>
  )
}
