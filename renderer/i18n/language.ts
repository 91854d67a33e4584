import { LANGUAGES, languageOfLocale, type Language } from '../../common/i18n/languages'

export { LANGUAGES, type Language }

const STORAGE_KEY = 'station-language'

/** The remembered choice wins; otherwise the system language (any Chinese locale → zh-CN). */
export function initialLanguage(): Language {
  const remembered = safeStorage()?.getItem(STORAGE_KEY)
  if (remembered && (LANGUAGES as readonly string[]).includes(remembered)) return remembered as Language
  return languageOfLocale(typeof navigator === 'undefined' ? undefined : navigator.language)
}

export function rememberLanguage(language: Language): void {
  safeStorage()?.setItem(STORAGE_KEY, language)
}

// A display preference of this screen, so it lives with the screen rather than in the register.
function safeStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null
  }
}
