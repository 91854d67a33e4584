import { useState } from 'react'
import { useT } from '../i18n'
import { useStation } from '../store'
import { getBridge } from '../store/bridge-holder'
import { Dialog } from '../shared/Dialog'
import { errorMessage } from '../shared/errors'
import type { GroupWithMembers } from './groups-slice'

/**
 * Says what a delete affects before it happens. A group in use can only go by detaching it from
 * its members (the core refuses otherwise), which is a separate, clearly worded button.
 */
export function DeleteGroupDialog({ group, onClose }: { group: GroupWithMembers; onClose(): void }) {
  const { t, tm } = useT()
  const notify = useStation((state) => state.notify)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const inUse = group.members > 0

  const remove = async () => {
    setBusy(true)
    setError(null)
    try {
      const outcome = await getBridge().invoke('group.delete', { id: group.id, detach: inUse })
      notify('success', t('groups.deleted', { name: outcome.group.name, count: outcome.detached }))
      onClose()
    } catch (failure) {
      setError(tm(errorMessage(failure)))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Dialog
      title={t('groups.deleteNamed', { name: group.name })}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose} autoFocus>
            {t('common.cancel')}
          </button>
          <button type="button" className="button button--danger" disabled={busy} onClick={() => void remove()}>
            {inUse ? t('groups.detachAndDelete', { count: group.members }) : t('common.delete')}
          </button>
        </>
      }
    >
      {inUse ? (
        <div className="banner banner--warning" role="alert">
          <p>
            <strong>{t('groups.inUse', { name: group.name, count: group.members })}</strong>
          </p>
          <p>{t('groups.detachExplain')}</p>
        </div>
      ) : (
        <p>{t('groups.unusedExplain')}</p>
      )}
      {error && (
        <p className="banner banner--error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  )
}
