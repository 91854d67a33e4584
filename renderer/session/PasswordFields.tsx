import { useState, type FormEvent } from 'react'
import { useT } from '../i18n'
import { Field } from '../shared/Field'
import { problemsOf, type Problems } from './form-problems'

export interface NewPassword {
  password: string
  repeat: string
}

const EMPTY_PASSWORD: NewPassword = { password: '', repeat: '' }

/** A new password typed twice (first start, a new operator, a reset). */
export function PasswordFields(props: { value: NewPassword; onChange(value: NewPassword): void; errors: { password?: string; repeat?: string }; label?: string }) {
  const { t } = useT()
  const { value, onChange } = props
  return (
    <>
      <Field label={props.label ?? t('session.password')} error={props.errors.password} hint={t('session.passwordHint')} required>
        {(control) => <input {...control} className="input" type="password" autoComplete="new-password" value={value.password} onChange={(event) => onChange({ ...value, password: event.target.value })} />}
      </Field>
      <Field label={t('session.passwordRepeat')} error={props.errors.repeat} required>
        {(control) => <input {...control} className="input" type="password" autoComplete="new-password" value={value.repeat} onChange={(event) => onChange({ ...value, repeat: event.target.value })} />}
      </Field>
    </>
  )
}

/**
 * A form that sets a new password: the page checks that both fields agree, the core checks the
 * rest (its refusals go under `fields` and the password, or into the banner). The fields are
 * emptied once `send` succeeds.
 */
export function useNewPasswordForm<F extends string>(fields: readonly F[], send: (password: string) => Promise<void>) {
  const { t } = useT()
  const [password, setPassword] = useState(EMPTY_PASSWORD)
  // keyed by field name: the form's own fields, the password, its repeat and the banner
  const [problems, setProblems] = useState<Problems<string>>({})
  const [busy, setBusy] = useState(false)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (password.password !== password.repeat) return setProblems({ repeat: t('session.passwordsDiffer') })
    setBusy(true)
    try {
      await send(password.password)
      setPassword(EMPTY_PASSWORD)
      setProblems({})
    } catch (error) {
      setProblems(problemsOf<string>(error, [...fields, 'password']))
    } finally {
      setBusy(false)
    }
  }
  return { password, setPassword, problems: problems as Problems<F | 'password' | 'repeat'>, busy, submit }
}
