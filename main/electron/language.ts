import { languageOfLocale, type Language } from '../../common/i18n/languages'

/** The shell's own few words (menu, tray; common/i18n, keys `shell.*`) follow the system language: Chinese or English. */
export type ShellLanguage = Language

export function shellLanguage(preferred: readonly string[]): ShellLanguage {
  return languageOfLocale(preferred[0])
}
