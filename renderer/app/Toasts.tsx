import { useT } from '../i18n'
import { useStation } from '../store'
import { Icon } from '../shared/icons'

export function Toasts() {
  const { t } = useT()
  const toasts = useStation((state) => state.toasts)
  const dismiss = useStation((state) => state.dismiss)
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast toast--${toast.kind}`} role={toast.kind === 'error' ? 'alert' : undefined}>
          <Icon name={toast.kind === 'error' ? 'warning' : 'check'} size={20} />
          <span className="toast__text">{toast.text}</span>
          <button type="button" className="icon-button" aria-label={t('common.dismiss')} onClick={() => dismiss(toast.id)}>
            <Icon name="close" size={16} />
          </button>
        </div>
      ))}
    </div>
  )
}
