import { useEffect, useState, type FormEvent } from 'react'
import { useT } from '../i18n'
import { useStation } from '../store'
import { getBridge } from '../store/bridge-holder'
import { Dialog } from '../shared/Dialog'
import { errorMessage, placeCoreErrors } from '../shared/errors'
import { submitOnEnter } from '../shared/keyboard'
import { RemoteIdsField, remoteIdsOf, sameIds } from '../shared/remote-ids'
import type { TargetKindInfo, TargetView } from '../settings/target-form'
import type { GroupWithMembers } from './groups-slice'

/**
 * One group seen from the Groups screen: its remote ids on every back end (Settings shows the
 * same mapping per back end). Only the back ends whose ids changed are sent; a refusal stays
 * next to its back end and the ones before it are kept.
 */
export function GroupBackEndsDialog({ group, onClose }: { group: GroupWithMembers; onClose(): void }) {
  const { t, language } = useT()
  const notify = useStation((state) => state.notify)
  const [targets, setTargets] = useState<TargetView[] | null>(null)
  // what a remote id is on each kind, in the kind's own words
  const [kinds, setKinds] = useState<TargetKindInfo[]>([])
  const [texts, setTexts] = useState<Record<string, string>>({})
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [banner, setBanner] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    getBridge()
      .invoke('target.list', {})
      .then((list) => {
        setTargets(list)
        setTexts(Object.fromEntries(list.map((target) => [target.id, (target.mapping.groups[group.id] ?? []).join(', ')])))
      })
      .catch((error) => setBanner(errorMessage(error)))
    getBridge()
      .invoke('target.kinds', {})
      .then(setKinds)
      .catch((error) => setBanner(errorMessage(error)))
  }, [group.id])

  const save = async (event: FormEvent) => {
    event.preventDefault()
    if (!targets) return
    setBusy(true)
    setErrors({})
    setBanner(null)
    try {
      for (const target of targets) {
        const ids = remoteIdsOf(texts[target.id] ?? '')
        if (sameIds(ids, target.mapping.groups[group.id] ?? [])) continue
        try {
          await getBridge().invoke('target.mapGroup', { target: target.id, group: group.id, remoteIds: ids })
        } catch (error) {
          // the back ends before this one are saved; this one says why it was not
          const unplaced = placeCoreErrors(
            error,
            (field) => (field === 'group' || field.startsWith('remoteIds') ? target.id : null),
            (id, message) => setErrors({ [id]: message }),
          )
          if (unplaced) setBanner(unplaced)
          return
        }
      }
      notify('success', t('groups.mappedSaved', { name: group.name }))
      onClose()
    } finally {
      setBusy(false)
    }
  }

  return (
    <Dialog title={t('groups.backEndsTitle', { name: group.name })} onClose={onClose}>
      <form noValidate onSubmit={(event) => void save(event)} onKeyDown={submitOnEnter} className="stack">
        <p className="muted">{t('groups.backEndsExplain')}</p>
        {banner && (
          <p className="banner banner--error" role="alert">
            {banner}
          </p>
        )}
        {targets?.length === 0 && <p>{t('groups.noBackEnds')}</p>}
        {targets?.map((target, index) => (
          <RemoteIdsField
            key={target.id}
            label={t('groups.remoteIdsOn', { target: target.name })}
            hint={kinds.find((kind) => kind.kind === target.kind)?.remoteIdMeaning[language]}
            error={errors[target.id]}
            value={texts[target.id] ?? ''}
            autoFocus={index === 0}
            onChange={(text) => setTexts({ ...texts, [target.id]: text })}
          />
        ))}
        <div className="dialog__footer">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={busy || !targets?.length}>
            {busy ? t('common.saving') : t('common.save')}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
