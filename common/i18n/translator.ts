import i18next, { type i18n } from 'i18next'
import ICU from 'i18next-icu'
import { en, type MessageKey } from './en'
import { zhCN } from './zh-CN'
import { LANGUAGES, type Language } from './languages'

export type MessageValues = Record<string, string | number>
export type Translate = (key: MessageKey, values?: MessageValues) => string

export const catalogues: Record<Language, Record<MessageKey, string>> = { en, 'zh-CN': zhCN }

/**
 * One i18next instance over both catalogues, ICU message syntax (`{name}`, `{count, plural, …}`).
 * A key missing from the asked language falls back to English and is reported to `onMissing`
 * (the page logs it; the catalogue test makes it fail before it ships).
 */
export function createI18n(language: Language, onMissing?: (language: string, key: string) => void): i18n {
  const instance = i18next.createInstance()
  instance.use(new ICU({ memoize: true }))
  void instance.init({
    resources: Object.fromEntries(LANGUAGES.map((lng) => [lng, { translation: catalogues[lng] }])),
    lng: language,
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    keySeparator: false,
    nsSeparator: false,
    initAsync: false,
    returnNull: false,
    saveMissing: onMissing !== undefined,
    missingKeyHandler: onMissing ? (languages, _ns, key) => languages.forEach((lng) => onMissing(lng, key)) : undefined,
  })
  return instance
}

/** A translate function fixed to one language, over `instance` (made by createI18n). */
export function fixedTranslator(instance: i18n, language: Language): Translate {
  const t = instance.getFixedT(language)
  return (key, values) => t(key, values ? withLocalNumbers(instance, language, key, values) : {})
}

/** A translate function for code outside React: the CLI's lines, the core's default English. */
export function translatorFor(language: Language, onMissing?: (language: string, key: string) => void): Translate {
  return fixedTranslator(createI18n(language, onMissing), language)
}

const shared = new Map<Language, Translate>()

/** One translate function per language, made when first asked, for code that words things often (the tray, the menu). */
export function sharedTranslator(language: Language): Translate {
  let t = shared.get(language)
  if (!t) shared.set(language, (t = translatorFor(language)))
  return t
}

/**
 * ICU prints a plain `{n}` as given; the page has always shown counts the locale's way (12,345),
 * so a number goes in already formatted unless the text picks a plural by it or formats it itself.
 */
function withLocalNumbers(instance: i18n, language: Language, key: string, values: MessageValues): MessageValues {
  const text = String(instance.getResource(language, 'translation', key) ?? instance.getResource('en', 'translation', key) ?? '')
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) =>
      typeof value === 'number' && !new RegExp(`\\{${name},`).test(text) ? [name, value.toLocaleString(language)] : [name, value],
    ),
  )
}
