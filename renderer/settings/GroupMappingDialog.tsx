import { useState, type FormEvent } from 'react'
import { useT } from '../i18n'
import { useStation } from '../store'
import { getBridge } from '../store/bridge-holder'
import { Dialog } from '../shared/Dialog'
import { submitOnEnter } from '../shared/keyboard'
import { placeCoreErrors } from '../shared/errors'
import type { TargetKindInfo, TargetView } from './target-form'
import { RemoteIdsField, remoteIdsOf, sameIds } from '../shared/remote-ids'

/** Per local group, the ids it has on this back end (what such an id is: the kind's own words); only the groups changed are sent. */
export function GroupMappingDialog({ target, kind, onClose, onSaved }: { target: TargetView; kind: TargetKindInfo | undefined; onClose(): void; onSaved(target: TargetView): void }) {
  const { t, language } = useT()
  const groups = useStation((state) => state.groups)
  const notify = useStation((state) => state.notify)
  const [texts, setTexts] = useState<Record<string, string>>(() => Object.fromEntries(groups.map((group) => [group.id, (target.mapping.groups[group.id] ?? []).join(', ')])))
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [banner, setBanner] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const save = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setErrors({})
    setBanner(null)
    let latest = target
    try {
      for (const group of groups) {
        const ids = remoteIdsOf(texts[group.id] ?? '')
        if (sameIds(ids, target.mapping.groups[group.id] ?? [])) continue
        try {
          latest = await getBridge().invoke('target.mapGroup', { target: target.id, group: group.id, remoteIds: ids })
        } catch (error) {
          // the groups before this one are saved; this one says why it was not
          const unplaced = placeCoreErrors(
            error,
            (field) => (field === 'group' || field.startsWith('remoteIds') ? group.id : null),
            (id, message) => setErrors({ [id]: message }),
          )
          if (unplaced) setBanner(unplaced)
          if (latest !== target) onSaved(latest)
          return
        }
      }
      notify('success', t('targets.mapped', { name: target.name }))
      onSaved(latest)
      onClose()
    } finally {
      setBusy(false)
    }
  }

  return (
    <Dialog title={t('targets.mapTitle', { name: target.name })} onClose={onClose}>
      <form noValidate onSubmit={(event) => void save(event)} onKeyDown={submitOnEnter} className="stack">
        {kind && <p className="muted">{kind.remoteIdMeaning[language]}</p>}
        {banner && (
          <p className="banner banner--error" role="alert">
            {banner}
          </p>
        )}
        {groups.length === 0 && <p>{t('groups.noneYet')}</p>}
        {groups.map((group, index) => (
          <RemoteIdsField
            key={group.id}
            label={t('targets.remoteIds', { group: group.name })}
            hint={index === 0 ? t('targets.remoteIdsHint') : undefined}
            error={errors[group.id]}
            value={texts[group.id] ?? ''}
            autoFocus={index === 0}
            onChange={(text) => setTexts({ ...texts, [group.id]: text })}
          />
        ))}
        <div className="dialog__footer">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={busy || groups.length === 0}>
            {busy ? t('common.saving') : t('common.save')}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
