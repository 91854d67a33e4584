import { useState } from 'react'
import type { Person } from '../../common/model/person'
import { useT } from '../i18n'
import { getBridge } from '../store/bridge-holder'
import { Avatar } from '../shared/Avatar'
import { errorMessage } from '../shared/errors'
import { PhotoPicker } from '../shared/PhotoPicker'
import { photoInput, type PhotoDraft } from '../shared/photo-draft'
import { MatchWarnings } from '../shared/MatchWarnings'
import { CaptureArea } from '../shared/CaptureArea'
import { CaptureView } from '../shared/capture-module'
import { Icon } from '../shared/icons'

/**
 * The stored portrait with retake (camera), replace (file) and remove; each is its own versioned
 * change. A new portrait is checked by the core first (crop, quality, register match without this
 * person's own face) and shown with its warnings; it replaces the photo only once confirmed.
 */
export function PhotoPanel({ person, onChanged, readOnly }: { person: Person; onChanged(person: Person): void; readOnly?: boolean }) {
  const { t } = useT()
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [proposed, setProposed] = useState<PhotoDraft | null>(null)
  const [camera, setCamera] = useState(false)

  const apply = async (change: () => Promise<Person>) => {
    setBusy(true)
    setError(null)
    try {
      onChanged(await change())
      setProposed(null)
    } catch (failure) {
      setError(errorMessage(failure))
    } finally {
      setBusy(false)
    }
  }

  const errorLine = error && (
    <p className="field__error" role="alert">
      {error}
    </p>
  )

  if (proposed) {
    return (
      <div className="photo-panel">
        <img className="avatar" src={proposed.previewUrl} alt={t('enroll.portraitAlt')} />
        <p className="muted">{t('enroll.quality', { score: Math.round(proposed.quality) })}</p>
        <MatchWarnings photo={proposed} />
        <div className="photo-panel__actions">
          <button
            type="button"
            className="button button--primary"
            disabled={busy}
            onClick={() => void apply(() => getBridge().invoke('person.setPhoto', { id: person.id, version: person.version, photo: photoInput(proposed) }))}
          >
            {t('photo.use')}
          </button>
          <button type="button" className="button button--quiet" disabled={busy} onClick={() => (setProposed(null), setError(null))}>
            {t('photo.discard')}
          </button>
        </div>
        {errorLine}
      </div>
    )
  }

  if (camera) {
    return (
      <div className="photo-panel photo-panel--camera">
        <CaptureArea compact photo={null} excludePersonId={person.id} onPhoto={(draft) => (setProposed(draft), setCamera(false))} onRefused={setError} error={error ?? undefined} />
        <button type="button" className="button button--quiet" onClick={() => (setCamera(false), setError(null))}>
          {t('common.cancel')}
        </button>
      </div>
    )
  }

  return (
    <div className="photo-panel">
      <Avatar name={person.name} hash={person.photo?.hash} size={200} />
      {person.photo?.quality != null && <p className="muted">{t('enroll.quality', { score: Math.round(person.photo.quality) })}</p>}
      {!readOnly && (
        <div className="photo-panel__actions">
          {CaptureView && (
            <button type="button" className="button" onClick={() => (setCamera(true), setError(null))}>
              <Icon name="camera" />
              {t('photo.retake')}
            </button>
          )}
          <PhotoPicker compact label={person.photo ? t('photo.replace') : t('photo.add')} excludePersonId={person.id} onPick={setProposed} onRefused={setError} />
          {person.photo && (
            <button type="button" className="button button--quiet" disabled={busy} onClick={() => void apply(() => getBridge().invoke('person.removePhoto', { id: person.id, version: person.version }))}>
              {t('photo.remove')}
            </button>
          )}
        </div>
      )}
      {errorLine}
    </div>
  )
}
