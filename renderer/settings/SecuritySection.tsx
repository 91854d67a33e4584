import { useEffect, useState, type FormEvent } from 'react'
import type { SecuritySettings } from '../../common/operators/operator-types'
import { useT } from '../i18n'
import { useStation } from '../store'
import { getBridge } from '../store/bridge-holder'
import { errorMessage } from '../shared/errors'
import { Field } from '../shared/Field'
import { Icon } from '../shared/icons'
import { problemsOf, type Problems } from '../session/form-problems'

type Texts = Record<keyof SecuritySettings, string>
const FIELDS = ['idleLockMinutes', 'maxFailedAttempts'] as const

const textsOf = (security: SecuritySettings): Texts => ({ idleLockMinutes: String(security.idleLockMinutes), maxFailedAttempts: String(security.maxFailedAttempts) })

/** The idle lock and the lock-out after wrong passwords (administrators; the core keeps them). */
export function SecuritySection() {
  const { t } = useT()
  const notify = useStation((state) => state.notify)
  const [texts, setTexts] = useState<Texts | null>(null)
  const [problems, setProblems] = useState<Problems<keyof SecuritySettings>>({})
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    getBridge()
      .invoke('settings.get', {})
      .then((settings) => setTexts(textsOf(settings.security)))
      .catch((error) => notify('error', errorMessage(error)))
  }, [notify])

  const save = async (event: FormEvent) => {
    event.preventDefault()
    if (!texts) return
    setBusy(true)
    try {
      // as typed when not a number, so the core names the field and the mistake
      const security = Object.fromEntries(FIELDS.map((name) => [name, Number.isFinite(Number(texts[name])) && texts[name].trim() !== '' ? Number(texts[name]) : texts[name]]))
      const saved = await getBridge().invoke('settings.set', { security: security as Partial<SecuritySettings> })
      setTexts(textsOf(saved.security))
      setProblems({})
      notify('success', t('security.saved'))
      // the idle timer follows the new minutes at once
      await useStation.getState().loadSession()
    } catch (error) {
      // the core names a field by its path in settings.set ("security.idleLockMinutes")
      const found = problemsOf(error, ['security.idleLockMinutes', 'security.maxFailedAttempts'])
      setProblems({ banner: found.banner, idleLockMinutes: found['security.idleLockMinutes'], maxFailedAttempts: found['security.maxFailedAttempts'] })
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card settings-section" aria-labelledby="security-title">
      <h2 id="security-title">
        <Icon name="lock" size={20} /> {t('security.title')}
      </h2>
      <p className="muted">{t('security.explain')}</p>
      {texts && (
        <form className="stack" noValidate onSubmit={save} aria-labelledby="security-title">
          {problems.banner && (
            <p className="banner banner--error" role="alert">
              {problems.banner}
            </p>
          )}
          <div className="field-row">
            {FIELDS.map((name) => (
              <Field key={name} label={t(`security.${name}`)} hint={name === 'idleLockMinutes' ? t('security.idleLockHint') : undefined} error={problems[name]}>
                {(control) => <input {...control} className="input" inputMode="numeric" value={texts[name]} onChange={(event) => setTexts({ ...texts, [name]: event.target.value })} />}
              </Field>
            ))}
          </div>
          <div>
            <button type="submit" className="button button--primary" disabled={busy}>
              {t('common.save')}
            </button>
          </div>
        </form>
      )}
    </section>
  )
}
