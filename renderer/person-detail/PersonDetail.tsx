import { useEffect, useState } from 'react'
import { useForm } from 'react-hook-form'
import { codedResolver } from '../shared/form-resolver'
import type { Person } from '../../common/model/person'
import { BridgeError } from '../bridge'
import { useT } from '../i18n'
import { useStation } from '../store'
import { getBridge } from '../store/bridge-holder'
import { editPersonFormSchema, PERSON_FORM_FIELDS, personToForm, type PersonFormValues } from '../person-form/form-model'
import { CertificateFields, EnabledField, GenderField, GroupChecks, NameField, TextAreaField, TextField, TypeChoice, ValidityFields } from '../person-form/PersonFields'
import { ConfirmDialog } from '../shared/ConfirmDialog'
import { Dialog } from '../shared/Dialog'
import { errorMessage, showCoreErrors } from '../shared/errors'
import { submitOnEnter } from '../shared/keyboard'
import { personStatus, STATUS_LABEL } from '../persons/person-status'
import { PersonHistory } from './PersonHistory'
import { PersonSync } from './PersonSync'
import { PhotoPanel } from './PhotoPanel'
import { useMayWritePerson } from '../session/permissions'
import { fieldMatchTitle } from '../shared/FieldMatchWarnings'
import './person-detail.css'

/** Edit every field of one person; the version the form was loaded from goes with the save. */
export function PersonDetail({ personId }: { personId: string }) {
  const { t } = useT()
  const { openPerson, notify } = useStation.getState()
  const [person, setPerson] = useState<Person | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [tab, setTab] = useState<'details' | 'sync' | 'history'>('details')
  // a reload (after a stale save) starts the form again from what is stored now
  const [formKey, setFormKey] = useState(0)
  const close = () => openPerson(null)

  const load = async () => {
    try {
      setPerson(await getBridge().invoke('person.show', { id: personId }))
      setFormKey((key) => key + 1)
    } catch (error) {
      setLoadError(errorMessage(error))
    }
  }
  useEffect(() => {
    void load()
  }, [personId]) // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <Dialog title={person ? person.name : t('common.loading')} onClose={close} size="large" className="person-detail">
      {loadError && <p className="banner banner--error">{loadError}</p>}
      {person && (
        <>
          <div className="person-detail__summary">
            <span className={`type-tag type-tag--${person.type}`}>{t(`type.${person.type}`)}</span>
            <span className={`status status--${personStatus(person)}`}>{t(STATUS_LABEL[personStatus(person)])}</span>
            <span className="muted">
              {person.code} · {t('detail.version', { version: person.version })} · {t('detail.createdBy', { who: person.createdBy })}
            </span>
          </div>
          <div className="tabs" role="tablist" aria-label={t('detail.sections')}>
            {(['details', 'sync', 'history'] as const).map((name) => (
              <button key={name} type="button" role="tab" id={`tab-${name}`} aria-selected={tab === name} aria-controls={`panel-${name}`} className="tab" onClick={() => setTab(name)}>
                {t(`detail.tab.${name}`)}
              </button>
            ))}
          </div>
          {/* the form stays mounted behind the other tabs so unsaved edits survive a look at the history */}
          <div role="tabpanel" id="panel-details" aria-labelledby="tab-details" hidden={tab !== 'details'}>
            <DetailForm key={`${person.id}:${formKey}`} person={person} onSaved={setPerson} onReload={load} onClose={close} notify={notify} />
          </div>
          {tab !== 'details' && (
            <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
              {tab === 'sync' ? <PersonSync personId={person.id} /> : <PersonHistory personId={person.id} version={person.version} />}
            </div>
          )}
        </>
      )}
    </Dialog>
  )
}

function DetailForm(props: { person: Person; onSaved(person: Person): void; onReload(): Promise<void>; onClose(): void; notify(kind: 'success' | 'error', text: string): void }) {
  const { person } = props
  const { t } = useT()
  const form = useForm<PersonFormValues, unknown, ReturnType<typeof editPersonFormSchema.parse>>({
    resolver: codedResolver(editPersonFormSchema),
    defaultValues: personToForm(person),
  })
  const [banner, setBanner] = useState<{ text: string; stale: boolean } | null>(null)
  const [busy, setBusy] = useState(false)
  const [confirmPurge, setConfirmPurge] = useState(false)
  // an operator who may not write this type of person sees it read-only (the core refuses a change anyway)
  const mayEdit = useMayWritePerson()(person.type)

  const save = form.handleSubmit(async (patch) => {
    setBanner(null)
    try {
      const saved = await getBridge().invoke('person.edit', { ...patch, id: person.id, version: person.version })
      props.onSaved(saved)
      form.reset(personToForm(saved))
      props.notify('success', t('detail.saved', { name: saved.name }))
      // the edited certificate number, phone or name matches a blacklist entry: the same alert as at the desk
      for (const match of saved.blacklistMatches ?? []) props.notify('error', fieldMatchTitle(t, match))
    } catch (error) {
      const rest = showCoreErrors(error, PERSON_FORM_FIELDS, form.setError)
      if (rest) setBanner({ text: rest, stale: error instanceof BridgeError && error.code === 'stale' })
    }
  })

  const lifecycle = async (action: 'delete' | 'restore') => {
    setBusy(true)
    try {
      const next =
        action === 'delete'
          ? await getBridge().invoke('person.delete', { id: person.id, version: person.version })
          : await getBridge().invoke('person.restore', { id: person.id })
      props.notify('success', t(action === 'delete' ? 'detail.deleted' : 'detail.restored', { name: next.name }))
      if (action === 'delete') props.onClose()
      else props.onSaved(next)
    } catch (error) {
      setBanner({ text: errorMessage(error), stale: error instanceof BridgeError && error.code === 'stale' })
    } finally {
      setBusy(false)
    }
  }

  // from the recycle bin only; a throw stays in the confirmation, which shows the core's message
  const purge = async () => {
    const erased = await getBridge().invoke('person.purge', { id: person.id })
    props.notify('success', t('detail.purged', { code: erased.code }))
    props.onClose()
  }

  const type = form.watch('type')
  return (
    <>
      <form className="detail-form" noValidate onSubmit={save} onKeyDown={submitOnEnter} aria-label={t('detail.formLabel', { name: person.name })}>
        {banner && (
          <div className="banner banner--error" role="alert">
            <span>{banner.text}</span>
            {banner.stale && (
              <button
                type="button"
                className="button button--small"
                onClick={async () => {
                  await props.onReload()
                  setBanner(null)
                }}
              >
                {t('detail.reload')}
              </button>
            )}
          </div>
        )}
        <fieldset className="detail-form__layout" disabled={!mayEdit}>
          <PhotoPanel person={person} onChanged={props.onSaved} readOnly={!mayEdit} />
          <div className="detail-form__fields">
            <TypeChoice form={form} />
            {type === 'blacklist' && <TextAreaField form={form} name="reason" label={t('field.reason')} required />}
            <div className="field-row">
              <NameField form={form} />
              <TextField form={form} name="code" label={t('field.code')} />
            </div>
            <div className="field-row">
              <TextField form={form} name="phone" label={t('field.phone')} type="tel" inputMode="tel" />
              <TextField form={form} name="email" label={t('field.email')} type="email" inputMode="email" />
            </div>
            <div className="field-row">
              <GenderField form={form} />
              <TextField form={form} name="company" label={t('field.company')} />
            </div>
            <div className="field-row">
              <TextField form={form} name="department" label={t('field.department')} />
              <TextField form={form} name="position" label={t('field.position')} />
            </div>
            <CertificateFields form={form} />
            <ValidityFields form={form} />
            <GroupChecks form={form} />
            <TextAreaField form={form} name="note" label={t('field.note')} />
            {type !== 'blacklist' && person.reason && <TextAreaField form={form} name="reason" label={t('field.reason')} />}
            <EnabledField form={form} />
          </div>
        </fieldset>
        <div className="dialog__footer detail-form__footer">
          {!mayEdit ? null : person.deletedAt ? (
            <>
              <button type="button" className="button" disabled={busy} onClick={() => void lifecycle('restore')}>
                {t('detail.restore')}
              </button>
              <button type="button" className="button button--danger-quiet" disabled={busy} onClick={() => setConfirmPurge(true)}>
                {t('detail.purge')}
              </button>
            </>
          ) : (
            <button type="button" className="button button--danger-quiet" disabled={busy} onClick={() => void lifecycle('delete')}>
              {t('detail.delete')}
            </button>
          )}
          <span className="spacer" />
          <button type="button" className="button" onClick={props.onClose}>
            {t('common.cancel')} <kbd>Esc</kbd>
          </button>
          {mayEdit && (
            <button type="submit" className="button button--primary" disabled={form.formState.isSubmitting || !!person.deletedAt}>
              {form.formState.isSubmitting ? t('common.saving') : t('common.save')} <kbd>Enter</kbd>
            </button>
          )}
        </div>
      </form>
      {/* outside the form: its Enter-to-save must not see the confirmation's keys */}
      {confirmPurge && (
        <ConfirmDialog title={t('detail.purgeTitle', { name: person.name, code: person.code })} confirmLabel={t('detail.purge')} onConfirm={purge} onClose={() => setConfirmPurge(false)}>
          <p>{t('detail.purgeExplain')}</p>
        </ConfirmDialog>
      )}
    </>
  )
}
