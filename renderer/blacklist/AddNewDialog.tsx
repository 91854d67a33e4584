import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { codedResolver } from '../shared/form-resolver'
import { useT } from '../i18n'
import { useStation } from '../store'
import { getBridge } from '../store/bridge-holder'
import { addPersonFormSchema, emptyPersonForm, PERSON_FORM_FIELDS, type PersonFormValues } from '../person-form/form-model'
import { CertificateFields, NameField, TextAreaField, TextField } from '../person-form/PersonFields'
import { Dialog } from '../shared/Dialog'
import { errorMessage, showCoreErrors } from '../shared/errors'
import { submitOnEnter } from '../shared/keyboard'
import { CaptureArea } from '../shared/CaptureArea'
import { isPhotoError, photoInput, type PhotoDraft } from '../shared/photo-draft'
import { MatchWarnings } from '../shared/MatchWarnings'

/**
 * A blacklist entry for someone not registered yet: a name, the reason, and a photo from the
 * camera or a file. Either is cropped and matched by the core at once, so a face already
 * registered (or already blacklisted) shows before the entry is added.
 */
export function AddNewDialog({ onClose }: { onClose(): void }) {
  const { t } = useT()
  const notify = useStation((state) => state.notify)
  const form = useForm<PersonFormValues, unknown, ReturnType<typeof addPersonFormSchema.parse>>({
    resolver: codedResolver(addPersonFormSchema),
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
        setPhotoError(errorMessage(error))
        return
      }
      const rest = showCoreErrors(error, PERSON_FORM_FIELDS, form.setError)
      if (rest) setBanner(rest)
    }
  })

  return (
    <Dialog title={t('blacklist.addNew')} onClose={onClose}>
      <form noValidate onSubmit={save} onKeyDown={submitOnEnter} className="stack">
        {banner && <p className="banner banner--error">{banner}</p>}
        <CaptureArea compact photo={photo} onPhoto={(next) => (setPhoto(next), setPhotoError(null))} onRefused={setPhotoError} error={photoError ?? undefined} />
        <MatchWarnings photo={photo} />
        <NameField form={form} autoFocus />
        <TextAreaField form={form} name="reason" label={t('field.reason')} required />
        <CertificateFields form={form} />
        <TextField form={form} name="phone" label={t('field.phone')} type="tel" inputMode="tel" hint={t('blacklist.idsHint')} />
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
