import { useEffect, useState } from 'react'
import type { AuditEntry } from '../../common/persons/audit-entry'
import { useT, type MessageKey } from '../i18n'
import { getBridge } from '../store/bridge-holder'
import { formatDateTime } from '../shared/dates'
import { errorMessage } from '../shared/errors'

export const ACTIONS: Record<string, MessageKey> = {
  create: 'history.create',
  update: 'history.update',
  'set-photo': 'history.setPhoto',
  'remove-photo': 'history.removePhoto',
  delete: 'history.delete',
  restore: 'history.restore',
  'detach-group': 'history.detachGroup',
  'add-groups': 'history.addGroups',
  'remove-groups': 'history.removeGroups',
  enable: 'history.enable',
  disable: 'history.disable',
}

/** The audit trail of one person, newest first: who changed what, from what to what. */
export function PersonHistory({ personId, version }: { personId: string; version: number }) {
  const { t, language } = useT()
  const [entries, setEntries] = useState<AuditEntry[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    getBridge()
      .invoke('person.history', { id: personId })
      .then((list) => setEntries([...list].reverse()))
      .catch((failure) => setError(errorMessage(failure)))
  }, [personId, version])

  if (error) return <p className="banner banner--error">{error}</p>
  if (!entries) return <p className="muted">{t('common.loading')}</p>
  if (entries.length === 0) return <p className="muted">{t('history.empty')}</p>
  return (
    <ol className="history">
      {entries.map((entry) => (
        <li key={entry.id} className="history__entry">
          <div className="history__head">
            <strong>{ACTIONS[entry.action] ? t(ACTIONS[entry.action]) : entry.action}</strong>
            <span className="muted">
              {formatDateTime(entry.at, language)} · {entry.actor}
            </span>
          </div>
          {entry.changes && Object.keys(entry.changes).length > 0 && (
            <dl className="history__changes">
              {Object.entries(entry.changes).map(([field, [before, after]]) => (
                <div key={field} className="history__change">
                  <dt>{field}</dt>
                  <dd>
                    <span className="history__before">{describe(before)}</span> → <span>{describe(after)}</span>
                  </dd>
                </div>
              ))}
            </dl>
          )}
        </li>
      ))}
    </ol>
  )
}

function describe(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—'
  if (Array.isArray(value)) return value.length ? value.join(', ') : '—'
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>
    if (typeof record.hash === 'string') return `${record.hash.slice(0, 8)}…`
    if (typeof record.number === 'string') return `${String(record.type ?? '')} ${record.number}`.trim()
    return JSON.stringify(value)
  }
  return String(value)
}
