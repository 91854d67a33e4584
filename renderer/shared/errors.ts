import type { FieldValues, Path, UseFormSetError } from 'react-hook-form'
import { BridgeError } from '../bridge'
import { currentTranslator } from '../i18n'
import { codedWords, errorText } from '../../common/i18n/error-text'

/**
 * Puts each refusal of the core next to the form field it names (`pathOf` says which field shows
 * a core field, or null), worded by its message code in the page's language without the field's
 * name. Returns the first refusal no field shows, with its field named, for a banner above the
 * form. `place` is told whether such a refusal came before it (forms move the focus only to fields
 * placed before any banner text). A refusal without a code reads as an unexpected error.
 */
export function placeCoreErrors(
  error: unknown,
  pathOf: (field: string) => string | null,
  place: (path: string, message: string, afterUnplaced: boolean) => void,
): string | null {
  const t = currentTranslator()
  if (!(error instanceof BridgeError)) return errorText(error, t)
  const issues = error.issues.length ? error.issues : [{ field: error.field ?? '', message: error.message, messageCode: error.messageCode, params: error.params }]
  let unplaced: string | null = null
  for (const issue of issues) {
    const path = pathOf(issue.field)
    if (path) place(path, codedWords(issue, t) ?? t('error.unexpected', { message: issue.message }), unplaced !== null)
    else unplaced ??= errorText(issue, t)
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

/** Any error in the page's language: a refusal by its message code, else "unexpected error" with its raw message. */
export function errorMessage(error: unknown): string {
  return errorText(error, currentTranslator())
}
