import { LANGUAGES } from '../i18n'
import { useStation } from '../store'

/** Each language named in itself, so a reader finds theirs whichever is shown. */
const LANGUAGE_NAMES = { 'zh-CN': '中文（简体）', en: 'English' } as const

/** The page's language as a row of radio buttons (Settings, and the sign-in screens before anyone is signed in). */
export function LanguageChoice({ labelledBy }: { labelledBy: string }) {
  const language = useStation((state) => state.language)
  const setLanguage = useStation((state) => state.setLanguage)
  return (
    <div className="segmented" role="radiogroup" aria-labelledby={labelledBy}>
      {LANGUAGES.map((code) => (
        <label key={code} className="segmented__option">
          <input type="radio" name="language" value={code} checked={language === code} onChange={() => setLanguage(code)} />
          <span lang={code}>{LANGUAGE_NAMES[code]}</span>
        </label>
      ))}
    </div>
  )
}
