import type { ErrorParams, MessageCode } from '../errors/message-codes'
import { en, type MessageKey } from './en'
import type { Translate } from './translator'

/** What a refusal carries across the bridge, the CLI's call or the core itself (CoreError, BridgeError, their JSON). */
export interface CodedRefusal {
  message: string
  field?: string
  messageCode?: MessageCode
  params?: ErrorParams
}

/** A refusal's own words by its message code, without the field ("at most 64 characters"), or null when it has no message code. */
export function codedWords(refusal: Omit<CodedRefusal, 'message'>, t: Translate): string | null {
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
