import type { OperatorView } from '../../common/operators/operator-types'
import { useT } from '../i18n'
import { useStation } from '../store'
import { getBridge } from '../store/bridge-holder'
import { Dialog } from '../shared/Dialog'
import { PasswordFields, useNewPasswordForm } from '../session/PasswordFields'

/** A new password for an operator who forgot theirs (told to them in person). */
export function ResetPasswordDialog({ operator, onClose }: { operator: OperatorView; onClose(): void }) {
  const { t } = useT()
  const notify = useStation((state) => state.notify)
  const { password, setPassword, problems, busy, submit } = useNewPasswordForm([], async (chosen) => {
    await getBridge().invoke('operator.edit', { id: operator.id, password: chosen })
    notify('success', t('operators.passwordReset', { name: operator.name }))
    onClose()
  })

  return (
    <Dialog title={t('operators.resetPasswordOf', { name: operator.name })} onClose={onClose}>
      <form className="stack" noValidate onSubmit={submit} aria-label={t('operators.resetPasswordOf', { name: operator.name })}>
        {problems.banner && (
          <p className="banner banner--error" role="alert">
            {problems.banner}
          </p>
        )}
        <PasswordFields value={password} onChange={setPassword} errors={problems} label={t('operators.newPassword')} />
        <div className="dialog__footer">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={busy}>
            {t('operators.resetPassword')}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
