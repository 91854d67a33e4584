import { useImperativeHandle, useRef, useState, type Ref } from 'react'
import { useT } from '../i18n'
import { getBridge } from '../store/bridge-holder'
import { HiddenFileInput } from './HiddenFileInput'
import { Icon } from './icons'
import { ACCEPTED_PHOTO_TYPES, checkPhotoFile, photoRefusal, type PhotoDraft } from './photo-draft'
import './photo-picker.css'

export interface PhotoPickerHandle {
  open(): void
}

export interface PhotoPickerProps {
  /** The core checked the file: here is its cropped, stored and matched portrait. */
  onPick(draft: PhotoDraft): void
  /** The core refused the file (translated, for next to the photo); null when a new check starts. */
  onRefused(message: string | null): void
  /** The person whose photo the file would replace. */
  excludePersonId?: string
  compact?: boolean
  label?: string
  ref?: Ref<PhotoPickerHandle>
}

/**
 * "Choose a photo file": a large drop target that also opens the system file chooser. The chosen
 * file goes straight to the core's check (face.prepareFile), so what the parent gets is the cropped
 * portrait with its match warnings, or the reason it was refused — before anything is saved.
 */
export function PhotoPicker({ onPick, onRefused, excludePersonId, compact, label, ref }: PhotoPickerProps) {
  const input = useRef<HTMLInputElement>(null)
  const [dragging, setDragging] = useState(false)
  const [checking, setChecking] = useState(false)
  // only the latest file's answer counts when a second one is chosen before the first is checked
  const latest = useRef(0)
  const { t } = useT()
  useImperativeHandle(ref, () => ({ open: () => input.current?.click() }), [])

  const take = async (file: File | undefined) => {
    if (!file) return
    const turn = ++latest.current
    setChecking(true)
    onRefused(null)
    try {
      const draft = await checkPhotoFile(getBridge(), file, { excludePersonId })
      if (turn === latest.current) onPick(draft)
    } catch (error) {
      if (turn === latest.current) onRefused(photoRefusal(error))
    } finally {
      if (turn === latest.current) setChecking(false)
    }
  }

  const title = label ?? t('photo.choose')
  return (
    <div
      className={`photo-picker${compact ? ' photo-picker--compact' : ''}${dragging ? ' photo-picker--dragging' : ''}`}
      onDragOver={(event) => {
        event.preventDefault()
        setDragging(true)
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        event.preventDefault()
        setDragging(false)
        void take(event.dataTransfer.files[0])
      }}
    >
      <button type="button" className="photo-picker__button" onClick={() => input.current?.click()} disabled={checking} aria-busy={checking}>
        <Icon name="image" size={compact ? 20 : 40} />
        <span className="photo-picker__title">{checking ? t('photo.checking') : title}</span>
        {!compact && !checking && <span className="photo-picker__hint">{t('photo.chooseHint')}</span>}
      </button>
      <span className="visually-hidden" role="status">
        {checking ? t('photo.checking') : ''}
      </span>
      <HiddenFileInput ref={input} accept={ACCEPTED_PHOTO_TYPES} label={title} onFile={(file) => void take(file)} />
    </div>
  )
}
