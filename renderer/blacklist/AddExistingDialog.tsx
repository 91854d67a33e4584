import { useEffect, useState } from 'react'
import type { Person } from '../../common/model/person'
import { useT } from '../i18n'
import { useStation } from '../store'
import { getBridge } from '../store/bridge-holder'
import { Avatar } from '../shared/Avatar'
import { Dialog } from '../shared/Dialog'
import { Field } from '../shared/Field'
import { placeCoreErrors } from '../shared/errors'

/** Puts someone already registered on the blacklist: find them, say why. */
export function AddExistingDialog({ onClose }: { onClose(): void }) {
  const { t } = useT()
  const notify = useStation((state) => state.notify)
  const [text, setText] = useState('')
  const [matches, setMatches] = useState<Person[]>([])
  const [chosen, setChosen] = useState<Person | null>(null)
  const [reason, setReason] = useState('')
  const [reasonError, setReasonError] = useState<string>()
  const [banner, setBanner] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    if (!text.trim()) return setMatches([])
    let current = true
    getBridge()
      .invoke('person.list', { text, limit: 8 })
      .then((page) => current && setMatches(page.items.filter((person) => person.type !== 'blacklist')))
      .catch(() => undefined)
    return () => {
      current = false
    }
  }, [text])

  const save = async () => {
    if (!chosen) return
    setBusy(true)
    setReasonError(undefined)
    setBanner(null)
    try {
      const person = await getBridge().invoke('person.edit', { id: chosen.id, version: chosen.version, type: 'blacklist', reason })
      notify('success', t('blacklist.added', { name: person.name }))
      onClose()
    } catch (error) {
      const unplaced = placeCoreErrors(error, (field) => (field === 'reason' ? field : null), (_, message) => setReasonError(message))
      if (unplaced) setBanner(unplaced)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Dialog
      title={t('blacklist.addExisting')}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" className="button button--danger" disabled={!chosen || busy} onClick={() => void save()}>
            {t('blacklist.addConfirm')}
          </button>
        </>
      }
    >
      {banner && <p className="banner banner--error">{banner}</p>}
      {chosen ? (
        <div className="chosen-person">
          <Avatar name={chosen.name} hash={chosen.photo?.hash} size={56} />
          <div>
            <strong>{chosen.name}</strong>
            <div className="muted">
              {chosen.code} · {t(`type.${chosen.type}`)}
            </div>
          </div>
          <button type="button" className="button button--quiet" onClick={() => setChosen(null)}>
            {t('blacklist.chooseOther')}
          </button>
        </div>
      ) : (
        <>
          <Field label={t('blacklist.findPerson')}>{(control) => <input {...control} className="input" type="search" value={text} onChange={(e) => setText(e.target.value)} autoFocus />}</Field>
          <ul className="pick-list" aria-label={t('blacklist.matches')}>
            {matches.map((person) => (
              <li key={person.id}>
                <button type="button" className="pick-list__item" onClick={() => setChosen(person)}>
                  <Avatar name={person.name} hash={person.photo?.hash} size={36} />
                  <span>{person.name}</span>
                  <span className="muted">
                    {person.code} · {t(`type.${person.type}`)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <Field label={t('field.reason')} required error={reasonError} hint={t('blacklist.reasonHint')}>
        {(control) => <textarea {...control} className="input textarea" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
    </Dialog>
  )
}
