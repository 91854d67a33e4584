import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Store } from '../store/store'
import type { PersonService } from '../persons/person-service'
import type { Person } from '../../../common/model/person'
import type { SecretVault } from '../targets/secrets'
import type { TargetService } from '../targets/target-service'
import { coreError } from '../../../common/errors/core-error'
import type { HubCompactionOwed, HubCompactionReport, SiteStatus, SiteJoinReport } from '../../../common/site/site-status'
import type { RegisterBridge } from './register-bridge'
import type { SiteReplication, SiteCredentials } from './replication'
import {
  DEFAULT_SITE_PREFIX,
  deskIdFor,
  readSiteConfig,
  removeSiteConfig,
  siteDir,
  SITE_DATABASES,
  SITE_SECRET_KEY,
  writeSiteConfig,
  type SiteConfig,
  type SiteDatabaseName,
} from './site-config'
import { readSiteStatusFile, SiteStatusFile } from './status-file'
import { prepareJoin } from './join'
import { scrubIfOwed } from './level-scrub'
import { compactHub, forgetHubCompaction, hubCompactionOwed, recheckHubCompaction } from './hub-compaction'

/** PouchDB and its leveldb binding load only on a desk that has joined a site: the single desk pays nothing for them. */
const replicationModule = () => import('./replication')

export interface SiteServiceDeps {
  dataDir: string
  store: Store
  persons: PersonService
  targets: TargetService
  vault: SecretVault
  readOnly?: boolean
  /** A person removed at another desk is erased here as a local purge does (VisitorRetention.eraseRemains). */
  eraseRemains: (persons: Person[]) => Promise<unknown>
  /** How long after a removal the site databases close, are scrubbed and open again (default SCRUB_DELAY_MS). */
  scrubDelayMs?: number
  onWarning?: (message: string) => void
}

/**
 * A running desk scrubs its site databases' files of removed values this long after a removal:
 * the removals of one retention run come together, and replication pauses once for them.
 */
export const SCRUB_DELAY_MS = 60_000
/** How often a desk asks the hub again whether it still keeps removed values, while it does. */
const HUB_RECHECK_MS = 60 * 60_000

export interface SiteJoinInput {
  url: string
  user: string
  password: string
  mode: 'upload' | 'replace'
  desk?: string
  resolver?: boolean
  /** Database names start with it (default "enroll"): the compatibility check uses a fresh one. */
  prefix?: string
}

/**
 * Site mode for one desk: off (no `<data>/site/site.json`, the single-desk station as it always
 * was) or joined: the register bridge plus live replication with the site's CouchDB.
 */
export class SiteService {
  private config: SiteConfig | null = null
  private databases: Record<SiteDatabaseName, PouchDB.Database> | null = null
  private bridge: RegisterBridge | null = null
  private replication: SiteReplication | null = null
  private credentials: SiteCredentials | null = null
  private resolver: (() => boolean) | null = null
  private pushers: (() => Promise<SiteStatus['pushers']>) | null = null
  private readonly modeListeners = new Set<() => Promise<void>>()
  private readonly statusFile: SiteStatusFile
  private scrubTimer: ReturnType<typeof setTimeout> | null = null
  /** The site databases closed for a scrub and opening again: callers that need them wait for it. */
  private reopening: Promise<void> | null = null
  private scrubAgain = false
  /** What the hub keeps of records removed here until a site admin compacts it (hub-compaction.ts). */
  private hubCompaction: HubCompactionOwed | null = null
  private hubCheckTimer: ReturnType<typeof setInterval> | null = null

  constructor(private readonly deps: SiteServiceDeps) {
    this.statusFile = new SiteStatusFile(deps.dataDir)
  }

  /** Starts site mode if this desk has joined a site; nothing at all otherwise. */
  async open(): Promise<void> {
    if (this.deps.readOnly) return
    const config = await readSiteConfig(this.deps.dataDir)
    if (!config) return
    const secrets = await this.deps.vault.get(SITE_SECRET_KEY)
    try {
      await this.start(config, { user: config.user, password: secrets.password ?? '' })
    } catch (error) {
      // the desk keeps working on its own register; what it changes meanwhile goes up at the next start
      await this.stop().catch(() => {})
      this.deps.onWarning?.(`site: site mode could not start (${(error as Error).message}); this desk works on its own register until it does`)
    }
  }

  get active(): boolean {
    return this.config !== null
  }

  get deskId(): string | null {
    return this.config?.deskId ?? null
  }

  /** One of the desk's replicating site databases (the pusher lease keeps its push state in `push`). */
  database(name: SiteDatabaseName): PouchDB.Database | null {
    return this.databases?.[name] ?? null
  }

  /** Who writes merged versions of conflicting documents: the pusher-lease holder, once there is one. */
  setResolver(isResolver: () => boolean): void {
    this.resolver = isResolver
  }

  /**
   * Told after this desk joins or leaves a site while it runs, and waited for: the push gate
   * starts or stops the pusher leases then, not at the worker's next start.
   */
  onModeChange(listener: () => Promise<void>): () => void {
    this.modeListeners.add(listener)
    return () => this.modeListeners.delete(listener)
  }

  private async modeChanged(): Promise<void> {
    for (const listener of this.modeListeners) {
      await listener().catch((error: Error) => this.deps.onWarning?.(`site: ${error.message}`))
    }
  }

  /** Who pushes to each back end, for the status (the station's push gate knows). */
  usePushers(holders: () => Promise<SiteStatus['pushers']>): void {
    this.pushers = holders
  }

  /** The site version of a record: the generation of its document's revision (null: not on the site yet). */
  async siteVersion(kind: 'person' | 'group', id: string): Promise<number | null> {
    const doc = await this.databases?.register.get(`${kind}:${id}`).catch(() => null)
    return doc ? Number(doc._rev.split('-')[0]) : null
  }

  async status(): Promise<SiteStatus> {
    const status = await this.replicationStatus()
    if (status.mode === 'off') return status
    return { ...status, pushers: this.pushers ? await this.pushers().catch(() => null) : null }
  }

  private async replicationStatus(): Promise<SiteStatus> {
    if (this.deps.readOnly) {
      // another program holds this desk's register: what it last wrote down, else what was joined
      const written = await readSiteStatusFile(this.deps.dataDir)
      const config = await readSiteConfig(this.deps.dataDir)
      if (!config) return offStatus()
      return written?.mode === 'site' ? written : { ...offStatus(), mode: 'site', url: config.url, user: config.user, deskId: config.deskId, connection: 'connecting', pushers: null }
    }
    return this.currentStatus()
  }

  /** Resolves when the compaction a removal started (local databases, the hub asked) is done. */
  async compacted(): Promise<void> {
    await this.reopening
    await this.bridge?.compacted()
  }

  /** Resolves when every local change is in the site databases and every received one is in the register. */
  async settle(): Promise<void> {
    await this.reopening
    await this.bridge?.settle()
  }

  /** Runs a scrub that is due now rather than after its delay, and resolves when it is done. */
  async scrubbed(): Promise<void> {
    if (this.scrubTimer) {
      clearTimeout(this.scrubTimer)
      this.scrubTimer = null
      this.reopening ??= this.reopenScrubbed()
    }
    await this.reopening
  }

  private scheduleScrub(): void {
    if (this.reopening) this.scrubAgain = true
    if (this.scrubTimer || this.reopening) return
    this.scrubTimer = setTimeout(() => {
      this.scrubTimer = null
      this.reopening = this.reopenScrubbed()
    }, this.deps.scrubDelayMs ?? SCRUB_DELAY_MS)
    this.scrubTimer.unref?.()
  }

  /**
   * Closes the site databases, scrubs their files (start() does it first) and opens them again;
   * site mode stays on throughout (the push gate sees no change). What changes meanwhile is
   * exported when the bridge starts again, as after a restart of the desk.
   */
  private reopenScrubbed(): Promise<void> {
    const run = (async () => {
      const { config, credentials } = this
      if (!config || !credentials) return
      await this.bridge?.compacted()
      await this.closeDatabases()
      try {
        await this.start(config, credentials)
      } catch (error) {
        await this.closeDatabases().catch(() => {})
        this.deps.onWarning?.(`site: the site databases did not open again after their scrub (${(error as Error).message}); this desk works on its own register until its next start`)
      }
    })()
    return run.finally(() => {
      if (this.reopening === run) this.reopening = null
      // a removal noted while the databases were reopening is scrubbed in its turn
      if (this.scrubAgain && this.config) this.scheduleScrub()
      this.scrubAgain = false
    })
  }

  async join(input: SiteJoinInput): Promise<SiteJoinReport> {
    if (this.config) throw coreError('conflict', 'site.already_joined', { url: this.config.url }, { field: 'url' })
    const url = siteUrl(input.url)
    const { openLocalDatabases, remoteDatabase } = await replicationModule()
    const credentials = { user: input.user, password: input.password }
    const deskId = await deskIdFor(this.deps.dataDir, input.desk)
    const config: SiteConfig = { url, user: input.user, deskId, joinedAt: new Date().toISOString(), prefix: input.prefix ?? DEFAULT_SITE_PREFIX, ...(input.resolver ? { resolver: true } : {}) }
    for (const name of SITE_DATABASES) await checkRemote(remoteDatabase(config, name, credentials), url)
    const databases = await openLocalDatabases(this.deps.dataDir, config)
    let report: Omit<SiteJoinReport, 'url' | 'deskId'>
    try {
      // the site's register first, so duplicates by code are found before anything goes up
      await databases.register.replicate.from(remoteDatabase(config, 'register', credentials), { batch_size: 500 })
      report = await prepareJoin({ ...this.deps, deskId, register: databases.register, mode: input.mode })
    } catch (error) {
      await Promise.all(Object.values(databases).map((db) => db.close()))
      throw error
    }
    await Promise.all(Object.values(databases).map((db) => db.close()))
    await this.deps.vault.set(SITE_SECRET_KEY, { password: input.password })
    await writeSiteConfig(this.deps.dataDir, config)
    await this.start(config, credentials)
    await this.settle()
    await this.modeChanged()
    return { ...report, deskId, url }
  }

  /**
   * Compacts the hub's databases with a site admin's name and password (used for this only, kept
   * nowhere), so it no longer gives earlier revisions of removed records; then asks it again.
   */
  async compactHub(admin: SiteCredentials): Promise<HubCompactionReport> {
    await this.reopening
    const { config, databases } = this
    if (!config || !databases) throw coreError('conflict', 'site.not_joined', {}, { field: 'site' })
    const { remoteDatabase } = await replicationModule()
    const report = await compactHub(this.deps.dataDir, (name) => databases[name], (name) => remoteDatabase(config, name, admin), admin.user)
    this.hubCompactionChanged(report.stillHeld)
    return report
  }

  /** Asks the hub whether it still gives what the note says; a hub that cannot be asked leaves the note. */
  async recheckHubCompaction(): Promise<HubCompactionOwed | null> {
    const { config, credentials, databases } = this
    if (!config || !credentials || !databases || !this.hubCompaction) return this.hubCompaction
    const { remoteDatabase } = await replicationModule()
    const owed = await recheckHubCompaction(this.deps.dataDir, (name) => databases[name], (name) => remoteDatabase(config, name, credentials)).catch(() => this.hubCompaction)
    if (this.config === config) this.hubCompactionChanged(owed)
    return owed
  }

  private hubCompactionChanged(owed: HubCompactionOwed | null): void {
    this.hubCompaction = owed
    if (owed && !this.hubCheckTimer) {
      // an admin may compact by hand: the desk sees it within the hour
      this.hubCheckTimer = setInterval(() => void this.recheckHubCompaction(), HUB_RECHECK_MS)
      this.hubCheckTimer.unref?.()
    }
    if (!owed) this.stopHubChecks()
    this.statusFile.schedule(() => this.currentStatus())
  }

  private stopHubChecks(): void {
    if (this.hubCheckTimer) clearInterval(this.hubCheckTimer)
    this.hubCheckTimer = null
  }

  /** Leaves the site: replication stops, the local register stays as it is, the site's copies on this desk go. */
  async leave(): Promise<{ kept: number }> {
    await this.scrubCancelled()
    if (!this.config) throw coreError('conflict', 'site.not_joined', {}, { field: 'site' })
    await this.settle().catch(() => {})
    await this.stop()
    await removeSiteConfig(this.deps.dataDir)
    await this.deps.vault.remove(SITE_SECRET_KEY)
    await rm(join(siteDir(this.deps.dataDir), 'db'), { recursive: true, force: true })
    await forgetHubCompaction(this.deps.dataDir)
    this.hubCompaction = null
    await this.statusFile.write(offStatus())
    await this.modeChanged()
    return { kept: this.deps.store.count('persons') }
  }

  /** Sends what is waiting (within `timeoutMs`) and stops; the next start picks up the rest. */
  async close(options: { timeoutMs?: number } = {}): Promise<void> {
    await this.scrubCancelled()
    if (!this.config) return
    const { remoteDatabase } = await replicationModule()
    await this.bridge?.settle().catch(() => {})
    const pushes = SITE_DATABASES.map((name) => this.databases![name].replicate.to(remoteDatabase(this.config!, name, this.credentials!)).catch(() => {}))
    await Promise.race([Promise.all(pushes), new Promise((resolve) => setTimeout(resolve, options.timeoutMs ?? 3_000).unref())])
    await this.stop()
  }

  private async start(config: SiteConfig, credentials: SiteCredentials): Promise<void> {
    const [{ openLocalDatabases, remoteDatabase, SiteReplication }, { RegisterBridge }] = await Promise.all([replicationModule(), import('./register-bridge')])
    this.config = config
    this.credentials = credentials
    await scrubIfOwed(this.deps.dataDir).catch((error: Error) => this.deps.onWarning?.(`site: removed values not scrubbed from the site databases yet (${error.message}); the next start tries again`))
    this.databases = await openLocalDatabases(this.deps.dataDir, config)
    this.bridge = new RegisterBridge({
      dataDir: this.deps.dataDir,
      deskId: config.deskId,
      store: this.deps.store,
      persons: this.deps.persons,
      targets: this.deps.targets,
      databases: this.databases,
      remotePhotos: () => remoteDatabase(config, 'photos', credentials),
      remoteDatabase: (name) => remoteDatabase(config, name, credentials),
      isResolver: () => (this.resolver ? this.resolver() : config.resolver === true),
      eraseRemains: this.deps.eraseRemains,
      onScrubOwed: () => this.scheduleScrub(),
      onHubCompactionOwed: (owed) => this.hubCompactionChanged(owed),
      onHubCompacted: () => void this.recheckHubCompaction(),
      onWarning: this.deps.onWarning,
    })
    await this.bridge.start()
    this.replication = new SiteReplication(this.databases, (name) => remoteDatabase(config, name, credentials), {
      onStatus: () => this.statusFile.schedule(() => this.currentStatus()),
    })
    this.replication.start()
    this.hubCompaction = await hubCompactionOwed(this.deps.dataDir).catch(() => null)
    if (this.hubCompaction) this.hubCompactionChanged(this.hubCompaction)
    await this.statusFile.write(this.currentStatus())
    if (this.hubCompaction) void this.recheckHubCompaction()
  }

  /** A scrub not started yet is dropped (the next start does it); one under way is waited for. */
  private async scrubCancelled(): Promise<void> {
    if (this.scrubTimer) clearTimeout(this.scrubTimer)
    this.scrubTimer = null
    await this.reopening
  }

  private async stop(): Promise<void> {
    await this.closeDatabases()
    this.config = null
    this.credentials = null
  }

  private async closeDatabases(): Promise<void> {
    this.stopHubChecks()
    this.replication?.stop()
    await this.bridge?.close()
    if (this.databases) await Promise.all(Object.values(this.databases).map((db) => db.close().catch(() => {})))
    await this.statusFile.flush()
    this.replication = null
    this.bridge = null
    this.databases = null
  }

  private currentStatus(): SiteStatus {
    if (!this.config) return offStatus()
    const replication = this.replication?.status()
    return {
      mode: 'site',
      url: this.config.url,
      user: this.config.user,
      deskId: this.config.deskId,
      connection: replication?.connection ?? 'connecting',
      lastReplicatedAt: replication?.lastReplicatedAt ?? null,
      lastError: replication?.lastError ?? this.bridge?.error ?? null,
      pendingChanges: this.bridge?.pendingExports ?? 0,
      // asked afresh by `status()`; the status file leaves them to its reader
      pushers: null,
      hubCompaction: this.hubCompaction,
      updatedAt: new Date().toISOString(),
    }
  }
}

function offStatus(): SiteStatus {
  return { mode: 'off', url: null, user: null, deskId: null, connection: 'off', lastReplicatedAt: null, lastError: null, pendingChanges: 0, pushers: [], hubCompaction: null, updatedAt: new Date().toISOString() }
}

/** The site's address without credentials or a trailing slash; http or https only. */
function siteUrl(text: string): string {
  let url: URL
  try {
    url = new URL(text.trim())
  } catch {
    throw coreError('invalid', 'site.url_invalid', { url: text }, { field: 'url' })
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || url.search) {
    throw coreError('invalid', 'site.url_invalid', { url: text }, { field: 'url' })
  }
  return url.href.replace(/\/+$/, '')
}

/** The site answers and takes these credentials (creating the database on first use). */
async function checkRemote(db: PouchDB.Database, url: string): Promise<void> {
  try {
    await db.info()
  } catch (error) {
    const status = (error as { status?: number }).status
    if (status === 401 || status === 403) throw coreError('invalid', 'site.refused', { url }, { field: 'user' })
    throw coreError('remote', 'site.unreachable', { url, reason: (error as Error).message ?? String(error) }, { field: 'url' })
  }
}
