import { useEffect, useId, useRef, useState, type ReactNode } from 'react'
import { useT } from '../i18n'
import { Dialog } from './Dialog'
import { errorMessage } from './errors'

export interface ConfirmDialogProps {
  /** The question, which names the dialog: "Remove Lobby gates?" */
  title: string
  /** The danger button's words, saying what happens: "Remove back end". */
  confirmLabel: string
  /** Does it; resolving closes the dialog, a throw shows the core's message and keeps it open. */
  onConfirm(): Promise<void>
  onClose(): void
  /** What the action affects, read out with the button. */
  children?: ReactNode
}

/**
 * "Are you sure?" before something that cannot be undone. Enter confirms and Esc cancels: the
 * danger button has the focus and carries the consequences as its description, so a screen reader
 * says what it is about to do; Tab reaches Cancel. While it runs the button is busy and a second
 * Enter does nothing.
 */
export function ConfirmDialog({ title, confirmLabel, onConfirm, onClose, children }: ConfirmDialogProps) {
  const { t } = useT()
  const bodyId = useId()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const running = useRef(false)
  const confirmButton = useRef<HTMLButtonElement>(null)

  const confirm = useRef(async () => {})
  confirm.current = async () => {
    if (running.current) return
    running.current = true
    setBusy(true)
    setError(null)
    try {
      await onConfirm()
      onClose()
    } catch (failure) {
      setError(errorMessage(failure))
    } finally {
      running.current = false
      setBusy(false)
    }
  }

  // Enter anywhere in the dialog confirms (a button takes its own Enter: Cancel cancels), also
  // after a click on the text took the focus off the button, or once the busy button let it go.
  useEffect(() => {
    // after Dialog's own effect opened the <dialog> (a child's effects run first), which focused its first button
    confirmButton.current?.focus()
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Enter' || event.isComposing || event.defaultPrevented) return
      if (event.target instanceof Element && event.target.closest('button, a, input, textarea, select')) return
      event.preventDefault()
      void confirm.current()
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [])

  return (
    <Dialog
      title={title}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            className="button button--danger"
            ref={confirmButton}
            disabled={busy}
            aria-busy={busy}
            aria-describedby={children ? bodyId : undefined}
            onClick={() => void confirm.current()}
          >
            {confirmLabel}
          </button>
        </>
      }
    >
      {children && <div id={bodyId}>{children}</div>}
      {error && (
        <p className="banner banner--error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  )
}
