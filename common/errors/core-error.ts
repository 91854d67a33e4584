import type { z } from 'zod'

/** Every error the core raises on purpose: a stable code, a message, and the field it is about. */
export type CoreErrorCode =
  | 'invalid'
  | 'not_found'
  | 'conflict'
  | 'stale'
  | 'in_use'
  | 'storage'
  /** The disk holding the data folder is full: nothing was saved; free space and try again. */
  | 'disk_full'
  | 'unsupported'
  | 'remote'

export interface FieldIssue {
  field: string
  message: string
}

export class CoreError extends Error {
  readonly code: CoreErrorCode
  readonly field: string | undefined
  readonly issues: FieldIssue[]
  constructor(code: CoreErrorCode, message: string, options: { field?: string; issues?: FieldIssue[]; cause?: unknown } = {}) {
    super(message, { cause: options.cause })
    this.name = 'CoreError'
    this.code = code
    this.field = options.field ?? options.issues?.[0]?.field
    this.issues = options.issues ?? (options.field ? [{ field: options.field, message }] : [])
  }

  toJSON(): SerializedCoreError {
    return { code: this.code, message: this.message, field: this.field, issues: this.issues }
  }
}

export interface SerializedCoreError {
  code: CoreErrorCode
  message: string
  field?: string
  issues: FieldIssue[]
}

export function fieldError(field: string, message: string): CoreError {
  return new CoreError('invalid', `${field}: ${message}`, { field })
}

/** Turns zod's issues into "field: message" with dotted paths, e.g. "certificate.number: …". */
export function fromZodError(error: z.ZodError, prefix = ''): CoreError {
  const issues = error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(input)'
    const message = issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : issue.message
    return { field: path, message }
  })
  const first = issues[0]
  return new CoreError('invalid', `${first.field}: ${first.message}`, { issues })
}

export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, prefix = ''): z.output<S> {
  const result = schema.safeParse(input)
  if (!result.success) throw fromZodError(result.error, prefix)
  return result.data
}

export function isCoreError(error: unknown): error is CoreError {
  return error instanceof CoreError
}
