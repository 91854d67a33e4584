import { Suspense, type Ref } from 'react'
import { useT } from '../i18n'
import { Icon } from './icons'
import { ErrorBoundary } from './ErrorBoundary'
import { PhotoPicker, type PhotoPickerHandle } from './PhotoPicker'
import { photoDraftFromCapture, type PhotoDraft } from './photo-draft'
import { CaptureView } from './capture-module'
import { useCaptureThresholds } from '../settings/capture-settings'
import './capture-area.css'

/**
 * Where a portrait comes from, on Enroll, in the blacklist's new entry and for a retake in person
 * detail: the live camera when the capture module is installed, a photo file otherwise (and always
 * as a second way). Once there is a photo it shows the portrait to keep: the core's crop, whether
 * it came from the camera or from a file.
 */
export function CaptureArea(props: {
  photo: PhotoDraft | null
  onPhoto(photo: PhotoDraft | null): void
  /** A photo file the core refused (why, for next to the photo); null clears it. */
  onRefused(message: string | null): void
  error?: string
  pickerRef?: Ref<PhotoPickerHandle>
  /** A retake for this person: their own stored face is not reported as a duplicate. */
  excludePersonId?: string
  /** Inside a dialog: a smaller portrait. */
  compact?: boolean
}) {
  const { t, language } = useT()
  const thresholds = useCaptureThresholds()
  const { photo, onPhoto } = props
  const errorLine = props.error && (
    <p className="capture__error" role="alert">
      {props.error}
    </p>
  )

  if (photo) {
    return (
      <section className={`capture capture--taken${props.compact ? ' capture--compact' : ''}`} aria-label={t('enroll.photo')}>
        <figure className="capture__portrait">
          <img src={photo.previewUrl} alt={t('enroll.portraitAlt')} />
          <figcaption className={`quality-badge ${photo.quality >= 70 ? 'quality-badge--good' : 'quality-badge--fair'}`}>
            {t('enroll.quality', { score: Math.round(photo.quality) })}
          </figcaption>
        </figure>
        {errorLine}
        <div className="capture__actions">
          <button type="button" className="button button--large" onClick={() => onPhoto(null)}>
            <Icon name={photo.source === 'camera' ? 'camera' : 'image'} />
            {photo.source === 'camera' ? t('enroll.retake') : t('photo.chooseAnother')}
          </button>
        </div>
      </section>
    )
  }

  const picker = (
    <PhotoPicker
      ref={props.pickerRef}
      onPick={onPhoto}
      onRefused={props.onRefused}
      excludePersonId={props.excludePersonId}
      compact={CaptureView !== null}
      label={CaptureView ? t('photo.orChoose') : undefined}
    />
  )
  return (
    <section className={`capture${props.compact ? ' capture--compact' : ''}`} aria-label={t('enroll.photo')}>
      {CaptureView ? (
        <ErrorBoundary fallback={(error) => <p className="capture__error" role="alert">{t('enroll.cameraFailed', { message: error.message })}</p>}>
          <Suspense fallback={<div className="capture__loading">{t('enroll.cameraStarting')}</div>}>
            <div className="capture__live">
              <CaptureView
                language={language}
                thresholds={thresholds}
                excludePersonId={props.excludePersonId}
                onCapture={(result) => onPhoto(photoDraftFromCapture(result))}
              />
            </div>
          </Suspense>
        </ErrorBoundary>
      ) : null}
      {picker}
      {errorLine}
    </section>
  )
}
