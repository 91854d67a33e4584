export const LANGUAGES = ['zh-CN', 'en'] as const
export type Language = (typeof LANGUAGES)[number]

const STORAGE_KEY = 'station-language'

/** The remembered choice wins; otherwise the system language (any Chinese locale → zh-CN). */
export function initialLanguage(): Language {
  const remembered = safeStorage()?.getItem(STORAGE_KEY)
  if (remembered && (LANGUAGES as readonly string[]).includes(remembered)) return remembered as Language
  const system = typeof navigator === 'undefined' ? 'en' : navigator.language
  return system.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en'
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
