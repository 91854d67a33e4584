import { useEffect, useRef, useState, type FormEvent } from 'react'
import { BridgeError } from '../bridge'
import { useT, type Translate } from '../i18n'
import { codedWords } from '../../common/i18n/error-text'
import { useStation } from '../store'
import { Field } from '../shared/Field'
import { errorMessage } from '../shared/errors'
import { SessionPage } from './SessionPage'
import type { SessionStatus } from './session-slice'

/** A refused sign-in (worded when shown, in the language shown then), or the lock-out of the operator named (another one may still sign in). */
type Refusal = { error: unknown } | { lockedUntil: number; name: string }

/**
 * Sign in, or — when the desk was locked — sign in again as the same operator or as another
 * one (a quick switch at a shared desk: the previous operator's views are dropped).
 */
export function SignInScreen({ session }: { session: SessionStatus }) {
  const { t } = useT()
  const signIn = useStation((state) => state.signIn)
  const locked = session.locked && session.operator ? session.operator : null
  const [name, setName] = useState(locked?.name ?? '')
  const [password, setPassword] = useState('')
  const [refusal, setRefusal] = useState<Refusal | null>(null)
  const [busy, setBusy] = useState(false)
  const secondsLeft = useSecondsUntil(refusal && 'lockedUntil' in refusal ? refusal.lockedUntil : null)
  const nameInput = useRef<HTMLInputElement>(null)
  const passwordInput = useRef<HTMLInputElement>(null)
  const lockedOut = secondsLeft > 0 && refusal !== null && 'name' in refusal && refusal.name === name.trim()

  useEffect(() => (locked ? passwordInput : nameInput).current?.focus(), []) // eslint-disable-line react-hooks/exhaustive-deps

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (lockedOut) return
    setBusy(true)
    try {
      await signIn(name, password)
    } catch (error) {
      setPassword('')
      setRefusal(refusalOf(error, name.trim()))
      setBusy(false)
      passwordInput.current?.focus()
    }
  }

  const switchOperator = () => {
    setName('')
    setPassword('')
    setRefusal(null)
    nameInput.current?.focus()
  }

  return (
    <SessionPage
      title={locked ? t('session.lockedTitle') : t('session.signInTitle')}
      intro={locked ? <p>{t('session.lockedExplain', { name: locked.name })}</p> : <p>{t('session.signInExplain')}</p>}
    >
      <form className="session-form" noValidate onSubmit={submit} aria-labelledby="session-title">
        {refusal && ('error' in refusal || refusal.name === name.trim()) && (
          <p className="banner banner--error" role="alert" data-testid="sign-in-refusal">
            {'error' in refusal ? refusalWords(refusal.error, t) : lockedOut ? t('session.lockedOutCountdown', { seconds: secondsLeft }) : t('session.tryAgainNow')}
          </p>
        )}
        <Field label={t('session.name')} required>
          {(control) => <input {...control} ref={nameInput} className="input" autoComplete="username" value={name} onChange={(event) => setName(event.target.value)} />}
        </Field>
        <Field label={t('session.password')} required>
          {(control) => (
            <input {...control} ref={passwordInput} className="input" type="password" autoComplete="current-password" value={password} onChange={(event) => setPassword(event.target.value)} />
          )}
        </Field>
        <div className="session-form__actions">
          <button type="submit" className="button button--primary button--large" disabled={busy || lockedOut}>
            {t('session.signIn')}
          </button>
          {locked && (
            <button type="button" className="button button--large" onClick={switchOperator}>
              {t('session.switchOperator')}
            </button>
          )}
        </div>
      </form>
    </SessionPage>
  )
}

/** A locked-out refusal becomes a countdown; anything else is worded by its message code. */
function refusalOf(error: unknown, name: string): Refusal {
  if (error instanceof BridgeError && error.messageCode === 'session.locked_out') {
    const seconds = Number(error.params?.retryAfterSeconds ?? 0)
    return { lockedUntil: Date.now() + seconds * 1000, name }
  }
  return { error }
}

/** The sign-in's own refusals read without the field they name ("wrong name or password…", not "password: …"). */
function refusalWords(error: unknown, t: Translate): string {
  return (error instanceof BridgeError && codedWords(error, t)) || errorMessage(error)
}

/** Whole seconds left until `deadline` (0 once passed), ticking once a second. */
function useSecondsUntil(deadline: number | null): number {
  const left = () => (deadline === null ? 0 : Math.max(0, Math.ceil((deadline - Date.now()) / 1000)))
  const [seconds, setSeconds] = useState(left)
  useEffect(() => {
    setSeconds(left())
    if (deadline === null) return
    const timer = setInterval(() => {
      const now = left()
      setSeconds(now)
      if (now === 0) clearInterval(timer)
    }, 1000)
    return () => clearInterval(timer)
  }, [deadline]) // eslint-disable-line react-hooks/exhaustive-deps
  return seconds
}
