import { useEffect, useState, type FormEvent } from 'react'
import type { RetentionRun, RetentionSettings } from '../../common/settings/retention'
import { useT } from '../i18n'
import { useStation } from '../store'
import { getBridge } from '../store/bridge-holder'
import { errorMessage } from '../shared/errors'
import { Field } from '../shared/Field'
import { Icon } from '../shared/icons'
import { ConfirmDialog } from '../shared/ConfirmDialog'
import { problemsOf, type Problems } from '../session/form-problems'

/** How many visitors a check lists by name; the count says the rest. */
const LISTED = 20

/**
 * How long visitors' personal data is kept after their visit (administrators): a number of days
 * or "keep visitors", a check that lists who would be purged now, and the purge itself (the
 * station also runs it daily).
 */
export function RetentionSection() {
  const { t } = useT()
  const notify = useStation((state) => state.notify)
  const [settings, setSettings] = useState<RetentionSettings | null>(null)
  const [days, setDays] = useState('')
  const [keep, setKeep] = useState(false)
  const [problems, setProblems] = useState<Problems<'visitorDays'>>({})
  const [preview, setPreview] = useState<RetentionRun | null>(null)
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)

  const show = (next: RetentionSettings) => {
    setSettings(next)
    setKeep(next.visitorDays === null)
    setDays(String(next.visitorDays ?? next.defaults.visitorDays ?? ''))
  }

  useEffect(() => {
    getBridge()
      .invoke('settings.get', {})
      .then((loaded) => show(loaded.retention))
      .catch((error) => notify('error', errorMessage(error)))
  }, [notify])

  const save = async (event: FormEvent) => {
    event.preventDefault()
    if (!settings) return
    setBusy(true)
    try {
      // as typed when not a number, so the core names the field and the mistake
      const visitorDays = keep ? null : days.trim() !== '' && Number.isFinite(Number(days)) ? Number(days) : (days as unknown as number)
      const saved = await getBridge().invoke('settings.set', { retention: { visitorDays, version: settings.version } })
      show(saved.retention)
      setProblems({})
      setPreview(null)
      notify('success', t('retention.saved'))
    } catch (error) {
      const found = problemsOf(error, ['retention.visitorDays'])
      setProblems({ banner: found.banner, visitorDays: found['retention.visitorDays'] })
    } finally {
      setBusy(false)
    }
  }

  const check = async () => {
    try {
      setPreview(await getBridge().invoke('retention.purgeExpired', { dryRun: true }))
    } catch (error) {
      notify('error', errorMessage(error))
    }
  }

  const purge = async () => {
    const run = await getBridge().invoke('retention.purgeExpired', {})
    setPreview(null)
    notify('success', t('retention.purged', { count: run.visitors.length }))
  }

  return (
    <section className="card settings-section" aria-labelledby="retention-title">
      <h2 id="retention-title">
        <Icon name="history" size={20} /> {t('retention.title')}
      </h2>
      <p className="muted">{t('retention.explain')}</p>
      {settings && (
        <form className="stack" noValidate onSubmit={save} aria-labelledby="retention-title">
          {problems.banner && (
            <p className="banner banner--error" role="alert">
              {problems.banner}
            </p>
          )}
          <label className="check">
            <input type="checkbox" checked={keep} onChange={(event) => setKeep(event.target.checked)} /> {t('retention.keepForever')}
          </label>
          {!keep && (
            <Field label={t('retention.visitorDays')} hint={t('retention.visitorDaysHint', { days: settings.defaults.visitorDays ?? 0 })} error={problems.visitorDays}>
              {(control) => <input {...control} className="input" inputMode="numeric" value={days} onChange={(event) => setDays(event.target.value)} />}
            </Field>
          )}
          <div className="field-row">
            <button type="submit" className="button button--primary" disabled={busy}>
              {t('common.save')}
            </button>
            <button type="button" className="button" onClick={() => void check()} disabled={settings.visitorDays === null}>
              {t('retention.check')}
            </button>
          </div>
        </form>
      )}
      {preview && (
        <div className="stack" data-testid="retention-preview">
          <p>{t('retention.wouldPurge', { count: preview.visitors.length, photos: preview.photos })}</p>
          {preview.visitors.length > 0 && (
            <>
              <ul>
                {preview.visitors.slice(0, LISTED).map((visitor) => (
                  <li key={visitor.id}>
                    {visitor.name} <span className="muted">{visitor.code}</span>
                  </li>
                ))}
              </ul>
              <div>
                <button type="button" className="button button--danger" onClick={() => setConfirming(true)}>
                  {t('retention.purgeNow')}
                </button>
              </div>
            </>
          )}
        </div>
      )}
      {confirming && preview && (
        <ConfirmDialog title={t('retention.confirmTitle', { count: preview.visitors.length })} confirmLabel={t('retention.purgeNow')} onConfirm={purge} onClose={() => setConfirming(false)}>
          <p>{t('retention.confirmBody')}</p>
        </ConfirmDialog>
      )}
    </section>
  )
}
