import { useT } from '../i18n'
import { formatDateTime } from '../shared/dates'
import { useSiteStatus } from './use-site-status'
import './site.css'

/** In site mode: whether this desk reaches the site, and when it last replicated (an offline desk says so). Nothing on a single desk. */
export function SiteStatusLine() {
  const { t, language } = useT()
  const { status } = useSiteStatus()
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
