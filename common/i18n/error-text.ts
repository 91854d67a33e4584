import type { ErrorParams, MessageCode } from '../errors/message-codes'
import { en, type MessageKey } from './en'
import type { Translate } from './translator'

/** What a refusal carries across the bridge, the CLI's call or the core itself (CoreError, BridgeError, their JSON). */
export interface CodedRefusal {
  message: string
  field?: string
  messageCode?: MessageCode
  params?: ErrorParams
  /** Its reasons, each by its own code: several about the refusal's own field are all worded (a photo too dark and turned away). */
  issues?: ReadonlyArray<Omit<CodedRefusal, 'issues'>>
}

/** A refusal's own words by its message code, without the field ("at most 64 characters"), or null when it has no message code. */
export function codedWords(refusal: Omit<CodedRefusal, 'message'>, t: Translate): string | null {
  const reasons = refusal.issues?.filter((issue) => issue.field === refusal.field) ?? []
  if (reasons.length > 1 && reasons.every((issue) => issue.messageCode)) return reasons.map((issue) => codedWords(issue, t)).join(t('error.listSeparator'))
  return refusal.messageCode ? t(`error.${refusal.messageCode}`, refusal.params ?? {}) : null
}

/** The field's name in the reader's language ("certificate.number" → 证件号码), or as the core named it. */
export function fieldName(field: string, t: Translate): string {
  const key = `errorField.${field}`
  return key in en ? t(key as MessageKey) : field
}

/** A whole line by its message code, the field named in front ("姓名：必填"), or null when the refusal has no message code. */
export function refusalText(refusal: CodedRefusal, t: Translate): string | null {
  const text = codedWords(refusal, t)
  if (text === null) return null
  return refusal.field ? t('error.aboutField', { field: fieldName(refusal.field, t), message: text }) : text
}

/**
 * What a reader is shown for any error: a refusal by its message code, else "Unexpected error" with
 * the raw message (worth reporting: every refusal the core means to make has a code).
 */
export function errorText(error: CodedRefusal | unknown, t: Translate): string {
  const refusal = asRefusal(error)
  return refusalText(refusal, t) ?? t('error.unexpected', { message: refusal.message })
}

function asRefusal(error: unknown): CodedRefusal {
  if (typeof error === 'object' && error !== null && typeof (error as CodedRefusal).message === 'string') return error as CodedRefusal
  return { message: String(error) }
}
