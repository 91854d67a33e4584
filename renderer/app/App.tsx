import { useEffect } from 'react'
import { useT } from '../i18n'
import { useStation, type Screen } from '../store'
import { EnrollScreen } from '../enroll/EnrollScreen'
import { PersonsScreen } from '../persons/PersonsScreen'
import { PersonDetail } from '../person-detail/PersonDetail'
import { BlacklistScreen } from '../blacklist/BlacklistScreen'
import { GroupsScreen } from '../groups/GroupsScreen'
import { SyncScreen } from '../sync/SyncScreen'
import { SettingsScreen } from '../settings/SettingsScreen'
import { OperatorsScreen } from '../operators/OperatorsScreen'
import { AuditScreen } from '../audit/AuditScreen'
import { SessionGate } from '../session/SessionGate'
import { Nav } from './Nav'
import { Toasts } from './Toasts'
import { useStationEvents } from './useStationEvents'

const SCREENS: Record<Screen, () => React.JSX.Element> = {
  enroll: EnrollScreen,
  persons: PersonsScreen,
  blacklist: BlacklistScreen,
  groups: GroupsScreen,
  sync: SyncScreen,
  settings: SettingsScreen,
  operators: OperatorsScreen,
  audit: AuditScreen,
}

export function App() {
  const { t, language } = useT()
  useEffect(() => {
    document.documentElement.lang = language
    document.title = t('app.name')
  }, [language, t])
  return (
    <SessionGate>
      <Desk />
    </SessionGate>
  )
}

/** The screens, for a signed-in operator. */
function Desk() {
  const screen = useStation((state) => state.screen)
  const openPersonId = useStation((state) => state.openPersonId)
  useStationEvents()
  const Current = SCREENS[screen]
  return (
    <div className="app">
      <Nav />
      <main className="app__main" id="main">
        <Current />
      </main>
      {openPersonId && <PersonDetail key={openPersonId} personId={openPersonId} />}
      <Toasts />
    </div>
  )
}
