import { useState, type FormEvent } from 'react'
import { useT } from '../i18n'
import { useStation } from '../store'
import { getBridge } from '../store/bridge-holder'
import { Field } from '../shared/Field'
import { Icon } from '../shared/icons'
import { ConfirmDialog } from '../shared/ConfirmDialog'
import { formatDateTime } from '../shared/dates'
import { problemsOf, type Problems } from '../session/form-problems'
import { useSiteStatus } from './use-site-status'
import { SitePushers } from './SitePushers'
import { HubCompaction } from './HubCompaction'

type SiteField = 'url' | 'user' | 'password' | 'desk'

/**
 * Site mode (administrators): join a site's CouchDB with this desk's own user, uploading this
 * desk's register or taking the site's instead; or, once joined, where the desk replicates and
 * leaving (the desk keeps its register).
 */
export function SiteSection() {
  const { t, language } = useT()
  const notify = useStation((state) => state.notify)
  const { status, refresh } = useSiteStatus()
  const [url, setUrl] = useState('')
  const [user, setUser] = useState('')
  const [password, setPassword] = useState('')
  const [desk, setDesk] = useState('')
  const [mode, setMode] = useState<'upload' | 'replace'>('upload')
  const [problems, setProblems] = useState<Problems<SiteField>>({})
  const [busy, setBusy] = useState(false)
  const [leaving, setLeaving] = useState(false)

  const join = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    try {
      const report = await getBridge().invoke('site.join', { url, user, password, mode, ...(desk.trim() ? { desk: desk.trim() } : {}) })
      setProblems({})
      setPassword('')
      notify(
        'success',
        report.mode === 'replace'
          ? t('site.joinedReplace', { url: report.url, replaced: report.replaced })
          : t('site.joinedUpload', { url: report.url, uploaded: report.uploaded, duplicates: report.duplicates.length }),
      )
      refresh()
    } catch (error) {
      setProblems(problemsOf(error, ['url', 'user', 'password', 'desk'] as const))
    } finally {
      setBusy(false)
    }
  }

  const leave = async () => {
    const left = await getBridge().invoke('site.leave', {})
    notify('success', t('site.left', { kept: left.kept }))
    refresh()
  }

  const joined = status?.mode === 'site'
  return (
    <section className="card settings-section" aria-labelledby="site-title">
      <h2 id="site-title">
        <Icon name="server" size={20} /> {t('site.title')}
      </h2>
      <p className="muted">{t('site.explain')}</p>
      {joined && status && (
        <>
          <dl className="facts">
            <div>
              <dt>{t('site.address')}</dt>
              <dd className="mono">{status.url}</dd>
            </div>
            <div>
              <dt>{t('site.deskId')}</dt>
              <dd className="mono">{status.deskId}</dd>
            </div>
            <div>
              <dt>{t('site.label')}</dt>
              <dd data-testid="site-connection">
                {status.connection === 'off' ? '' : t(`site.connection.${status.connection}`)} ·{' '}
                {status.lastReplicatedAt ? t('site.lastReplicated', { at: formatDateTime(status.lastReplicatedAt, language) }) : t('site.neverReplicated')}
              </dd>
            </div>
            {(status.pushers === null || status.pushers.length > 0) && (
              <div>
                <dt>{t('site.pushers')}</dt>
                <dd data-testid="site-pushers">
                  <SitePushers pushers={status.pushers} />
                </dd>
              </div>
            )}
          </dl>
          {status.hubCompaction && <HubCompaction owed={status.hubCompaction} onDone={refresh} />}
          <div>
            <button type="button" className="button" onClick={() => setLeaving(true)}>
              {t('site.leave')}
            </button>
          </div>
        </>
      )}
      {status && !joined && (
        <form className="stack" noValidate onSubmit={join} aria-labelledby="site-title">
          {problems.banner && (
            <p className="banner banner--error" role="alert">
              {problems.banner}
            </p>
          )}
          <Field label={t('site.address')} hint={t('site.addressHint')} error={problems.url} required>
            {(control) => <input {...control} className="input mono" value={url} onChange={(event) => setUrl(event.target.value)} placeholder="https://couch.example.org:6984" />}
          </Field>
          <Field label={t('site.user')} error={problems.user} required>
            {(control) => <input {...control} className="input" autoComplete="username" value={user} onChange={(event) => setUser(event.target.value)} />}
          </Field>
          <Field label={t('site.password')} error={problems.password} required>
            {(control) => <input {...control} className="input" type="password" autoComplete="current-password" value={password} onChange={(event) => setPassword(event.target.value)} />}
          </Field>
          <Field label={t('site.desk')} hint={t('site.deskHint')} error={problems.desk}>
            {(control) => <input {...control} className="input mono" value={desk} onChange={(event) => setDesk(event.target.value)} />}
          </Field>
          <fieldset className="stack">
            <legend>{t('site.registerChoice')}</legend>
            <label className="check">
              <input type="radio" name="site-mode" checked={mode === 'upload'} onChange={() => setMode('upload')} /> {t('site.modeUpload')}
            </label>
            <label className="check">
              <input type="radio" name="site-mode" checked={mode === 'replace'} onChange={() => setMode('replace')} /> {t('site.modeReplace')}
            </label>
          </fieldset>
          <div className="field-row">
            <button type="submit" className="button button--primary" disabled={busy}>
              {t('site.join')}
            </button>
          </div>
        </form>
      )}
      {leaving && (
        <ConfirmDialog title={t('site.leaveTitle')} confirmLabel={t('site.leave')} onConfirm={leave} onClose={() => setLeaving(false)}>
          <p>{t('site.leaveBody')}</p>
        </ConfirmDialog>
      )}
    </section>
  )
}
