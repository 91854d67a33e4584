import { useEffect } from 'react'
import { useT, type MessageKey } from '../i18n'
import { useStation, type Screen } from '../store'
import { Icon, type IconName } from '../shared/icons'
import type { Permission } from '../../common/operators/roles'
import { OperatorBar } from '../session/OperatorBar'
import { SiteStatusLine } from '../site/SiteStatusLine'
import { useCan } from '../session/permissions'

/** Each screen with what its operator must be allowed (common/operators/roles.ts): the others are not offered. */
const ITEMS: Array<{ screen: Screen; icon: IconName; label: MessageKey; needs: Permission }> = [
  { screen: 'enroll', icon: 'enroll', label: 'nav.enroll', needs: 'person.add' },
  { screen: 'persons', icon: 'persons', label: 'nav.persons', needs: 'person.list' },
  { screen: 'blacklist', icon: 'blacklist', label: 'nav.blacklist', needs: 'blacklist.details' },
  { screen: 'groups', icon: 'groups', label: 'nav.groups', needs: 'group.add' },
  { screen: 'sync', icon: 'sync', label: 'nav.sync', needs: 'sync.summary' },
  { screen: 'operators', icon: 'operators', label: 'nav.operators', needs: 'operator.list' },
  { screen: 'audit', icon: 'audit', label: 'nav.audit', needs: 'audit.list' },
  { screen: 'settings', icon: 'settings', label: 'nav.settings', needs: 'settings.get' },
]

export function Nav() {
  const { t } = useT()
  const screen = useStation((state) => state.screen)
  const go = useStation((state) => state.go)
  const counts = useStation((state) => state.info?.counts)
  const can = useCan()
  const offered = ITEMS.filter((item) => can(item.needs))
  // a role changed meanwhile (by an administrator elsewhere) may take away the screen shown
  const shownAllowed = offered.some((item) => item.screen === screen)
  useEffect(() => {
    if (!shownAllowed) go('enroll')
  }, [shownAllowed, go])
  const badge: Partial<Record<Screen, number>> = { persons: counts?.total, blacklist: counts?.blacklist }
  return (
    <nav className="nav" aria-label={t('nav.label')}>
      <div className="nav__brand">
        <span className="nav__logo" aria-hidden="true">
          <Icon name="enroll" size={22} />
        </span>
        <span className="nav__product">{t('app.name')}</span>
      </div>
      <ul className="nav__list">
        {offered.map((item) => (
          <li key={item.screen}>
            <button type="button" className="nav__item" aria-current={screen === item.screen ? 'page' : undefined} onClick={() => go(item.screen)}>
              <Icon name={item.icon} size={22} />
              <span className="nav__label">{t(item.label)}</span>
              {badge[item.screen] !== undefined && <span className="nav__badge">{badge[item.screen]!.toLocaleString()}</span>}
            </button>
          </li>
        ))}
      </ul>
      <SiteStatusLine />
      <OperatorBar />
    </nav>
  )
}
