import type { Station } from '../../station'
import type { SecretVault } from '../../targets/secrets'
import { FileSecretVault } from '../../targets/secrets'
import { readSiteConfig, siteDatabaseName, SITE_SECRET_KEY } from '../site-config'
import type { PusherLeaseOptions } from './pusher-lease'
import { SitePusher } from './site-pusher'

/**
 * The gate the sync worker asks before each push (`sync.mayPush` when the station is opened).
 * A desk that has not joined a site pushes as it always did; a site desk pushes to a back end
 * only while its pusher holds that back end's lease.
 */
export class PusherGate {
  private pusher: SitePusher | null = null
  private siteDesk = false

  readonly mayPush = (targetId: string): boolean => (this.siteDesk ? (this.pusher?.mayPush(targetId) ?? false) : true)

  /** Before the pusher starts: whether this desk is a site desk (then nothing is pushed until it holds a lease). */
  setSiteDesk(siteDesk: boolean): void {
    this.siteDesk = siteDesk
  }

  use(pusher: SitePusher | null): void {
    this.pusher = pusher
  }
}

export interface StartSitePusherOptions {
  gate: PusherGate
  /** Where the site password is (the station's vault); default the data folder's file vault. */
  vault?: SecretVault
  lease?: PusherLeaseOptions
  publishEveryMs?: number
  onWarning?: (message: string) => void
}

/**
 * For a process that pushes (the app, `enroll serve`, `enroll sync --follow`) on a site desk:
 * takes part in the pusher leases of the site's back ends, makes this desk the conflict resolver
 * while it holds one, and opens the gate for the back ends it holds. Null on a desk that has not
 * joined a site. Call before `station.sync.start()`; stop it after `station.sync.stop()`.
 */
export async function startSitePusher(station: Station, options: StartSitePusherOptions): Promise<SitePusher | null> {
  const config = await readSiteConfig(station.dataDir)
  options.gate.setSiteDesk(config !== null)
  if (!config) return null
  const secrets = await (options.vault ?? new FileSecretVault(station.dataDir)).get(SITE_SECRET_KEY)
  const pusher = new SitePusher(station, {
    pushDatabaseUrl: `${config.url}/${siteDatabaseName(config, 'push')}`,
    credentials: { user: config.user, password: secrets.password ?? '' },
    deskId: config.deskId,
    lease: options.lease,
    publishEveryMs: options.publishEveryMs,
    onWarning: options.onWarning,
  })
  options.gate.use(pusher)
  station.site.setResolver(() => pusher.holdsAnyLease())
  await pusher.start()
  return pusher
}
