import { useEffect, useState } from 'react'
import { useT } from '../i18n'
import { getBridge } from '../store/bridge-holder'
import { formatDateTime } from '../shared/dates'
import type { SiteStatus } from '../../common/site/site-status'
import './site.css'

const POLL_MS = 5_000

/** In site mode: whether this desk reaches the site, and when it last replicated (an offline desk says so). Nothing on a single desk. */
export function SiteStatusLine() {
  const { t, language } = useT()
  const [status, setStatus] = useState<SiteStatus | null>(null)
  useEffect(() => {
    let current = true
    const poll = () =>
      getBridge()
        .invoke('site.status', {})
        .then((next) => current && setStatus(next))
        .catch(() => current && setStatus(null))
    void poll()
    const timer = setInterval(poll, POLL_MS)
    return () => {
      current = false
      clearInterval(timer)
    }
  }, [])
  if (!status || status.mode === 'off' || status.connection === 'off') return null
  const last = status.lastReplicatedAt ? t('site.lastReplicated', { at: formatDateTime(status.lastReplicatedAt, language) }) : t('site.neverReplicated')
  return (
    <div className={`site-status site-status--${status.connection}`} role="status" aria-label={t('site.label')} data-testid="site-status" title={status.lastError ?? status.url ?? ''}>
      <span className="site-status__dot" aria-hidden="true" />
      <span className="site-status__state">{t(`site.connection.${status.connection}`)}</span>
      <span className="site-status__last">{last}</span>
    </div>
  )
}
