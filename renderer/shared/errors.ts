import type { FieldValues, Path, UseFormSetError } from 'react-hook-form'
import { BridgeError } from '../bridge'
import { withoutFieldPrefix } from '../i18n/core-messages'

/**
 * Puts the core's refusals next to the fields they name. Returns what has no field on this form
 * (e.g. "version" for a stale edit, or a storage failure) for a banner above it.
 */
export function showCoreErrors<T extends FieldValues>(error: unknown, fields: readonly string[], setError: UseFormSetError<T>): string | null {
  if (!(error instanceof BridgeError)) return error instanceof Error ? error.message : String(error)
  const issues = error.issues.length ? error.issues : error.field ? [{ field: error.field, message: error.message }] : []
  let unplaced: string | null = null
  for (const issue of issues) {
    const field = fields.find((name) => issue.field === name || issue.field.startsWith(`${name}.`)) ?? null
    if (field) setError(issue.field as Path<T>, { type: 'server', message: withoutFieldPrefix(issue.message, issue.field) }, { shouldFocus: unplaced === null })
    else unplaced ??= issue.message.startsWith(`${issue.field}: `) ? issue.message : `${issue.field}: ${issue.message}`
  }
  return issues.length === 0 ? error.message : unplaced
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
