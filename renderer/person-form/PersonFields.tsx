import { Controller, type FieldError, type UseFormReturn } from 'react-hook-form'
import { CERTIFICATE_TYPES, GENDERS, PERSON_TYPES, type PersonType } from '../../common/model/person'
import { useT } from '../i18n'
import { useStation } from '../store'
import { Field, FieldSet } from '../shared/Field'
import { formatDateTime, fromLocalInput } from '../shared/dates'
import type { PersonFormValues } from './form-model'
import { useMayWritePerson } from '../session/permissions'

// The fields only register and read values; what the form's resolver turns them into is the caller's business.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Form = UseFormReturn<PersonFormValues, unknown, any>

/** A field's refusal, already worded in the page's language (by the form's codedResolver, or by showCoreErrors). */
function useErrorText() {
  return (error: FieldError | undefined) => error?.message || undefined
}

export function NameField({ form, autoFocus }: { form: Form; autoFocus?: boolean }) {
  const { t } = useT()
  const errorText = useErrorText()
  return (
    <Field label={t('field.name')} required error={errorText(form.formState.errors.name)}>
      {(control) => <input {...control} {...form.register('name')} className="input input--large" autoComplete="off" autoFocus={autoFocus} />}
    </Field>
  )
}

export function TextField({ form, name, label, hint, type = 'text', inputMode }: {
  form: Form
  name: 'code' | 'phone' | 'email' | 'company' | 'department' | 'position' | 'certificate.number'
  label: string
  hint?: string
  type?: string
  inputMode?: 'tel' | 'email' | 'text'
}) {
  const errorText = useErrorText()
  const error = name === 'certificate.number' ? form.formState.errors.certificate?.number ?? (form.formState.errors.certificate as FieldError | undefined) : form.formState.errors[name]
  return (
    <Field label={label} hint={hint} error={errorText(error)}>
      {(control) => <input {...control} {...form.register(name)} type={type} inputMode={inputMode} className="input" autoComplete="off" />}
    </Field>
  )
}

export function TypeChoice({ form, types = PERSON_TYPES, onPick }: { form: Form; types?: readonly PersonType[]; onPick?(type: PersonType): void }) {
  const { t } = useT()
  const errorText = useErrorText()
  // only the types this operator may write are offered (the one shown stays, e.g. in a read-only detail)
  const mayWrite = useMayWritePerson()
  return (
    <Controller
      control={form.control}
      name="type"
      render={({ field, fieldState }) => (
        <FieldSet legend={t('field.type')} error={errorText(fieldState.error)}>
          <div className="segmented" role="radiogroup" aria-label={t('field.type')}>
            {types.filter((type) => mayWrite(type) || type === field.value).map((type) => (
              <label key={type} className={`segmented__option segmented__option--${type}`}>
                <input
                  type="radio"
                  name={field.name}
                  value={type}
                  checked={field.value === type}
                  onChange={() => {
                    field.onChange(type)
                    onPick?.(type)
                  }}
                />
                <span>{t(`type.${type}`)}</span>
              </label>
            ))}
          </div>
        </FieldSet>
      )}
    />
  )
}

export function GenderField({ form }: { form: Form }) {
  const { t } = useT()
  return (
    <Field label={t('field.gender')}>
      {(control) => (
        <select {...control} {...form.register('gender')} className="input">
          {GENDERS.map((gender) => (
            <option key={gender} value={gender}>
              {t(`gender.${gender}`)}
            </option>
          ))}
        </select>
      )}
    </Field>
  )
}

export function CertificateFields({ form }: { form: Form }) {
  const { t } = useT()
  return (
    <div className="field-row field-row--certificate">
      <Field label={t('field.certificateType')}>
        {(control) => (
          <select {...control} {...form.register('certificate.type')} className="input">
            {CERTIFICATE_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`certificate.${type}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <TextField form={form} name="certificate.number" label={t('field.certificateNumber')} />
    </div>
  )
}

/**
 * Chromium draws a date input in the browser's or system's locale whatever the page's language, so
 * under each one the chosen time is also written out in the page's language.
 */
export function ValidityFields({ form }: { form: Form }) {
  const { t, language } = useT()
  const errorText = useErrorText()
  const [validFrom, validUntil] = form.watch(['validFrom', 'validUntil'])
  const inPageLanguage = (value: string) => {
    const iso = fromLocalInput(value)
    return iso && !Number.isNaN(Date.parse(iso)) ? formatDateTime(iso, language) : undefined
  }
  return (
    <div className="field-row">
      <Field label={t('field.validFrom')} error={errorText(form.formState.errors.validFrom)} hint={inPageLanguage(validFrom)}>
        {(control) => <input {...control} {...form.register('validFrom')} type="datetime-local" className="input" />}
      </Field>
      <Field label={t('field.validUntil')} error={errorText(form.formState.errors.validUntil)} hint={inPageLanguage(validUntil)}>
        {(control) => <input {...control} {...form.register('validUntil')} type="datetime-local" className="input" />}
      </Field>
    </div>
  )
}

export function GroupChecks({ form }: { form: Form }) {
  const { t } = useT()
  const errorText = useErrorText()
  const groups = useStation((state) => state.groups)
  return (
    <Controller
      control={form.control}
      name="groups"
      render={({ field, fieldState }) => (
        <FieldSet legend={t('field.groups')} error={errorText(fieldState.error)} hint={groups.length === 0 ? t('groups.noneYet') : undefined}>
          <div className="checks">
            {groups.map((group) => (
              <label key={group.id} className="check">
                <input
                  type="checkbox"
                  checked={field.value.includes(group.id)}
                  onChange={(event) => field.onChange(event.target.checked ? [...field.value, group.id] : field.value.filter((id) => id !== group.id))}
                />
                <span>{group.name}</span>
              </label>
            ))}
          </div>
        </FieldSet>
      )}
    />
  )
}

export function TextAreaField({ form, name, label, required }: { form: Form; name: 'note' | 'reason'; label: string; required?: boolean }) {
  const errorText = useErrorText()
  return (
    <Field label={label} required={required} error={errorText(form.formState.errors[name])}>
      {(control) => <textarea {...control} {...form.register(name)} className="input textarea" rows={3} />}
    </Field>
  )
}

export function EnabledField({ form }: { form: Form }) {
  const { t } = useT()
  return (
    <label className="check check--switch">
      <input type="checkbox" {...form.register('enabled')} />
      <span>{t('field.enabled')}</span>
    </label>
  )
}
