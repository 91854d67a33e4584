import { useCallback, useEffect, useState, type FormEvent } from 'react'
import type { AuditListEntry } from '../../common/operators/operator-types'
import { useT, type MessageKey } from '../i18n'
import { useStation } from '../store'
import { getBridge } from '../store/bridge-holder'
import { formatDateTime } from '../shared/dates'
import { errorMessage } from '../shared/errors'
import { downloadBase64 } from '../shared/files'
import { Icon } from '../shared/icons'
import { ACTIONS } from '../person-detail/PersonHistory'
import { useCan } from '../session/permissions'
import './audit.css'

const PAGE = 200

/** What each audited action is called: a person's changes as in their history, plus the desk's sign-ins. */
const ACTION_LABELS: Record<string, MessageKey> = {
  ...ACTIONS,
  sign_in: 'audit.action.sign_in',
  sign_out: 'audit.action.sign_out',
  lock: 'audit.action.lock',
  idle_lock: 'audit.action.idle_lock',
  sign_in_failed: 'audit.action.sign_in_failed',
  locked_out: 'audit.action.locked_out',
  sign_in_refused: 'audit.action.sign_in_refused',
}

const ENTITY_LABELS: Record<string, MessageKey> = {
  person: 'audit.entity.person',
  operator: 'audit.entity.operator',
  group: 'audit.entity.group',
  settings: 'audit.entity.settings',
  target: 'audit.entity.target',
  session: 'audit.entity.session',
  site: 'audit.entity.site',
}

/** A known name in the page's language; anything newer as the core wrote it. */
const labelOf = (labels: Record<string, MessageKey>, name: string, t: (key: MessageKey) => string) => (Object.hasOwn(labels, name) ? t(labels[name]) : name)

interface AuditFilter {
  operator: string
  person: string
}

const asQuery = (filter: AuditFilter) => ({ operator: filter.operator.trim() || undefined, person: filter.person.trim() || undefined })

/** Who changed what at this station, newest first; by operator and by person, and as a CSV file. */
export function AuditScreen() {
  const { t, language } = useT()
  const notify = useStation((state) => state.notify)
  const can = useCan()
  const [typed, setTyped] = useState<AuditFilter>({ operator: '', person: '' })
  const [filter, setFilter] = useState<AuditFilter>(typed)
  const [entries, setEntries] = useState<AuditListEntry[] | null>(null)
  const [more, setMore] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const load = useCallback(
    async (before?: string) => {
      try {
        const page = await getBridge().invoke('audit.list', { ...asQuery(filter), limit: PAGE, before })
        setEntries((shown) => (before && shown ? [...shown, ...page] : page))
        setMore(page.length === PAGE)
        setError(null)
      } catch (failure) {
        setError(errorMessage(failure))
      }
    },
    [filter],
  )
  useEffect(() => void load(), [load])

  const apply = (event: FormEvent) => {
    event.preventDefault()
    setFilter(typed)
  }

  const exportCsv = async () => {
    try {
      const { base64, count } = await getBridge().invoke('audit.export', asQuery(filter))
      downloadBase64(base64, `audit-${new Date().toISOString().slice(0, 10)}.csv`, 'text/csv')
      notify('success', t('audit.exported', { count }))
    } catch (failure) {
      notify('error', errorMessage(failure))
    }
  }

  return (
    <div className="screen">
      <header className="screen__header">
        <div>
          <h1>{t('audit.title')}</h1>
          <p className="screen__sub">{t('audit.explain')}</p>
        </div>
        {can('audit.export') && (
          <div className="screen__actions">
            <button type="button" className="button" onClick={() => void exportCsv()}>
              <Icon name="download" size={18} /> {t('audit.export')}
            </button>
          </div>
        )}
      </header>
      <form className="toolbar audit-filter" role="search" onSubmit={apply} aria-label={t('audit.filter')}>
        <label className="audit-filter__field">
          <span>{t('audit.operator')}</span>
          <input className="input" value={typed.operator} onChange={(event) => setTyped({ ...typed, operator: event.target.value })} />
        </label>
        <label className="audit-filter__field">
          <span>{t('audit.person')}</span>
          <input className="input" value={typed.person} placeholder={t('audit.personHint')} onChange={(event) => setTyped({ ...typed, person: event.target.value })} />
        </label>
        <button type="submit" className="button">
          <Icon name="search" size={18} /> {t('audit.apply')}
        </button>
      </form>
      {error && <p className="banner banner--error">{error}</p>}
      {entries && entries.length === 0 && <p className="empty">{t('audit.none')}</p>}
      {entries && entries.length > 0 && (
        <table className="table table--compact audit-table">
          <thead>
            <tr>
              <th scope="col">{t('audit.at')}</th>
              <th scope="col">{t('audit.operator')}</th>
              <th scope="col">{t('audit.station')}</th>
              <th scope="col">{t('audit.what')}</th>
              <th scope="col">{t('audit.action')}</th>
              <th scope="col">{t('audit.changes')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td>{formatDateTime(entry.at, language)}</td>
                <td>{entry.operator}</td>
                <td className="muted">{entry.station}</td>
                <td>
                  {labelOf(ENTITY_LABELS, entry.entity, t)} <span className="muted mono">{entry.entityId}</span>
                </td>
                <td>{labelOf(ACTION_LABELS, entry.action, t)}</td>
                <td className="muted">{entry.changes ? Object.keys(entry.changes).join(', ') : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {more && entries && (
        <button type="button" className="button audit-more" onClick={() => void load(entries.at(-1)!.at)}>
          {t('audit.older')}
        </button>
      )}
    </div>
  )
}
