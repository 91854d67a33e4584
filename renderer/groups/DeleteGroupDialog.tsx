import { useT } from '../i18n'
import { useStation } from '../store'
import { getBridge } from '../store/bridge-holder'
import { ConfirmDialog } from '../shared/ConfirmDialog'
import type { GroupWithMembers } from './groups-slice'

/**
 * Says what a delete affects before it happens. A group in use can only go by detaching it from
 * its members (the core refuses otherwise), which the button then says in so many words.
 */
export function DeleteGroupDialog({ group, onClose }: { group: GroupWithMembers; onClose(): void }) {
  const { t } = useT()
  const notify = useStation((state) => state.notify)
  const inUse = group.members > 0

  const remove = async () => {
    const outcome = await getBridge().invoke('group.delete', { id: group.id, detach: inUse })
    notify('success', t('groups.deleted', { name: outcome.group.name, count: outcome.detached }))
  }

  return (
    <ConfirmDialog
      title={t('groups.deleteNamed', { name: group.name })}
      confirmLabel={inUse ? t('groups.detachAndDelete', { count: group.members }) : t('common.delete')}
      onConfirm={remove}
      onClose={onClose}
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
    </ConfirmDialog>
  )
}
