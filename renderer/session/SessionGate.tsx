import { useCallback, useEffect, type ReactNode } from 'react'
import { useT } from '../i18n'
import { useStation } from '../store'
import { errorMessage } from '../shared/errors'
import { FirstStartScreen } from './FirstStartScreen'
import { SessionPage } from './SessionPage'
import { SignInScreen } from './SignInScreen'
import { useIdleLock } from './use-idle-lock'

/**
 * Shows the desk only to a signed-in operator whose session is not locked; otherwise the
 * first-start, sign-in or lock screen. The desk is mounted afresh for each operator, and taken
 * down while locked, so nothing of it runs (or calls the core) while nobody may use it.
 */
export function SessionGate({ children }: { children: ReactNode }) {
  const { t } = useT()
  const session = useStation((state) => state.session)
  const sessionError = useStation((state) => state.sessionError)
  useEffect(() => {
    void useStation.getState().loadSession()
  }, [])

  if (!session) {
    return (
      <SessionPage title={t('session.signInTitle')}>
        {sessionError ? (
          <p className="banner banner--error" role="alert">
            {errorMessage(sessionError)}
          </p>
        ) : (
          <p className="muted">{t('common.loading')}</p>
        )}
      </SessionPage>
    )
  }
  if (session.needsFirstAdministrator) return <FirstStartScreen />
  if (!session.operator || session.locked) return <SignInScreen key={session.operator?.id ?? 'nobody'} session={session} />
  return (
    <IdleLock minutes={session.idleLockMinutes} key={session.operator.id}>
      {children}
    </IdleLock>
  )
}

function IdleLock({ minutes, children }: { minutes: number; children: ReactNode }) {
  const lock = useCallback(() => {
    const { lockSession, session } = useStation.getState()
    // the core keeps the lock; if it cannot be told, the page locks itself all the same
    lockSession().catch(() => session && useStation.setState({ session: { ...session, locked: true } }))
  }, [])
  // tells the core someone is at work: session.status keeps a signed-in session awake
  const keepAlive = useCallback(() => void useStation.getState().loadSession(), [])
  useIdleLock(minutes, lock, keepAlive)
  return <>{children}</>
}
