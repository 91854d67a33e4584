import type { SecretVault } from '../../targets/secrets'
import type { PushGate } from '../../sync/sync-service'
import type { SiteService } from '../site-service'
import { readSiteConfig, siteDatabaseName, SITE_SECRET_KEY } from '../site-config'
import type { PusherLeaseOptions } from './pusher-lease'
import { SitePusher, type SitePusherStation } from './site-pusher'

export interface SitePushGateOptions {
  dataDir: string
  /** Where the site password is: the station's vault. */
  vault: SecretVault
  lease?: PusherLeaseOptions
  publishEveryMs?: number
  onWarning?: (message: string) => void
}

/**
 * The sync worker's gate on every station. A desk that has not joined a site pushes as it always
 * did. A site desk pushes to a back end only while it holds that back end's pusher lease: the
 * lease work starts with the worker (the app, `enroll serve`, `enroll sync`) and stops after it,
 * handing the leases back; a command that only reads or edits never claims one. While this desk
 * holds a lease it is also the site's conflict resolver.
 */
export class SitePushGate implements PushGate {
  private pusher: SitePusher | null = null
  private starting: Promise<void> | null = null

  constructor(
    private readonly station: SitePusherStation & { site: Pick<SiteService, 'active' | 'setResolver'> },
    private readonly options: SitePushGateOptions,
  ) {}

  mayPush(targetId: string): boolean {
    if (!this.station.site.active) return true
    return this.pusher?.mayPush(targetId) ?? false
  }

  /** The leases held and their holders, for the status line (empty off site mode). */
  get current(): SitePusher | null {
    return this.pusher
  }

  start(): Promise<void> {
    this.starting ??= this.startPusher()
    return this.starting
  }

  async stop(): Promise<void> {
    await this.starting?.catch(() => undefined)
    const pusher = this.pusher
    this.pusher = null
    this.starting = null
    await pusher?.stop()
  }

  private async startPusher(): Promise<void> {
    if (!this.station.site.active) return
    const config = await readSiteConfig(this.options.dataDir)
    if (!config) return
    const secrets = await this.options.vault.get(SITE_SECRET_KEY)
    const pusher = new SitePusher(this.station, {
      pushDatabaseUrl: `${config.url}/${siteDatabaseName(config, 'push')}`,
      credentials: { user: config.user, password: secrets.password ?? '' },
      deskId: config.deskId,
      lease: this.options.lease,
      publishEveryMs: this.options.publishEveryMs,
      onWarning: this.options.onWarning,
    })
    this.pusher = pusher
    this.station.site.setResolver(() => pusher.holdsAnyLease())
    await pusher.start()
  }
}
