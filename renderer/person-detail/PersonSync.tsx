import { useEffect, useState } from 'react'
import type { ChannelResult } from '../../common/contract'
import { useT } from '../i18n'
import { useStation } from '../store'
import { getBridge } from '../store/bridge-holder'
import { errorMessage } from '../shared/errors'
import { formatDateTime } from '../shared/dates'
import { syncErrorText } from '../../common/sync/sync-error-text'
import { SYNC_STATE_LABEL, SYNC_STATE_TONE } from '../sync/sync-labels'

type Rows = ChannelResult<'sync.person'>

/** This person on every back end: state, the back end's own message, and a retry. */
export function PersonSync({ personId }: { personId: string }) {
  const { t, language } = useT()
  const freshness = useStation((state) => state.syncFreshness)
  const notify = useStation((state) => state.notify)
  const [rows, setRows] = useState<Rows | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    getBridge()
      .invoke('sync.person', { id: personId })
      .then(setRows)
      .catch((failure) => setError(errorMessage(failure)))
  }, [personId, freshness])

  if (error) return <p className="banner banner--error">{error}</p>
  if (!rows) return <p className="muted">{t('common.loading')}</p>
  if (rows.length === 0) return <p className="muted">{t('sync.noTargets')}</p>

  const retry = async (targetId: string) => {
    try {
      await getBridge().invoke('sync.retry', { person: personId, target: targetId })
      notify('success', t('sync.retriedOne'))
    } catch (failure) {
      notify('error', errorMessage(failure))
    }
  }

  return (
    <ul className="person-sync">
      {rows.map(({ targetId, targetName, row }) => (
        <li key={targetId} className="person-sync__row">
          <div className="person-sync__target">
            <strong>{targetName}</strong>
            {row?.remoteId && <span className="muted">{t('sync.remoteId', { id: row.remoteId })}</span>}
          </div>
          {row ? (
            <>
              <span className={`pill pill--${SYNC_STATE_TONE[row.state]}`}>{t(SYNC_STATE_LABEL[row.state])}</span>
              <div className="person-sync__detail">
                {row.lastError && row.state !== 'synced' ? (
                  <span className="sync-message">{syncErrorText(row.lastError, t)}</span>
                ) : row.syncedAt ? (
                  <span className="muted">{t('sync.syncedAt', { when: formatDateTime(row.syncedAt, language) })}</span>
                ) : (
                  <span className="muted">{t('sync.queuedAt', { when: formatDateTime(row.queuedAt, language) })}</span>
                )}
              </div>
              {(row.state === 'attention' || row.state === 'failing') && (
                <button type="button" className="button button--small" onClick={() => void retry(targetId)} aria-label={t('sync.retryPerson', { name: row.name, target: targetName })}>
                  {t('sync.retry')}
                </button>
              )}
            </>
          ) : (
            <span className="muted">{t('sync.notQueued')}</span>
          )}
        </li>
      ))}
    </ul>
  )
}
