import { useState, type FormEvent } from 'react'
import { useT } from '../i18n'
import { useStation } from '../store'
import { getBridge } from '../store/bridge-holder'
import { Field } from '../shared/Field'
import { formatDateTime } from '../shared/dates'
import { problemsOf, type Problems } from '../session/form-problems'
import type { HubCompactionOwed } from '../../common/site/site-status'

type AdminField = 'user' | 'password'

/**
 * The hub still gives earlier revisions of records removed at this desk (its user may not
 * compact): says so, and lets a site admin compact it from here with a name and password that are
 * used for this only.
 */
export function HubCompaction({ owed, onDone }: { owed: HubCompactionOwed; onDone: () => void }) {
  const { t, language } = useT()
  const notify = useStation((state) => state.notify)
  const [user, setUser] = useState('')
  const [password, setPassword] = useState('')
  const [problems, setProblems] = useState<Problems<AdminField>>({})
  const [busy, setBusy] = useState(false)

  const compact = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    try {
      const report = await getBridge().invoke('site.compactHub', { user, password })
      setProblems({})
      setPassword('')
      notify(report.stillHeld ? 'info' : 'success', t(report.stillHeld ? 'site.hubStillHeld' : 'site.hubCompacted'))
      onDone()
    } catch (error) {
      setProblems(problemsOf(error, ['user', 'password'] as const))
    } finally {
      setBusy(false)
    }
  }

  const databases = owed.databases.map((name) => t(`site.database.${name}`)).join(language === 'zh-CN' ? '、' : ', ')
  return (
    <form className="stack hub-compaction" noValidate onSubmit={compact} aria-labelledby="hub-compaction-title" data-testid="hub-compaction">
      <div className="banner banner--warning" role="status">
        <strong id="hub-compaction-title">{t('site.hubKeepsTitle')}</strong>
        <p>{t('site.hubKeeps', { at: formatDateTime(owed.since, language), databases })}</p>
      </div>
      {problems.banner && (
        <p className="banner banner--error" role="alert">
          {problems.banner}
        </p>
      )}
      <Field label={t('site.hubAdmin')} hint={t('site.hubAdminHint')} error={problems.user} required>
        {(control) => <input {...control} className="input" autoComplete="off" value={user} onChange={(event) => setUser(event.target.value)} />}
      </Field>
      <Field label={t('site.hubAdminPassword')} error={problems.password} required>
        {(control) => <input {...control} className="input" type="password" autoComplete="off" value={password} onChange={(event) => setPassword(event.target.value)} />}
      </Field>
      <div className="field-row">
        <button type="submit" className="button" disabled={busy}>
          {t('site.hubCompact')}
        </button>
      </div>
    </form>
  )
}
