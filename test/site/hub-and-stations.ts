import { after, before } from 'node:test'
import { openStation, type OpenStationOptions, type Station } from '../../main/core/station'
import { startSiteHub, type SiteHub, type SiteHubOptions } from '../helpers/site-hub'

export interface HubAndStations {
  /** The in-process hub, started before the block's tests. */
  readonly hub: SiteHub
  /** Stations a test opened: closed after the block, before the hub. */
  readonly stations: Station[]
  /**
   * A station on `options.dataDir` (kept for closing) joined to the hub as `user`, uploading its
   * register, named `desk` (default: the user), the site's resolver when `resolver` is set.
   */
  joinedStation(user: string, options: Omit<OpenStationOptions, 'dataDir'> & { dataDir: string; desk?: string; resolver?: boolean }): Promise<Station>
}

/**
 * One in-process hub admitting `users` for a describe block, with the stations its tests open in
 * this process; with `admins`, only they may compact its databases.
 */
export function hubAndStations(users: Record<string, string>, options: Pick<SiteHubOptions, 'admins' | 'dropRequest'> = {}): HubAndStations {
  let hub: SiteHub | undefined
  const stations: Station[] = []
  before(async () => {
    hub = await startSiteHub({ users, ...options })
  })
  after(async () => {
    for (const station of stations) await station.close().catch(() => {})
    await hub?.close()
  })
  const started = (): SiteHub => {
    if (!hub) throw new Error('the hub starts before the tests')
    return hub
  }
  return {
    get hub() {
      return started()
    },
    stations,
    async joinedStation(user, { desk, resolver, ...open }) {
      const station = await openStation(open)
      stations.push(station)
      await station.site.join({ url: started().url, user, password: users[user], mode: 'upload', desk: desk ?? user, ...(resolver ? { resolver } : {}) })
      return station
    },
  }
}
