import { Suspense, type Ref } from 'react'
import { useT } from '../i18n'
import { Icon } from '../shared/icons'
import { ErrorBoundary } from '../shared/ErrorBoundary'
import { PhotoPicker, type PhotoPickerHandle } from '../shared/PhotoPicker'
import { photoDraftFromCapture, type PhotoDraft } from '../shared/photo-draft'
import { CaptureView } from './capture-module'
import { useCaptureThresholds } from '../settings/capture-settings'

/**
 * The left half of Enroll: the live camera when the capture module is installed, a photo file
 * otherwise (and always as a second way). Once there is a photo it shows the portrait to keep:
 * the core's crop, whether it came from the camera or from a file.
 */
export function CaptureArea(props: {
  photo: PhotoDraft | null
  onPhoto(photo: PhotoDraft | null): void
  /** A photo file the core refused (why, for next to the photo); null clears it. */
  onRefused(message: string | null): void
  error?: string
  pickerRef: Ref<PhotoPickerHandle>
}) {
  const { t, language } = useT()
  const thresholds = useCaptureThresholds()
  const { photo, onPhoto } = props

  if (photo) {
    return (
      <section className="capture capture--taken" aria-label={t('enroll.photo')}>
        <figure className="capture__portrait">
          <img src={photo.previewUrl} alt={t('enroll.portraitAlt')} />
          <figcaption className={`quality-badge ${photo.quality >= 70 ? 'quality-badge--good' : 'quality-badge--fair'}`}>
            {t('enroll.quality', { score: Math.round(photo.quality) })}
          </figcaption>
        </figure>
        {props.error && (
          <p className="capture__error" role="alert">
            {props.error}
          </p>
        )}
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
    <PhotoPicker ref={props.pickerRef} onPick={onPhoto} onRefused={props.onRefused} compact={CaptureView !== null} label={CaptureView ? t('photo.orChoose') : undefined} />
  )
  return (
    <section className="capture" aria-label={t('enroll.photo')}>
      {CaptureView ? (
        <ErrorBoundary fallback={(error) => <p className="capture__error" role="alert">{t('enroll.cameraFailed', { message: error.message })}</p>}>
          <Suspense fallback={<div className="capture__loading">{t('enroll.cameraStarting')}</div>}>
            <div className="capture__live">
              <CaptureView language={language} thresholds={thresholds} onCapture={(result) => onPhoto(photoDraftFromCapture(result))} />
            </div>
          </Suspense>
        </ErrorBoundary>
      ) : null}
      {picker}
      {props.error && (
        <p className="capture__error" role="alert">
          {props.error}
        </p>
      )}
    </section>
  )
}
