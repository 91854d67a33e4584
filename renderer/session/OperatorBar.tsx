import { useT } from '../i18n'
import { useStation } from '../store'
import { errorMessage } from '../shared/errors'
import { Icon } from '../shared/icons'
import './session.css'

/** Who is signed in at this desk, with the lock (step away, quick switch) and sign-out. */
export function OperatorBar() {
  const { t } = useT()
  const operator = useStation((state) => state.session?.operator)
  const { lockSession, signOut, notify } = useStation.getState()
  if (!operator) return null
  const run = (action: () => Promise<void>) => action().catch((error) => notify('error', errorMessage(error)))
  return (
    <div className="operator-bar" aria-label={t('session.operatorRegion')} role="group">
      <div className="operator-bar__who" data-testid="signed-in-operator">
        <span className="operator-bar__name">{operator.name}</span>
        <span className="operator-bar__role">{t(`role.${operator.role}`)}</span>
      </div>
      <div className="operator-bar__actions">
        <button type="button" className="button button--small" onClick={() => run(lockSession)} title={t('session.lockHint')}>
          <Icon name="lock" size={16} /> {t('session.lock')}
        </button>
        <button type="button" className="button button--small" onClick={() => run(signOut)}>
          <Icon name="signOut" size={16} /> {t('session.signOut')}
        </button>
      </div>
    </div>
  )
}
