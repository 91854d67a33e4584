import type { FieldValues, Path, UseFormSetError } from 'react-hook-form'
import { BridgeError } from '../bridge'
import { withoutFieldPrefix } from '../i18n/core-messages'
import { currentTranslator } from '../i18n'
import { codedWords, refusalText } from '../../common/i18n/error-text'

/**
 * Puts each refusal of the core next to the form field it names (`pathOf` says which field shows
 * a core field, or null), without the "field: " prefix, worded by its message code in the page's language when
 * the core gave one (else as the core wrote it, for `tm`). Returns the first refusal no field shows,
 * with its field named, for a banner above the form. `place` is told whether such a refusal came
 * before it (forms move the focus only to fields placed before any banner text).
 */
export function placeCoreErrors(
  error: unknown,
  pathOf: (field: string) => string | null,
  place: (path: string, message: string, afterUnplaced: boolean) => void,
): string | null {
  if (!(error instanceof BridgeError)) return errorMessage(error)
  const issues = error.issues.length ? error.issues : [{ field: error.field ?? '', message: error.message }]
  let unplaced: string | null = null
  const t = currentTranslator()
  for (const issue of issues) {
    const path = pathOf(issue.field)
    if (path) place(path, codedWords(issue, t) ?? withoutFieldPrefix(issue.message, issue.field), unplaced !== null)
    else unplaced ??= refusalText(issue, t) ?? (issue.field && !issue.message.startsWith(`${issue.field}: `) ? `${issue.field}: ${issue.message}` : issue.message)
  }
  return unplaced
}

/**
 * Puts the core's refusals next to the react-hook-form fields they name. Returns what has no field
 * on this form (e.g. "version" for a stale edit, or a storage failure) for a banner above it.
 */
export function showCoreErrors<T extends FieldValues>(error: unknown, fields: readonly string[], setError: UseFormSetError<T>): string | null {
  return placeCoreErrors(
    error,
    (field) => (fields.some((name) => field === name || field.startsWith(`${name}.`)) ? field : null),
    (path, message, afterUnplaced) => setError(path as Path<T>, { type: 'server', message }, { shouldFocus: !afterUnplaced }),
  )
}

/** An error in the page's language when the core gave its message code; otherwise its message as written (for `tm`). */
export function errorMessage(error: unknown): string {
  if (error instanceof BridgeError) return refusalText(error, currentTranslator()) ?? error.message
  return error instanceof Error ? error.message : String(error)
}
