import { useState } from 'react'
import { useFieldArray, useForm, type FieldPath, type UseFormRegister } from 'react-hook-form'
import { useT, type Translate } from '../i18n'
import { useStation } from '../store'
import { getBridge } from '../store/bridge-holder'
import { Dialog } from '../shared/Dialog'
import { Field } from '../shared/Field'
import { Icon } from '../shared/icons'
import { errorMessage } from '../shared/errors'
import { submitOnEnter } from '../shared/keyboard'
import { placeCoreErrors } from '../shared/errors'
import { TestResultView } from './TestResultView'
import { testTarget } from './test-target'
import {
  addInput,
  defaultText,
  editInput,
  emptyForm,
  formFromTarget,
  formPathOf,
  HEADER_SECRET_PREFIX,
  type SettingField,
  type TargetFormValues,
  type TargetKindInfo,
  type TargetTestResult,
  type TargetView,
} from './target-form'

/**
 * Add or edit one back end. The kind decides the fields (from target.kinds); secrets are password
 * inputs that say whether a value is stored, and a blank one keeps it. "Save and test" saves, then
 * tries the connection and shows what the back end said, with the dialog still open.
 */
export function TargetDialog(props: { kinds: TargetKindInfo[]; target: TargetView | null; onClose(): void; onSaved(target: TargetView): void }) {
  const { t, language } = useT()
  const notify = useStation((state) => state.notify)
  const [target, setTarget] = useState<TargetView | null>(props.target)
  const [banner, setBanner] = useState<string | null>(null)
  const [test, setTest] = useState<TargetTestResult | 'testing' | null>(null)
  const kindOf = (kind: string) => props.kinds.find((k) => k.kind === kind) ?? props.kinds[0]
  const form = useForm<TargetFormValues>({ defaultValues: target ? formFromTarget(target, kindOf(target.kind)) : emptyForm(props.kinds[0]) })
  const headers = useFieldArray({ control: form.control, name: 'headers' })
  const kind = kindOf(form.watch('kind'))
  const errors = form.formState.errors
  const busy = form.formState.isSubmitting || test === 'testing'

  const changeKind = (next: string) => {
    const { name, baseUrl } = form.getValues()
    form.reset({ ...emptyForm(kindOf(next)), name, baseUrl })
    setBanner(null)
    setTest(null)
  }

  const save = async (values: TargetFormValues): Promise<TargetView | null> => {
    setBanner(null)
    try {
      const saved = target ? await getBridge().invoke('target.edit', editInput(target, values, kind)) : await getBridge().invoke('target.add', addInput(values, kind))
      notify('success', t(target ? 'targets.saved' : 'targets.added', { name: saved.name }))
      setTarget(saved)
      form.reset(formFromTarget(saved, kind))
      props.onSaved(saved)
      return saved
    } catch (error) {
      const unplaced = placeCoreErrors(
        error,
        (field) => formPathOf(field, values),
        (path, message) => form.setError(path as FieldPath<TargetFormValues>, { type: 'server', message }, { shouldFocus: true }),
      )
      if (unplaced) setBanner(unplaced)
      return null
    }
  }

  const saveAndClose = form.handleSubmit(async (values) => {
    if (await save(values)) props.onClose()
  })
  const saveAndTest = form.handleSubmit(async (values) => {
    const saved = await save(values)
    if (!saved) return
    setTest('testing')
    try {
      setTest(await testTarget(saved.id))
    } catch (error) {
      setTest(null)
      setBanner(errorMessage(error))
    }
  })

  const basic = kind.settings.filter((field) => !field.advanced)
  const advanced = kind.settings.filter((field) => field.advanced)
  const message = (text: string | undefined) => text || undefined
  const settingError = (key: string) => message(errors.settings?.[key]?.message)

  return (
    <Dialog title={target ? t('targets.editTitle', { name: target.name }) : t('targets.addTitle')} onClose={props.onClose} size="large" className="target-dialog">
      <form noValidate onSubmit={saveAndClose} onKeyDown={submitOnEnter} className="stack target-form">
        {banner && (
          <p className="banner banner--error" role="alert">
            {banner}
          </p>
        )}
        <div className="target-form__grid">
          <Field label={t('targets.kind')} hint={target ? t('targets.kindFixed') : undefined}>
            {(control) => (
              <select {...control} className="input" value={kind.kind} disabled={target !== null} onChange={(event) => changeKind(event.target.value)}>
                {props.kinds.map((option) => (
                  <option key={option.kind} value={option.kind}>
                    {option.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('targets.name')} required hint={t('targets.nameHint')} error={message(errors.name?.message)}>
            {(control) => <input {...control} {...form.register('name')} className="input" autoFocus autoComplete="off" />}
          </Field>
          <Field label={t('targets.baseUrl')} required hint={t('targets.baseUrlHint')} error={message(errors.baseUrl?.message)} className="target-form__wide">
            {(control) => <input {...control} {...form.register('baseUrl')} className="input mono" inputMode="url" autoComplete="off" spellCheck={false} />}
          </Field>
          {basic.map((field) => (
            <SettingInput key={`${kind.kind}.${field.key}`} field={field} kind={kind} register={form.register} error={settingError(field.key)} />
          ))}
        </div>

        {(kind.secrets.length > 0 || kind.headers) && (
          <fieldset className="target-form__secrets">
            <legend>{t('targets.credentials')}</legend>
            <div className="target-form__grid">
              {kind.secrets.map((secret) => (
                <Field
                  key={`${kind.kind}.${secret.key}`}
                  label={secret.label[language]}
                  required={secret.required && !target?.secrets[secret.key]}
                  hint={secretHint(t, target?.secrets[secret.key] ?? false)}
                  error={message(errors.secrets?.[secret.key]?.message)}
                >
                  {(control) => <input {...control} {...form.register(`secrets.${secret.key}`)} type="password" className="input" autoComplete="new-password" />}
                </Field>
              ))}
            </div>
            {kind.headers && (
              <div className="target-form__headers">
                <p className="field__label">{t('targets.headers')}</p>
                <p className="muted">{kind.headers.label[language]}</p>
                {headers.fields.map((row, index) => {
                  const stored = target?.secrets[`${HEADER_SECRET_PREFIX}${form.watch(`headers.${index}.name`)?.trim()}`] ?? false
                  return (
                    <div key={row.id} className="target-form__header-row">
                      <Field label={t('targets.headerName', { n: index + 1 })} error={message(errors.headers?.[index]?.name?.message)}>
                        {(control) => <input {...control} {...form.register(`headers.${index}.name`)} className="input mono" placeholder="X-Api-Key" autoComplete="off" spellCheck={false} />}
                      </Field>
                      <Field label={t('targets.headerValue', { n: index + 1 })} hint={secretHint(t, stored)} error={message(errors.headers?.[index]?.value?.message)}>
                        {(control) => <input {...control} {...form.register(`headers.${index}.value`)} type="password" className="input" autoComplete="new-password" />}
                      </Field>
                      <button type="button" className="icon-button" aria-label={t('targets.removeHeader', { n: index + 1 })} onClick={() => headers.remove(index)}>
                        <Icon name="trash" size={18} />
                      </button>
                    </div>
                  )
                })}
                <button type="button" className="button button--small" onClick={() => headers.append({ name: '', value: '' })}>
                  <Icon name="plus" size={16} /> {t('targets.addHeader')}
                </button>
              </div>
            )}
          </fieldset>
        )}

        <div className="target-form__grid">
          <Field label={t('targets.expiry')} hint={t('targets.expiryHint')}>
            {(control) => (
              <select {...control} {...form.register('expiryAction')} className="input">
                <option value="disable">{t('targets.expiry.disable')}</option>
                <option value="delete">{t('targets.expiry.delete')}</option>
              </select>
            )}
          </Field>
          <label className="check check--switch target-form__enabled">
            <input type="checkbox" {...form.register('enabled')} />
            <span>{t('targets.enabled')}</span>
          </label>
        </div>

        {advanced.length > 0 && (
          <details className="target-form__advanced">
            <summary>{t('targets.advanced')}</summary>
            <div className="target-form__grid">
              {advanced.map((field) => (
                <SettingInput key={`${kind.kind}.${field.key}`} field={field} kind={kind} register={form.register} error={settingError(field.key)} />
              ))}
            </div>
          </details>
        )}

        <KindNotes kind={kind} />
        {test && <TestResultView result={test} />}

        <div className="dialog__footer">
          <button type="button" className="button" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" className="button" disabled={busy} onClick={() => void saveAndTest()}>
            {t('targets.saveAndTest')}
          </button>
          <button type="submit" className="button button--primary" disabled={busy}>
            {form.formState.isSubmitting ? t('common.saving') : t('common.save')}
          </button>
        </div>
      </form>
    </Dialog>
  )
}

function SettingInput(props: { field: SettingField; kind: TargetKindInfo; register: UseFormRegister<TargetFormValues>; error?: string }) {
  const { t, language } = useT()
  const { field } = props
  const fallback = defaultText(field)
  const hint = [field.input === 'list' ? t('targets.listHint') : '', fallback ? t('targets.defaultValue', { value: fallback }) : field.required ? '' : t('targets.optional')]
    .filter(Boolean)
    .join(' · ')
  const label = field.label[language]
  const path = `settings.${field.key}` as FieldPath<TargetFormValues>
  return (
    <Field label={label} required={field.required} hint={hint || undefined} error={props.error}>
      {(control) =>
        field.input === 'choice' ? (
          <select {...control} {...props.register(path)} className="input">
            <option value="">{fallback ? t('targets.defaultValue', { value: fallback }) : t('targets.notSet')}</option>
            {field.choices?.map((choice) => (
              <option key={choice} value={choice}>
                {choice}
              </option>
            ))}
          </select>
        ) : (
          <input
            {...control}
            {...props.register(path)}
            className="input"
            placeholder={fallback}
            inputMode={field.input === 'number' ? 'decimal' : undefined}
            autoComplete="off"
            spellCheck={false}
          />
        )
      }
    </Field>
  )
}

function KindNotes({ kind }: { kind: TargetKindInfo }) {
  const { t, language } = useT()
  const notes = kind.capabilities.notes
  if (notes.length === 0) return null
  return (
    <div className="target-form__notes">
      <p className="field__label">{t('targets.notes', { kind: kind.label })}</p>
      <ul>
        {notes.map((note) => (
          <li key={note.en}>{note[language]}</li>
        ))}
      </ul>
    </div>
  )
}

function secretHint(t: Translate, stored: boolean): string {
  return stored ? t('targets.secretSet') : t('targets.secretNotSet')
}
