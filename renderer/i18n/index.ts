import { useMemo } from 'react'
import { setI18n, useTranslation } from 'react-i18next'
import { createI18n, fixedTranslator, type Translate } from '../../common/i18n/translator'
import type { MessageKey } from '../../common/i18n/en'
import { useStation } from '../store'
import { initialLanguage, type Language } from './language'

// One i18next instance for the page, over the catalogues in common/i18n; a key with no text in the
// shown language falls back to English and is logged, so a gap is visible in the console.
const pageI18n = createI18n(initialLanguage(), (language, key) => console.error(`i18n: no "${language}" text for "${key}"`))
setI18n(pageI18n)

/** `t` for the current language; the core's refusals are worded by their message codes (shared/errors.ts), never from English text. */
export function useT(): { t: Translate; language: Language } {
  const language = useStation((state) => state.language)
  const { i18n } = useTranslation()
  return useMemo(() => ({ t: fixedTranslator(i18n, language), language }), [i18n, language])
}

/** `t` outside a component, in the language the page shows now (for errors worded where they are caught). */
export function currentTranslator(): Translate {
  return fixedTranslator(pageI18n, useStation.getState().language)
}

export type { MessageKey, Language, Translate }
export { LANGUAGES } from './language'
