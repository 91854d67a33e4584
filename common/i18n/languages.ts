export const LANGUAGES = ['zh-CN', 'en'] as const
export type Language = (typeof LANGUAGES)[number]

/** A locale name such as "zh_CN.UTF-8", "zh-TW" or "en-US" → the station's language (any Chinese → zh-CN). */
export function languageOfLocale(locale: string | undefined): Language {
  return locale?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en'
}
