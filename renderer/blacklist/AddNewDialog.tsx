import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { zodResolver } from '@hookform/resolvers/zod'
import { useT } from '../i18n'
import { useStation } from '../store'
import { getBridge } from '../store/bridge-holder'
import { addPersonFormSchema, emptyPersonForm, PERSON_FORM_FIELDS, type PersonFormValues } from '../person-form/form-model'
import { CertificateFields, NameField, TextAreaField } from '../person-form/PersonFields'
import { Dialog } from '../shared/Dialog'
import { showCoreErrors } from '../shared/errors'
import { submitOnEnter } from '../shared/keyboard'
import { PhotoPicker } from '../shared/PhotoPicker'
import { isPhotoError, photoInput, type PhotoDraft } from '../shared/photo-draft'
import { MatchWarnings } from '../enroll/MatchWarnings'

/**
 * A blacklist entry for someone not registered yet: a name, the reason, and a photo from a file.
 * The file is checked by the core as soon as it is chosen, so a face already registered (or
 * already blacklisted) shows before the entry is added.
 */
export function AddNewDialog({ onClose }: { onClose(): void }) {
  const { t, tm } = useT()
  const notify = useStation((state) => state.notify)
  const form = useForm<PersonFormValues, unknown, ReturnType<typeof addPersonFormSchema.parse>>({
    resolver: zodResolver(addPersonFormSchema),
    defaultValues: emptyPersonForm('blacklist'),
  })
  const [photo, setPhoto] = useState<PhotoDraft | null>(null)
  const [photoError, setPhotoError] = useState<string | null>(null)
  const [banner, setBanner] = useState<string | null>(null)

  const save = form.handleSubmit(async (input) => {
    setBanner(null)
    try {
      const person = await getBridge().invoke('person.add', { ...input, photo: photo ? photoInput(photo) : undefined })
      notify('success', t('blacklist.added', { name: person.name }))
      onClose()
    } catch (error) {
      if (isPhotoError(error)) {
        setPhotoError(tm(error.message))
        return
      }
      const rest = showCoreErrors(error, PERSON_FORM_FIELDS, form.setError)
      if (rest) setBanner(tm(rest))
    }
  })

  return (
    <Dialog title={t('blacklist.addNew')} onClose={onClose}>
      <form noValidate onSubmit={save} onKeyDown={submitOnEnter} className="stack">
        {banner && <p className="banner banner--error">{banner}</p>}
        <div className="photo-choice">
          {photo ? (
            <figure className="photo-choice__preview">
              <img src={photo.previewUrl} alt={t('enroll.portraitAlt')} />
              <figcaption className="muted">{t('enroll.quality', { score: Math.round(photo.quality) })}</figcaption>
              <button type="button" className="button button--quiet" onClick={() => (setPhoto(null), setPhotoError(null))}>
                {t('photo.remove')}
              </button>
            </figure>
          ) : (
            <PhotoPicker compact onPick={setPhoto} onRefused={setPhotoError} />
          )}
          {photoError && (
            <p className="field__error" role="alert">
              {photoError}
            </p>
          )}
        </div>
        <MatchWarnings photo={photo} />
        <NameField form={form} autoFocus />
        <TextAreaField form={form} name="reason" label={t('field.reason')} required />
        <CertificateFields form={form} />
        <div className="dialog__footer">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button--danger" disabled={form.formState.isSubmitting}>
            {t('blacklist.addConfirm')}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
