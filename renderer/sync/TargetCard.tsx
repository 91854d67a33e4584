import { useState } from 'react'
import { useT } from '../i18n'
import { useStation } from '../store'
import { getBridge } from '../store/bridge-holder'
import { useCan } from '../session/permissions'
import { errorMessage } from '../shared/errors'
import { formatDateTime } from '../shared/dates'
import { heldReasonText } from '../../common/sync/sync-error-text'
import { HEALTH_LABEL, HEALTH_TONE } from './sync-labels'
import type { TargetSummary } from './sync-slice'

/** One back end at a glance: can we reach it, what waits, what needs a person; pause and retry. */
export function TargetCard({ target, workerRunning }: { target: TargetSummary; workerRunning: boolean }) {
  const { t, language } = useT()
  const notify = useStation((state) => state.notify)
  const can = useCan()
  const [busy, setBusy] = useState(false)
  const health = workerRunning ? target.health : 'stopped'
  const act = async (action: () => Promise<unknown>, done: string) => {
    setBusy(true)
    try {
      await action()
      notify('success', done)
    } catch (error) {
      notify('error', errorMessage(error))
    } finally {
      setBusy(false)
    }
  }
  const { pending, failing, attention, synced } = target.counts
  return (
    <article className="card target-card" aria-labelledby={`target-${target.targetId}`} data-target={target.targetId}>
      <header className="target-card__header">
        <div>
          <h2 id={`target-${target.targetId}`}>{target.name}</h2>
          <span className="muted">{target.kind}</span>
        </div>
        <div className="target-card__badges">
          {target.paused && <span className="pill pill--quiet">{t('sync.paused')}</span>}
          {!target.enabled && <span className="pill pill--quiet">{t('sync.disabled')}</span>}
          <span className={`pill pill--${HEALTH_TONE[health]}`}>{t(HEALTH_LABEL[health])}</span>
        </div>
      </header>
      {target.healthMessage && health !== 'ok' && (
        <p className="target-card__message">
          {heldReasonText(target, t)}
          {target.healthSince && <span className="muted"> · {t('sync.since', { when: formatDateTime(target.healthSince, language) })}</span>}
        </p>
      )}
      <dl className="tally">
        <div className="tally__item tally__item--wait">
          <dt>{t('syncState.pending')}</dt>
          <dd>{(pending - failing).toLocaleString(language)}</dd>
        </div>
        <div className="tally__item tally__item--wait">
          <dt>{t('syncState.failing')}</dt>
          <dd>{failing.toLocaleString(language)}</dd>
        </div>
        <div className="tally__item tally__item--bad">
          <dt>{t('syncState.attention')}</dt>
          <dd>{attention.toLocaleString(language)}</dd>
        </div>
        <div className="tally__item tally__item--good">
          <dt>{t('syncState.synced')}</dt>
          <dd>{synced.toLocaleString(language)}</dd>
        </div>
      </dl>
      {pending + synced > 0 && (
        <div className="progress" role="progressbar" aria-label={t('sync.progress')} aria-valuemin={0} aria-valuemax={pending + synced + attention} aria-valuenow={synced}>
          <span className="progress__good" style={{ width: `${(synced / (pending + synced + attention)) * 100}%` }} />
          <span className="progress__bad" style={{ width: `${(attention / (pending + synced + attention)) * 100}%` }} />
        </div>
      )}
      <footer className="target-card__footer">
        <span className="muted">
          {workerRunning ? t('sync.rate', { rate: target.rate.toFixed(1), running: target.running }) : t('sync.limits', { rate: target.limits.ratePerSecond, concurrency: target.limits.concurrency })}
        </span>
        <span className="spacer" />
        {failing + attention > 0 && can('sync.retry') && (
          <button
            type="button"
            className="button button--small"
            disabled={busy}
            onClick={() => void act(() => getBridge().invoke('sync.retry', { person: 'all', target: target.targetId }), t('sync.retried', { name: target.name }))}
          >
            {t('sync.retryAll')}
          </button>
        )}
        {can('sync.pause') && (
          <button
            type="button"
            className="button button--small"
            disabled={busy}
            aria-pressed={target.paused}
            onClick={() =>
              void act(
                () => getBridge().invoke('sync.pause', { target: target.targetId, paused: !target.paused }),
                t(target.paused ? 'sync.resumed' : 'sync.pausedNow', { name: target.name }),
              )
            }
          >
            {target.paused ? t('sync.resume') : t('sync.pause')}
          </button>
        )}
      </footer>
    </article>
  )
}
