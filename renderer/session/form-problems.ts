import { placeCoreErrors } from '../shared/errors'

/** What a small form shows: a message under each named field, and a banner for the rest. */
export type Problems<F extends string> = Partial<Record<F | 'banner', string>>

/** The core's refusal spread over the form's fields, worded by its message codes. */
export function problemsOf<F extends string>(error: unknown, fields: readonly F[]): Problems<F> {
  const found: Problems<F> = {}
  const unplaced = placeCoreErrors(
    error,
    (field) => ((fields as readonly string[]).includes(field) ? field : null),
    (field, message) => (found[field as F] ??= message),
  )
  if (unplaced) found.banner = unplaced
  return found
}
