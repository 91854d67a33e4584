import { useEffect, useRef, useState } from 'react'
import { useForm } from 'react-hook-form'
import { codedResolver } from '../shared/form-resolver'
import type { PersonType } from '../../common/model/person'
import { useT } from '../i18n'
import { useStation } from '../store'
import { getBridge } from '../store/bridge-holder'
import { addPersonFormSchema, emptyPersonForm, PERSON_FORM_FIELDS, type PersonFormValues } from '../person-form/form-model'
import { CertificateFields, GroupChecks, NameField, TextField, TypeChoice, ValidityFields } from '../person-form/PersonFields'
import { errorMessage, showCoreErrors } from '../shared/errors'
import { Icon } from '../shared/icons'
import type { PhotoPickerHandle } from '../shared/PhotoPicker'
import { isPhotoError, photoInput, type PhotoDraft } from '../shared/photo-draft'
import { visitorValidity } from '../shared/dates'
import { isTyping, submitOnEnter } from '../shared/keyboard'
import { CaptureArea } from '../shared/CaptureArea'
import { CaptureView } from '../shared/capture-module'
import { MatchWarnings } from '../shared/MatchWarnings'
import { FieldMatchWarnings } from '../shared/FieldMatchWarnings'
import { useFieldMatches } from '../shared/use-field-matches'
import { RecentEnrollments } from './RecentEnrollments'
import './enroll.css'

const DESK_TYPES: PersonType[] = ['visitor', 'employee', 'vip']

/** The home screen: a visitor in under 30 seconds — photo on the left, a short form on the right. */
export function EnrollScreen() {
  const { t } = useT()
  const notify = useStation((state) => state.notify)
  const form = useForm<PersonFormValues, unknown, ReturnType<typeof addPersonFormSchema.parse>>({
    resolver: codedResolver(addPersonFormSchema),
    defaultValues: emptyPersonForm(),
    mode: 'onSubmit',
    reValidateMode: 'onChange',
  })
  const [photo, setPhoto] = useState<PhotoDraft | null>(null)
  const [photoError, setPhotoError] = useState<string>()
  const [banner, setBanner] = useState<string | null>(null)
  const picker = useRef<PhotoPickerHandle>(null)

  const changePhoto = (next: PhotoDraft | null) => {
    setPhoto(next)
    setPhotoError(undefined)
  }

  const clear = () => {
    form.reset(emptyPersonForm())
    changePhoto(null)
    setBanner(null)
    form.setFocus('name')
  }

  const save = form.handleSubmit(async (input) => {
    setBanner(null)
    try {
      const person = await getBridge().invoke('person.add', { ...input, photo: photo ? photoInput(photo) : undefined })
      notify('success', t('enroll.saved', { name: person.name, code: person.code }))
      clear()
    } catch (error) {
      if (isPhotoError(error)) {
        setPhotoError(errorMessage(error))
        return
      }
      const rest = showCoreErrors(error, PERSON_FORM_FIELDS, form.setError)
      if (rest) setBanner(rest)
    }
  })

  // Esc clears for the next visitor; Space captures (the camera view handles it itself when present)
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (document.querySelector('dialog[open]')) return
      if (event.key === 'Escape') {
        event.preventDefault()
        clear()
      } else if (event.key === ' ' && !CaptureView && !isTyping(event.target)) {
        event.preventDefault()
        picker.current?.open()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  })

  const type = form.watch('type')
  // the blacklist by certificate number, phone and name: a visitor with no usable photo is still caught
  const fieldMatches = useFieldMatches({ name: form.watch('name'), phone: form.watch('phone'), certificateNumber: form.watch('certificate.number') })
  return (
    <div className="enroll">
      <div className="enroll__capture">
        <CaptureArea photo={photo} onPhoto={changePhoto} onRefused={(message) => setPhotoError(message ?? undefined)} error={photoError} pickerRef={picker} />
        <RecentEnrollments />
      </div>
      <form
        className="enroll__form card"
        noValidate
        aria-labelledby="enroll-title"
        onSubmit={save}
        onKeyDown={submitOnEnter}
      >
        <header className="enroll__header">
          <h1 id="enroll-title">{t(`enroll.title.${type}`)}</h1>
          <button type="button" className="button button--quiet" onClick={clear}>
            {t('enroll.clear')} <kbd>Esc</kbd>
          </button>
        </header>
        {banner && (
          <p className="banner banner--error" role="alert">
            {banner}
          </p>
        )}
        <TypeChoice
          form={form}
          types={DESK_TYPES}
          onPick={(picked) => {
            const validity = picked === 'visitor' ? visitorValidity() : { validFrom: '', validUntil: '' }
            form.setValue('validFrom', validity.validFrom)
            form.setValue('validUntil', validity.validUntil)
          }}
        />
        <NameField form={form} autoFocus />
        <div className="field-row">
          <TextField form={form} name="phone" label={t('field.phone')} type="tel" inputMode="tel" hint={t('field.phoneHint')} />
          <TextField form={form} name="code" label={t('field.code')} hint={type === 'visitor' ? t('field.codeAutoHint') : t('field.codeWorkHint')} />
        </div>
        <div className="field-row">
          <TextField form={form} name="company" label={t('field.company')} />
          <TextField form={form} name="department" label={t('field.hostDepartment')} />
        </div>
        <CertificateFields form={form} />
        <ValidityFields form={form} />
        <GroupChecks form={form} />
        <MatchWarnings photo={photo} />
        <FieldMatchWarnings matches={fieldMatches} />
        <div className="enroll__actions">
          <button type="submit" className="button button--primary button--xl" disabled={form.formState.isSubmitting}>
            <Icon name="check" size={24} />
            {form.formState.isSubmitting ? t('common.saving') : t('enroll.save')}
            <kbd>Enter</kbd>
          </button>
        </div>
      </form>
    </div>
  )
}
