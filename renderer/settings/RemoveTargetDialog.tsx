import { useState } from 'react'
import { useT } from '../i18n'
import { useStation } from '../store'
import { getBridge } from '../store/bridge-holder'
import { Dialog } from '../shared/Dialog'
import { errorMessage } from '../shared/errors'
import type { TargetView } from './target-form'

/** Says what goes with a back end before it goes; Cancel has the focus. */
export function RemoveTargetDialog({ target, onClose, onRemoved }: { target: TargetView; onClose(): void; onRemoved(): void }) {
  const { t, tm } = useT()
  const notify = useStation((state) => state.notify)
  const waiting = useStation((state) => {
    const summary = state.syncSummary?.targets.find((row) => row.targetId === target.id)
    // failing ones are counted in pending already
    return summary ? summary.counts.pending + summary.counts.attention : 0
  })
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const remove = async () => {
    setBusy(true)
    setError(null)
    try {
      const removed = await getBridge().invoke('target.remove', { id: target.id })
      notify('success', t('targets.removed', { name: removed.name }))
      onRemoved()
      onClose()
    } catch (failure) {
      setError(tm(errorMessage(failure)))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Dialog
      title={t('targets.removeTitle', { name: target.name })}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose} autoFocus>
            {t('common.cancel')}
          </button>
          <button type="button" className="button button--danger" disabled={busy} onClick={() => void remove()}>
            {t('targets.removeConfirm')}
          </button>
        </>
      }
    >
      <p>{t('targets.removeExplain', { count: waiting })}</p>
      {error && (
        <p className="banner banner--error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  )
}
