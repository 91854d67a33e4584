import { useEffect, useId, useRef, type ReactNode } from 'react'
import { useT } from '../i18n'
import { Icon } from './icons'

/**
 * A modal on the native <dialog>: the browser traps focus, Esc cancels (routed to onClose so the
 * caller decides), and focus returns to whatever opened it.
 */
export function Dialog(props: { title: string; onClose(): void; children: ReactNode; footer?: ReactNode; size?: 'small' | 'large'; className?: string }) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const { t } = useT()
  useEffect(() => {
    const dialog = ref.current
    if (dialog && !dialog.open) dialog.showModal()
    return () => dialog?.close()
  }, [])
  return (
    <dialog
      ref={ref}
      className={`dialog dialog--${props.size ?? 'small'} ${props.className ?? ''}`}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault()
        props.onClose()
      }}
    >
      <header className="dialog__header">
        <h2 id={titleId}>{props.title}</h2>
        <button type="button" className="icon-button" aria-label={t('common.close')} onClick={props.onClose}>
          <Icon name="close" />
        </button>
      </header>
      <div className="dialog__body">{props.children}</div>
      {props.footer && <footer className="dialog__footer">{props.footer}</footer>}
    </dialog>
  )
}
