import { BridgeError } from '../bridge'
import { withoutFieldPrefix } from '../i18n/core-messages'
import { errorMessage } from '../shared/errors'

/**
 * Puts each refusal of the core next to the form field it names (`pathOf` says which field shows
 * a core field, or null), without the "field: " prefix. Returns the first refusal no field shows,
 * with its field named, for a banner above the form.
 */
export function placeCoreErrors(error: unknown, pathOf: (field: string) => string | null, place: (path: string, message: string) => void): string | null {
  if (!(error instanceof BridgeError)) return errorMessage(error)
  const issues = error.issues.length ? error.issues : [{ field: error.field ?? '', message: error.message }]
  let unplaced: string | null = null
  for (const issue of issues) {
    const path = pathOf(issue.field)
    if (path) place(path, withoutFieldPrefix(issue.message, issue.field))
    else unplaced ??= issue.field && !issue.message.startsWith(`${issue.field}: `) ? `${issue.field}: ${issue.message}` : issue.message
  }
  return unplaced
}
