import { useT } from '../i18n'
import type { SiteStatus } from '../../common/site/site-status'

/** Which desk pushes to each back end (holds its pusher lease), this desk marked; or that nobody can tell. */
export function SitePushers({ pushers }: { pushers: SiteStatus['pushers'] }) {
  const { t } = useT()
  if (pushers === null) return <span className="muted">{t('site.pushersUnknown')}</span>
  return (
    <ul className="site-pushers">
      {pushers.map((entry) => (
        <li key={entry.targetId} className={entry.mine ? 'site-pushers__mine' : undefined}>
          {entry.holder ? t('site.pusher', { target: entry.targetName, desk: entry.holder, mine: entry.mine ? 'yes' : 'no' }) : t('site.pusherNobody', { target: entry.targetName })}
        </li>
      ))}
    </ul>
  )
}
