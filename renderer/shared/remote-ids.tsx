import { Field } from './Field'

/** Remote ids as typed: separated by commas (also the Chinese comma) or spaces, each once. */
export function remoteIdsOf(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,，\s]+/)
        .map((id) => id.trim())
        .filter(Boolean),
    ),
  ]
}

export function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.join('\n') === b.join('\n')
}

/** One line of remote ids, as typed (comma-separated), in both mapping dialogs. */
export function RemoteIdsField(props: { label: string; hint?: string; error?: string; value: string; autoFocus?: boolean; onChange(text: string): void }) {
  return (
    <Field label={props.label} hint={props.hint} error={props.error}>
      {(control) => (
        <input
          {...control}
          className="input mono"
          value={props.value}
          autoFocus={props.autoFocus}
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => props.onChange(event.target.value)}
        />
      )}
    </Field>
  )
}
