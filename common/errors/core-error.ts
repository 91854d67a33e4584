import type { z } from 'zod'
import { en } from '../i18n/en'
import { translatorFor } from '../i18n/translator'
import { MESSAGE_CODES, type CodedMessage, type ErrorParams, type MessageCode } from './message-codes'

export type { ErrorParams, MessageCode } from './message-codes'

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
  /** Nobody is signed in on this session (or it is locked, or the sign-in was refused). */
  | 'unauthorized'
  /** The signed-in operator's role may not do this. */
  | 'forbidden'

/** One refusal about one field; `messageCode` and `params` let a reader word it in its own language. */
export interface FieldIssue {
  field: string
  message: string
  messageCode?: MessageCode
  params?: ErrorParams
}

interface CoreErrorOptions {
  field?: string
  issues?: FieldIssue[]
  cause?: unknown
  messageCode?: MessageCode
  params?: ErrorParams
}

export class CoreError extends Error {
  readonly code: CoreErrorCode
  readonly field: string | undefined
  readonly issues: FieldIssue[]
  /** What was refused, by name (the catalogues' `error.<code>`); absent on a refusal that has only its English message. */
  readonly messageCode: MessageCode | undefined
  readonly params: ErrorParams
  constructor(code: CoreErrorCode, message: string, options: CoreErrorOptions = {}) {
    super(message, { cause: options.cause })
    this.name = 'CoreError'
    this.code = code
    this.field = options.field ?? options.issues?.[0]?.field
    this.messageCode = options.messageCode ?? options.issues?.[0]?.messageCode
    this.params = options.params ?? options.issues?.[0]?.params ?? {}
    this.issues =
      options.issues ?? (options.field ? [{ field: options.field, message, ...(options.messageCode && { messageCode: options.messageCode, params: this.params }) }] : [])
  }

  toJSON(): SerializedCoreError {
    return { code: this.code, message: this.message, field: this.field, issues: this.issues, ...(this.messageCode && { messageCode: this.messageCode, params: this.params }) }
  }
}

export interface SerializedCoreError {
  code: CoreErrorCode
  message: string
  field?: string
  issues: FieldIssue[]
  messageCode?: MessageCode
  params?: ErrorParams
}

const english = translatorFor('en')

/** The English wording of a message code: the core's own message (logs, the CLI's JSON, a reader with no catalogue). */
export function englishText(messageCode: MessageCode, params: ErrorParams = {}): string {
  return english(`error.${messageCode}`, params)
}

/** A refusal by its message code: the message is the English text, after "field: " when it is about a field. */
export function coreError(code: CoreErrorCode, messageCode: MessageCode, params: ErrorParams = {}, options: { field?: string; cause?: unknown } = {}): CoreError {
  const text = englishText(messageCode, params)
  return new CoreError(code, options.field ? `${options.field}: ${text}` : text, { ...options, messageCode, params })
}

/** A field refused with a message code. */
export function fieldCodeError(field: string, messageCode: MessageCode, params: ErrorParams = {}): CoreError {
  return coreError('invalid', messageCode, params, { field })
}

/** Several fields refused at once: the message is the first one's "field: message", each issue keeps its code. */
export function issuesError(issues: FieldIssue[]): CoreError {
  const [first] = issues
  return new CoreError('invalid', `${first.field}: ${first.message}`, { issues })
}

/** A field's refusal by its message code, as an issue among others (a form shows each beside its field). */
export function codedIssue(field: string, messageCode: MessageCode, params: ErrorParams = {}): FieldIssue {
  return { field, message: englishText(messageCode, params), messageCode, params }
}

/** Turns zod's issues into "field: message" with dotted paths, e.g. "certificate.number: …", each with its message code when it has one. */
export function fromZodError(error: z.ZodError, prefix = ''): CoreError {
  const issues = error.issues.map((issue): FieldIssue => {
    const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(input)'
    const coded = messageCodeOfZodIssue(issue)
    if (coded) return codedIssue(field, coded.messageCode, coded.params)
    return { field, message: issue.message }
  })
  return issuesError(issues)
}

/** What a schema's own check (`ctx.addIssue({ code: 'custom', … })`) carries to name its refusal by code, with values. */
export function codedIssueParams(messageCode: MessageCode, params: ErrorParams = {}): { coded: { messageCode: MessageCode; params: ErrorParams } } {
  return { coded: { messageCode, params } }
}

/** The field codes: a schema names its refusal with `schemaWording(…)`, so its wording and the code's English stay the same text. */
type FieldCode = Extract<MessageCode, `field.${string}`>
const FIELD_CODES = MESSAGE_CODES.filter((code): code is FieldCode => code.startsWith('field.'))

/** The English text a schema gives a refusal that has a message code (the same text the catalogue holds). */
export function schemaWording(messageCode: FieldCode): string {
  return en[`error.${messageCode}`]
}

/**
 * Zod's issue → a message code with its values, or null when the schema's wording has none (then it is
 * shown as written). A messageCode is taken only when its English is the schema's very wording, so the
 * core's message never changes by being coded.
 */
export function messageCodeOfZodIssue(issue: z.core.$ZodIssue): { messageCode: MessageCode; params: ErrorParams } | null {
  const coded = candidateMessageCode(issue)
  // zod's own wording for unknown keys was never shown: the core has always named them itself
  if (issue.code === 'unrecognized_keys') return coded
  if (coded && englishText(coded.messageCode, coded.params) === issue.message) return coded
  const wording = FIELD_CODES.find((messageCode) => schemaWording(messageCode) === issue.message)
  return wording ? { messageCode: wording, params: {} } : null
}

function candidateMessageCode(issue: z.core.$ZodIssue): { messageCode: MessageCode; params: ErrorParams } | null {
  const last = issue.path.at(-1)
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return { messageCode: 'field.required', params: {} }
      return issue.expected === 'number' ? { messageCode: 'field.not_number', params: {} } : null
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return { messageCode: 'field.required', params: {} }
      return issue.origin === 'number' ? { messageCode: 'field.below_min', params: { limit: String(issue.minimum) } } : null
    case 'too_big':
      if (issue.origin === 'string') return { messageCode: 'field.too_long', params: { limit: String(issue.maximum) } }
      if (issue.origin === 'array' && last === 'groups') return { messageCode: 'field.too_many_groups', params: { limit: String(issue.maximum) } }
      return issue.origin === 'number' ? { messageCode: 'field.above_max', params: { limit: String(issue.maximum) } } : null
    case 'unrecognized_keys':
      return { messageCode: 'field.unknown_keys', params: { keys: issue.keys.join(', ') } }
    case 'custom': {
      const coded = (issue.params as { coded?: { messageCode: MessageCode; params: ErrorParams } } | undefined)?.coded
      return coded && (MESSAGE_CODES as readonly string[]).includes(coded.messageCode) ? coded : null
    }
    default:
      return null
  }
}

export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, prefix = ''): z.output<S> {
  const result = schema.safeParse(input)
  if (!result.success) throw fromZodError(result.error, prefix)
  return result.data
}

/** The code and values of a refusal, to carry beside its message in a report (a CSV row, a bulk failure). */
export function codedMessageOf(error: CoreError): CodedMessage {
  return error.messageCode ? { messageCode: error.messageCode, params: error.params } : {}
}

export function isCoreError(error: unknown): error is CoreError {
  return error instanceof CoreError
}
