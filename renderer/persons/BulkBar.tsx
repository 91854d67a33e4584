import { useState } from 'react'
import { useT } from '../i18n'
import { errorText } from '../../common/i18n/error-text'
import { useStation } from '../store'
import { ConfirmDialog } from '../shared/ConfirmDialog'
import { errorMessage } from '../shared/errors'
import { Icon } from '../shared/icons'
import type { BulkAction } from './persons-slice'

/** What to do with the selected persons; the core applies it and reports who it refused. */
export function BulkBar() {
  const { t } = useT()
  const selected = useStation((state) => state.selected)
  const recycleBin = useStation((state) => state.filter.recycleBin)
  const groups = useStation((state) => state.groups)
  const { runBulk, setSelected, notify } = useStation.getState()
  const [group, setGroup] = useState('')
  const [confirmDelete, setConfirmDelete] = useState(false)
  const [busy, setBusy] = useState(false)
  const count = Object.keys(selected).length
  if (count === 0) return null

  const run = async (action: BulkAction, groupIds?: string[]) => {
    setBusy(true)
    try {
      const outcome = await runBulk(action, groupIds)
      notify(outcome.failed.length ? 'error' : 'success', t('bulk.done', { updated: outcome.updated, failed: outcome.failed.length }))
      for (const failure of outcome.failed.slice(0, 3)) notify('error', errorText(failure, t))
    } catch (error) {
      notify('error', errorMessage(error))
    } finally {
      setBusy(false)
      setConfirmDelete(false)
    }
  }

  return (
    <div className="bulk-bar" role="region" aria-label={t('bulk.region')}>
      <strong className="bulk-bar__count">{t('bulk.selected', { count })}</strong>
      {recycleBin ? (
        <button type="button" className="button" disabled={busy} onClick={() => void run('restore')}>
          <Icon name="restore" size={18} /> {t('bulk.restore')}
        </button>
      ) : (
        <>
          <select className="input input--compact" aria-label={t('bulk.group')} value={group} onChange={(event) => setGroup(event.target.value)}>
            <option value="">{t('bulk.chooseGroup')}</option>
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
          <button type="button" className="button" disabled={busy || !group} onClick={() => void run('addGroups', [group])}>
            {t('bulk.addGroup')}
          </button>
          <button type="button" className="button" disabled={busy || !group} onClick={() => void run('removeGroups', [group])}>
            {t('bulk.removeGroup')}
          </button>
          <span className="bulk-bar__divider" aria-hidden="true" />
          <button type="button" className="button" disabled={busy} onClick={() => void run('disable')}>
            {t('bulk.disable')}
          </button>
          <button type="button" className="button" disabled={busy} onClick={() => void run('enable')}>
            {t('bulk.enable')}
          </button>
          <button type="button" className="button button--danger" disabled={busy} onClick={() => setConfirmDelete(true)}>
            <Icon name="trash" size={18} /> {t('bulk.delete')}
          </button>
        </>
      )}
      <button type="button" className="button button--quiet" onClick={() => setSelected([])}>
        {t('bulk.clear')}
      </button>
      {confirmDelete && (
        <ConfirmDialog title={t('bulk.deleteTitle', { count })} confirmLabel={t('bulk.deleteConfirm', { count })} onConfirm={() => run('delete')} onClose={() => setConfirmDelete(false)}>
          <p>{t('bulk.deleteExplain')}</p>
        </ConfirmDialog>
      )}
    </div>
  )
}
