import type { SecretVault } from '../../targets/secrets'
import type { PushGate } from '../../sync/sync-service'
import type { SiteService } from '../site-service'
import { readSiteConfig, siteDatabaseName, SITE_SECRET_KEY, type SiteConfig } from '../site-config'
import type { PusherLeaseOptions } from './pusher-lease'
import type { SiteLeaseHolder } from '../../../../common/site/site-status'
import { HubDatabase } from './hub-documents'
import { holdersFromViews, readHolders } from './lease-holders'
import { SitePusher, type SitePusherStation } from './site-pusher'

/** A status asked every few seconds must not wait long for a hub that is away. */
const HUB_READ_TIMEOUT_MS = 2_000

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
  /** Between the worker's start and stop: a desk joining a site meanwhile starts its leases at once. */
  private workerRunning = false

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

  /**
   * Who pushes to each of this desk's back ends: its own leases' view while its worker runs, else
   * the hub's lease documents (a desk beside a running app, or one running no worker); null when
   * the hub cannot be read then. Empty on a desk that has not joined a site.
   */
  async holders(): Promise<SiteLeaseHolder[] | null> {
    const config = await readSiteConfig(this.options.dataDir)
    if (!config) return []
    const targets = this.station.targets.list()
    if (this.pusher) return holdersFromViews(this.pusher.leaseViews(), config.deskId, targets)
    if (targets.length === 0) return []
    try {
      const secrets = await this.options.vault.get(SITE_SECRET_KEY)
      const hub = new HubDatabase(pushDatabaseUrl(config), { credentials: { user: config.user, password: secrets.password ?? '' }, timeoutMs: HUB_READ_TIMEOUT_MS })
      return await readHolders(hub, config.deskId, targets)
    } catch {
      return null
    }
  }

  start(): Promise<void> {
    this.workerRunning = true
    this.starting ??= this.startPusher()
    return this.starting
  }

  async stop(): Promise<void> {
    this.workerRunning = false
    await this.starting?.catch(() => undefined)
    const pusher = this.pusher
    this.pusher = null
    this.starting = null
    await pusher?.stop()
  }

  /**
   * The desk joined or left a site while the station runs: with the worker running, joining starts
   * the leases now, leaving writes what is left and hands them back (the desk then pushes as a
   * single desk does).
   */
  async siteChanged(): Promise<void> {
    if (!this.workerRunning) return
    await this.starting?.catch(() => undefined)
    if (!this.workerRunning) return
    if (this.station.site.active && !this.pusher) {
      this.starting = this.startPusher()
      await this.starting
    } else if (!this.station.site.active && this.pusher) {
      const pusher = this.pusher
      this.pusher = null
      await pusher.stop()
    }
  }

  private async startPusher(): Promise<void> {
    if (!this.station.site.active) return
    const config = await readSiteConfig(this.options.dataDir)
    if (!config) return
    const secrets = await this.options.vault.get(SITE_SECRET_KEY)
    const pusher = new SitePusher(this.station, {
      pushDatabaseUrl: pushDatabaseUrl(config),
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

function pushDatabaseUrl(config: SiteConfig): string {
  return `${config.url}/${siteDatabaseName(config, 'push')}`
}
