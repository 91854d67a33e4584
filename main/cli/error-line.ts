import { LANGUAGES, languageOfLocale, type Language } from '../../common/i18n/languages'
import { sharedTranslator } from '../../common/i18n/translator'
import { cliError } from './command'
import { refusalText, type CodedRefusal } from '../../common/i18n/error-text'

/**
 * The language of the CLI's error lines: `--lang zh-CN|en`, else the system's locale (LC_ALL,
 * then LC_MESSAGES, then LANG; any Chinese locale → zh-CN). Returns the arguments without `--lang`;
 * an unknown language is refused.
 */
export function cliLanguage(argv: string[], env: NodeJS.ProcessEnv = process.env): { language: Language; rest: string[] } {
  const at = argv.findIndex((arg) => arg === '--lang' || arg.startsWith('--lang='))
  if (at === -1) return { language: languageOfLocale(env.LC_ALL || env.LC_MESSAGES || env.LANG), rest: argv }
  const inline = argv[at].startsWith('--lang=')
  const value = inline ? argv[at].slice('--lang='.length) : argv[at + 1]
  const rest = [...argv.slice(0, at), ...argv.slice(at + (inline ? 1 : 2))]
  const language = LANGUAGES.find((name) => name.toLowerCase() === value?.toLowerCase())
  if (!language) throw cliError('lang', 'cli.use_one_of', { choices: LANGUAGES.join(', '), given: value || 'none' })
  return { language, rest }
}

/**
 * An error as the CLI prints it: worded from the catalogue by its message code when the core gave
 * one, else the core's English message as written.
 */
export function errorText(error: unknown, language: Language): string {
  if (error instanceof Error && 'messageCode' in error) {
    const line = refusalText(error as Error & CodedRefusal, sharedTranslator(language))
    // what follows the first line (a usage) is printed as it is
    if (line !== null) return [line, ...error.message.split('\n').slice(1)].join('\n')
  }
  return error instanceof Error ? error.message : String(error)
}
