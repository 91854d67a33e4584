import { useCallback, useEffect, useState } from 'react'
import { ROLES, type Role } from '../../common/operators/roles'
import type { OperatorView } from '../../common/operators/operator-types'
import { useT } from '../i18n'
import { useStation } from '../store'
import { getBridge } from '../store/bridge-holder'
import { formatShortDateTime } from '../shared/dates'
import { errorMessage } from '../shared/errors'
import { Field } from '../shared/Field'
import { Icon } from '../shared/icons'
import { PasswordFields, useNewPasswordForm } from '../session/PasswordFields'
import { ResetPasswordDialog } from './ResetPasswordDialog'
import './operators.css'

/** The station's operator accounts (administrators): add, change role, disable, reset a password. */
export function OperatorsScreen() {
  const { t, language } = useT()
  const notify = useStation((state) => state.notify)
  const me = useStation((state) => state.session?.operator?.id)
  const [operators, setOperators] = useState<OperatorView[] | null>(null)
  const [resetting, setResetting] = useState<OperatorView | null>(null)

  const load = useCallback(async () => {
    try {
      setOperators(await getBridge().invoke('operator.list', {}))
    } catch (error) {
      notify('error', errorMessage(error))
    }
  }, [notify])
  useEffect(() => void load(), [load])

  const edit = async (operator: OperatorView, patch: { role?: Role; disabled?: boolean }) => {
    try {
      const saved = await getBridge().invoke('operator.edit', { id: operator.id, ...patch })
      notify('success', t('operators.saved', { name: saved.name }))
    } catch (error) {
      notify('error', errorMessage(error))
    }
    await load()
  }

  return (
    <div className="screen">
      <header className="screen__header">
        <div>
          <h1>{t('operators.title')}</h1>
          <p className="screen__sub">{t('operators.explain')}</p>
        </div>
      </header>
      <AddOperatorForm onAdded={load} />
      {operators && (
        <table className="table operators-table">
          <thead>
            <tr>
              <th scope="col">{t('session.name')}</th>
              <th scope="col">{t('operators.role')}</th>
              <th scope="col">{t('operators.status')}</th>
              <th scope="col">{t('operators.changed')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {operators.map((operator) => (
              <tr key={operator.id} data-operator={operator.name}>
                <th scope="row">
                  {operator.name}
                  {operator.id === me && <span className="muted"> · {t('operators.you')}</span>}
                </th>
                <td>
                  <select
                    className="input input--compact"
                    aria-label={t('operators.roleOf', { name: operator.name })}
                    value={operator.role}
                    onChange={(event) => void edit(operator, { role: event.target.value as Role })}
                  >
                    {ROLES.map((role) => (
                      <option key={role} value={role}>
                        {t(`role.${role}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>{operator.disabled ? <span className="status status--disabled">{t('status.disabled')}</span> : <span className="status status--active">{t('status.active')}</span>}</td>
                <td className="muted">{t('operators.changedBy', { who: operator.updatedBy, when: formatShortDateTime(operator.updatedAt, language) })}</td>
                <td className="row-actions-cell">
                  <div className="row-actions">
                    <button type="button" className="button button--small" onClick={() => setResetting(operator)} aria-label={t('operators.resetPasswordOf', { name: operator.name })}>
                      {t('operators.resetPassword')}
                    </button>
                    <button
                      type="button"
                      className={`button button--small ${operator.disabled ? '' : 'button--danger-quiet'}`}
                      onClick={() => void edit(operator, { disabled: !operator.disabled })}
                      aria-label={t(operator.disabled ? 'operators.enableNamed' : 'operators.disableNamed', { name: operator.name })}
                    >
                      {t(operator.disabled ? 'operators.enable' : 'operators.disable')}
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {resetting && <ResetPasswordDialog operator={resetting} onClose={() => setResetting(null)} />}
    </div>
  )
}

function AddOperatorForm({ onAdded }: { onAdded(): Promise<void> }) {
  const { t } = useT()
  const notify = useStation((state) => state.notify)
  const [name, setName] = useState('')
  const [role, setRole] = useState<Role>('reception')
  const { password, setPassword, problems, busy, submit } = useNewPasswordForm(['name', 'role'], async (chosen) => {
    const added = await getBridge().invoke('operator.add', { name, role, password: chosen })
    notify('success', t('operators.added', { name: added.name, role: t(`role.${added.role}`) }))
    setName('')
    await onAdded()
  })

  return (
    <form className="card operator-add" noValidate onSubmit={submit} aria-label={t('operators.add')}>
      {problems.banner && (
        <p className="banner banner--error" role="alert">
          {problems.banner}
        </p>
      )}
      <Field label={t('session.name')} error={problems.name} required>
        {(control) => <input {...control} className="input" autoComplete="off" value={name} onChange={(event) => setName(event.target.value)} />}
      </Field>
      <Field label={t('operators.role')} error={problems.role} required>
        {(control) => (
          <select {...control} className="input" value={role} onChange={(event) => setRole(event.target.value as Role)}>
            {ROLES.map((choice) => (
              <option key={choice} value={choice}>
                {t(`role.${choice}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <PasswordFields value={password} onChange={setPassword} errors={problems} />
      <button type="submit" className="button button--primary" disabled={busy}>
        <Icon name="plus" size={18} /> {t('operators.add')}
      </button>
    </form>
  )
}
