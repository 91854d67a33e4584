import { useImperativeHandle, useRef, useState, type Ref } from 'react'
import { useT } from '../i18n'
import { HiddenFileInput } from './HiddenFileInput'
import { Icon } from './icons'
import { ACCEPTED_PHOTO_TYPES, photoDraftFromFile, type PhotoDraft } from './photo-draft'

export interface PhotoPickerHandle {
  open(): void
}

/** "Choose a photo file": a large drop target that also opens the system file chooser. */
export function PhotoPicker({ onPick, compact, label, ref }: { onPick(draft: PhotoDraft): void; compact?: boolean; label?: string; ref?: Ref<PhotoPickerHandle> }) {
  const input = useRef<HTMLInputElement>(null)
  const [dragging, setDragging] = useState(false)
  const { t } = useT()
  useImperativeHandle(ref, () => ({ open: () => input.current?.click() }), [])

  const take = async (file: File | undefined) => {
    if (file) onPick(await photoDraftFromFile(file))
  }

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
      <button type="button" className="photo-picker__button" onClick={() => input.current?.click()}>
        <Icon name="image" size={compact ? 20 : 40} />
        <span className="photo-picker__title">{label ?? t('photo.choose')}</span>
        {!compact && <span className="photo-picker__hint">{t('photo.chooseHint')}</span>}
      </button>
      <HiddenFileInput ref={input} accept={ACCEPTED_PHOTO_TYPES} label={label ?? t('photo.choose')} onFile={(file) => void take(file)} />
    </div>
  )
}
