import { useState } from 'react'
import { useT } from '../i18n'
import { useStation } from '../store'
import { Field } from '../shared/Field'
import { SessionPage } from './SessionPage'
import { PasswordFields, useNewPasswordForm } from './PasswordFields'

/** The station's very first start: someone must become its administrator before anything else. */
export function FirstStartScreen() {
  const { t } = useT()
  const setUp = useStation((state) => state.setUpAdministrator)
  const [name, setName] = useState('')
  const { password, setPassword, problems, busy, submit } = useNewPasswordForm(['name'], (chosen) => setUp(name, chosen))

  return (
    <SessionPage title={t('session.firstStartTitle')} intro={<p>{t('session.firstStartExplain')}</p>}>
      <form className="session-form" noValidate onSubmit={submit} aria-labelledby="session-title">
        {problems.banner && (
          <p className="banner banner--error" role="alert">
            {problems.banner}
          </p>
        )}
        <Field label={t('session.name')} error={problems.name} required>
          {(control) => <input {...control} className="input" autoComplete="username" value={name} onChange={(event) => setName(event.target.value)} autoFocus />}
        </Field>
        <PasswordFields value={password} onChange={setPassword} errors={problems} />
        <button type="submit" className="button button--primary button--large" disabled={busy}>
          {t('session.createAdministrator')}
        </button>
      </form>
    </SessionPage>
  )
}
