import { useEffect } from 'react'
import { useStation } from '../store'
import { getBridge } from '../store/bridge-holder'
import { errorMessage } from '../shared/errors'
import { captureSettingsChanged } from '../settings/capture-settings'

/**
 * The main process owns the truth: on each change notice, re-query what is shown. Notices are
 * already batched by the core, so a bulk import is one refresh here.
 */
export function useStationEvents(): void {
  useEffect(() => {
    const { invalidatePersons, loadGroups, loadInfo, loadSyncSummary, syncChanged, notify } = useStation.getState()
    const reportFailure = (error: unknown) => notify('error', errorMessage(error))
    void loadInfo().catch(reportFailure)
    void loadGroups().catch(reportFailure)
    void loadSyncSummary().catch(reportFailure)
    // the first page of Persons while the desk is idle: the screen then opens at once, and the
    // core has sorted its register before anyone waits for it
    const warmUp = setTimeout(() => useStation.getState().ensureRows(0, 40), 800)
    const unsubscribe = getBridge().subscribe((event) => {
      switch (event.type) {
        case 'persons.changed':
          invalidatePersons()
          // member counts and the register's totals move with persons
          void loadGroups().catch(reportFailure)
          void loadInfo().catch(reportFailure)
          break
        case 'groups.changed':
          void loadGroups().catch(reportFailure)
          break
        case 'sync.changed':
        case 'targets.changed':
          syncChanged()
          void loadSyncSummary().catch(reportFailure)
          // a Persons view filtered by sync state shows other people now
          if (useStation.getState().filter.syncState) invalidatePersons()
          break
        case 'settings.changed':
          // the record comes with the notice: the live camera applies the new limits at once
          captureSettingsChanged(event.capture)
          break
        default:
          // progress notices: the sync screen polls its figures while it is shown
          break
      }
    })
    return () => {
      clearTimeout(warmUp)
      unsubscribe()
    }
  }, [])
}
