import { after, before } from 'node:test'
import type { Station } from '../../main/core/station'
import { startSiteHub, type SiteHub } from '../helpers/site-hub'

export interface HubAndStations {
  /** The in-process hub, started before the block's tests. */
  readonly hub: SiteHub
  /** Stations a test opened: closed after the block, before the hub. */
  readonly stations: Station[]
}

/** One in-process hub admitting `users` for a describe block, with the stations its tests open in this process. */
export function hubAndStations(users: Record<string, string>): HubAndStations {
  let hub: SiteHub | undefined
  const stations: Station[] = []
  before(async () => {
    hub = await startSiteHub({ users })
  })
  after(async () => {
    for (const station of stations) await station.close().catch(() => {})
    await hub?.close()
  })
  return {
    get hub() {
      if (!hub) throw new Error('the hub starts before the tests')
      return hub
    },
    stations,
  }
}
