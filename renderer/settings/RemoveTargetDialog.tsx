import { useT } from '../i18n'
import { useStation } from '../store'
import { getBridge } from '../store/bridge-holder'
import { ConfirmDialog } from '../shared/ConfirmDialog'
import type { TargetView } from './target-form'

/** Says what goes with a back end (the persons still waiting for it) before it goes. */
export function RemoveTargetDialog({ target, onClose, onRemoved }: { target: TargetView; onClose(): void; onRemoved(): void }) {
  const { t } = useT()
  const notify = useStation((state) => state.notify)
  const waiting = useStation((state) => {
    const summary = state.syncSummary?.targets.find((row) => row.targetId === target.id)
    // failing ones are counted in pending already
    return summary ? summary.counts.pending + summary.counts.attention : 0
  })

  const remove = async () => {
    const removed = await getBridge().invoke('target.remove', { id: target.id })
    notify('success', t('targets.removed', { name: removed.name }))
    onRemoved()
  }

  return (
    <ConfirmDialog title={t('targets.removeTitle', { name: target.name })} confirmLabel={t('targets.removeConfirm')} onConfirm={remove} onClose={onClose}>
      <p>{t('targets.removeExplain', { count: waiting })}</p>
    </ConfirmDialog>
  )
}
