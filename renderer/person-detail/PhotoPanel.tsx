import { useRef, useState } from 'react'
import type { Person } from '../../main/core/model/person'
import { useT } from '../i18n'
import { getBridge } from '../store/bridge-holder'
import { Avatar } from '../shared/Avatar'
import { errorMessage } from '../shared/errors'
import { HiddenFileInput } from '../shared/HiddenFileInput'
import { Icon } from '../shared/icons'
import { ACCEPTED_PHOTO_TYPES } from '../shared/photo-draft'
import { readFileAsBase64 } from '../shared/files'

/** The stored portrait with replace (from a file) and remove; each is its own versioned change. */
export function PhotoPanel({ person, onChanged }: { person: Person; onChanged(person: Person): void }) {
  const { t, tm } = useT()
  const input = useRef<HTMLInputElement>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const apply = async (change: () => Promise<Person>) => {
    setBusy(true)
    setError(null)
    try {
      onChanged(await change())
    } catch (failure) {
      setError(tm(errorMessage(failure)))
    } finally {
      setBusy(false)
    }
  }

  const replace = (file: File) => {
    void apply(async () =>
      getBridge().invoke('person.setPhoto', { id: person.id, version: person.version, photo: { base64: await readFileAsBase64(file), source: 'file' } }),
    )
  }

  return (
    <div className="photo-panel">
      <Avatar name={person.name} hash={person.photo?.hash} size={200} />
      {person.photo?.quality != null && <p className="muted">{t('enroll.quality', { score: Math.round(person.photo.quality) })}</p>}
      <div className="photo-panel__actions">
        <button type="button" className="button" disabled={busy} onClick={() => input.current?.click()}>
          <Icon name="upload" size={18} /> {person.photo ? t('photo.replace') : t('photo.add')}
        </button>
        {person.photo && (
          <button type="button" className="button button--quiet" disabled={busy} onClick={() => void apply(() => getBridge().invoke('person.removePhoto', { id: person.id, version: person.version }))}>
            {t('photo.remove')}
          </button>
        )}
      </div>
      <HiddenFileInput ref={input} accept={ACCEPTED_PHOTO_TYPES} label={t('photo.replace')} onFile={replace} />
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}
