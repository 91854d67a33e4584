/** The shell's own few words (menu, tray) follow the system language: Chinese or English. */
export type ShellLanguage = 'zh-CN' | 'en'

export function shellLanguage(preferred: readonly string[]): ShellLanguage {
  return preferred[0]?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en'
}
