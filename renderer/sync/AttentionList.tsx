import { useEffect, useState } from 'react'
import { useT } from '../i18n'
import { useStation } from '../store'
import { getBridge } from '../store/bridge-holder'
import { useCan } from '../session/permissions'
import { errorMessage } from '../shared/errors'
import { formatDateTime } from '../shared/dates'
import { syncErrorText } from '../../common/sync/sync-error-text'
import type { SyncRow } from './sync-slice'

const SHOWN = 50

/**
 * Persons a back end refused (needs attention) or keeps failing on (retrying), with the back end's
 * own words and a retry. The heading counts the two apart: the screen's summary counts only the
 * first.
 */
export function AttentionList() {
  const { t, language } = useT()
  const freshness = useStation((state) => state.syncFreshness)
  const { openPerson, notify } = useStation.getState()
  const can = useCan()
  const [rows, setRows] = useState<{ items: SyncRow[]; attention: number; retrying: number } | null>(null)
  useEffect(() => {
    let current = true
    Promise.all([getBridge().invoke('sync.status', { state: 'attention', limit: SHOWN }), getBridge().invoke('sync.status', { state: 'failing', limit: SHOWN })])
      .then(([attention, failing]) => current && setRows({ items: [...attention.items, ...failing.items].slice(0, SHOWN), attention: attention.total, retrying: failing.total }))
      .catch(() => undefined)
    return () => {
      current = false
    }
  }, [freshness])
  if (!rows || rows.attention + rows.retrying === 0) return null

  const retry = async (row: SyncRow) => {
    try {
      await getBridge().invoke('sync.retry', { person: row.personId, target: row.targetId })
      notify('success', t('sync.retriedPerson', { name: row.name }))
    } catch (error) {
      notify('error', errorMessage(error))
    }
  }

  return (
    <section aria-labelledby="attention-title" className="stack">
      <h2 id="attention-title">{t('sync.attentionTitle', { attention: rows.attention, retrying: rows.retrying })}</h2>
      <table className="table table--compact">
        <thead>
          <tr>
            <th scope="col">{t('field.name')}</th>
            <th scope="col">{t('sync.target')}</th>
            <th scope="col">{t('persons.status')}</th>
            <th scope="col">{t('sync.message')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('common.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.items.map((row) => (
            <tr key={`${row.personId}:${row.targetId}`}>
              <th scope="row">
                <button type="button" className="link-button" onClick={() => openPerson(row.personId)}>
                  {row.name}
                </button>
                <div className="cell__sub">{row.code}</div>
              </th>
              <td>{row.targetName}</td>
              <td>
                <span className={`pill pill--${row.state === 'attention' ? 'bad' : 'wait'}`}>{t(row.state === 'attention' ? 'syncState.attention' : 'syncState.failing')}</span>
                <div className="cell__sub">{t('sync.attempts', { count: row.attempts })}</div>
              </td>
              <td className="sync-message">
                {/* by its message code, the back end's own words inside; an old error as recorded */}
                {row.lastError ? syncErrorText(row.lastError, t) : (row.detail ?? '')}
                {row.lastError && <div className="cell__sub">{formatDateTime(row.lastError.at, language)}</div>}
              </td>
              <td className="row-actions-cell">
                {can('sync.retry') && (
                  <button type="button" className="button button--small" onClick={() => void retry(row)} aria-label={t('sync.retryPerson', { name: row.name, target: row.targetName })}>
                    {t('sync.retry')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
