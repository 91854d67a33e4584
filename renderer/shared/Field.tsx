import { useId, type ReactNode } from 'react'

export interface ControlProps {
  id: string
  'aria-invalid'?: true
  'aria-describedby'?: string
  'aria-required'?: true
}

/** A labelled control with its message underneath: the error when there is one, else the hint. */
export function Field(props: {
  label: string
  error?: string
  hint?: string
  required?: boolean
  className?: string
  children: (control: ControlProps) => ReactNode
}) {
  const id = useId()
  const messageId = `${id}-message`
  const message = props.error ?? props.hint
  return (
    <div className={['field', props.error ? 'field--invalid' : '', props.className ?? ''].join(' ').trim()}>
      <label className="field__label" htmlFor={id}>
        {props.label}
        {props.required && <span className="field__required" aria-hidden="true"> *</span>}
      </label>
      {props.children({
        id,
        'aria-invalid': props.error ? true : undefined,
        'aria-describedby': message ? messageId : undefined,
        'aria-required': props.required ? true : undefined,
      })}
      {message && (
        <p id={messageId} className={props.error ? 'field__error' : 'field__hint'} role={props.error ? 'alert' : undefined}>
          {message}
        </p>
      )}
    </div>
  )
}

/** A group of checkboxes or options under one visible caption (fieldset + legend for screen readers). */
export function FieldSet(props: { legend: string; error?: string; hint?: string; className?: string; children: ReactNode }) {
  const id = useId()
  return (
    <fieldset className={['field', 'fieldset', props.error ? 'field--invalid' : '', props.className ?? ''].join(' ').trim()} aria-describedby={props.error || props.hint ? `${id}-message` : undefined}>
      <legend className="field__label">{props.legend}</legend>
      {props.children}
      {(props.error || props.hint) && (
        <p id={`${id}-message`} className={props.error ? 'field__error' : 'field__hint'} role={props.error ? 'alert' : undefined}>
          {props.error ?? props.hint}
        </p>
      )}
    </fieldset>
  )
}
