import { useCallback } from 'react'
import { useStation } from '../store'
import { en, type MessageKey } from './en'
import { zhCN } from './zh-CN'
import type { Language } from './language'
import { translateCoreMessage } from './core-messages'

const dictionaries: Record<Language, Record<MessageKey, string>> = { en, 'zh-CN': zhCN }

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string

/** `{name}` inserts a value; `{count|person|persons}` picks a word by whether the value is 1. */
export function translate(language: Language, key: MessageKey, values?: Record<string, string | number>): string {
  const template = dictionaries[language][key] ?? en[key]
  if (!values) return template
  return template
    .replace(/\{(\w+)\|([^|}]*)\|([^}]*)\}/g, (_, name: string, one: string, other: string) => (values[name] === 1 ? one : other))
    .replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? formatValue(language, values[name]) : whole))
}

function formatValue(language: Language, value: string | number): string {
  return typeof value === 'number' ? value.toLocaleString(language) : value
}

/** `t` for the current language, plus `tm` for messages that came from the core. */
export function useT(): { t: Translate; tm: (message: string) => string; language: Language } {
  const language = useStation((state) => state.language)
  const t = useCallback<Translate>((key, values) => translate(language, key, values), [language])
  const tm = useCallback((message: string) => translateCoreMessage(message, language), [language])
  return { t, tm, language }
}

export type { MessageKey, Language }
export { LANGUAGES } from './language'
