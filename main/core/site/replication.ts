import { createRequire } from 'node:module'
import { join } from 'node:path'
import type pouchdbModule from 'pouchdb'
import { ensurePrivateDirectory } from '../store/durable-file'
import { siteDatabaseName, siteDir, SITE_DATABASES, type SiteConfig, type SiteDatabaseName } from './site-config'

/**
 * The desk's local PouchDB databases (leveldb under `<data>/site/db/`) and their live
 * replication with the site's CouchDB, with the connection state a desk shows.
 */
export type SiteConnection = 'connecting' | 'online' | 'offline' | 'error'

export interface SiteCredentials {
  user: string
  password: string
}

/**
 * PouchDB is required when a site desk first opens its databases, not imported: a bundle hoists an
 * external package's import to its top, and every `enroll` start (site mode or not) paid ~150 ms
 * for PouchDB and its dependencies.
 */
let pouchdb: typeof pouchdbModule | undefined
function pouchDB(): typeof pouchdbModule {
  return (pouchdb ??= createRequire(import.meta.url)('pouchdb') as typeof pouchdbModule)
}

/** Retries come quickly after a desk or the server is back (PouchDB's own default grows to 10 minutes). */
const MAX_RETRY_DELAY_MS = 5_000

export async function openLocalDatabases(dataDir: string, config: Pick<SiteConfig, 'prefix'>): Promise<Record<SiteDatabaseName, PouchDB.Database>> {
  const dir = join(siteDir(dataDir), 'db')
  await ensurePrivateDirectory(siteDir(dataDir))
  await ensurePrivateDirectory(dir)
  const local = pouchDB().defaults({ prefix: `${dir}/` } as PouchDB.Configuration.DatabaseConfiguration)
  const entries = SITE_DATABASES.map((name) => [name, new local(siteDatabaseName(config, name), { revs_limit: 20 } as PouchDB.Configuration.DatabaseConfiguration)] as const)
  return Object.fromEntries(entries) as Record<SiteDatabaseName, PouchDB.Database>
}

export function remoteDatabase(config: Pick<SiteConfig, 'url' | 'prefix'>, name: SiteDatabaseName, credentials: SiteCredentials): PouchDB.Database {
  const RemotePouchDB = pouchDB()
  const db = new RemotePouchDB(`${config.url}/${siteDatabaseName(config, name)}`, {
    auth: { username: credentials.user, password: credentials.password },
  } as PouchDB.Configuration.RemoteDatabaseConfiguration)
  return withInfoFailuresHandled(db)
}

/**
 * PouchDB 9's replication asks its source for `info()` after every batch, for a progress report,
 * as `src.info().then(…)` with no rejection handler (replicate's finishBatch). Pulling from the
 * site, a link that drops right then left an unhandled rejection, which ends a Node process: a
 * desk process crashed so. Here a continuation that names no rejection handler gets a silent one;
 * the failure still reaches anyone who asks for it (`await`, `.catch`, a second `then` argument),
 * and the replication's next request fails properly, so its retry takes over.
 */
function withInfoFailuresHandled(db: PouchDB.Database): PouchDB.Database {
  const info = db.info.bind(db)
  db.info = ((callback?: unknown) => {
    if (typeof callback === 'function') return info(callback as never)
    const asked = info()
    const then = asked.then.bind(asked)
    asked.then = ((onFulfilled?: never, onRejected?: never) => {
      const next = then(onFulfilled, onRejected)
      if (!onRejected) next.catch(() => undefined)
      return next
    }) as typeof asked.then
    return asked
  }) as typeof db.info
  return db
}

export interface ReplicationStatus {
  connection: SiteConnection
  /** When this desk last finished exchanging with the site (caught up both ways). */
  lastReplicatedAt: string | null
  lastError: string | null
}

/** Live, retrying, two-way replication of the site databases; the register first, photos after it. */
export class SiteReplication {
  private readonly handles: PouchDB.Replication.Sync<object>[] = []
  private readonly states = new Map<SiteDatabaseName, SiteConnection>()
  private lastReplicatedAt: string | null = null
  private lastError: string | null = null
  private stopped = false

  constructor(
    private readonly local: Record<SiteDatabaseName, PouchDB.Database>,
    private readonly remote: (name: SiteDatabaseName) => PouchDB.Database,
    private readonly options: { onPulled?: (name: SiteDatabaseName) => void; onStatus?: (status: ReplicationStatus) => void; now?: () => Date } = {},
  ) {}

  start(): void {
    this.stopped = false
    for (const name of SITE_DATABASES) {
      this.states.set(name, 'connecting')
      const handle = this.local[name].sync(this.remote(name), {
        live: true,
        retry: true,
        batch_size: 500,
        back_off_function: (delay: number) => (delay === 0 ? 500 : Math.min(delay * 2, MAX_RETRY_DELAY_MS)),
      } as PouchDB.Replication.SyncOptions)
      handle
        .on('change', (info) => {
          if (info.direction === 'pull') this.options.onPulled?.(name)
          this.set(name, 'online')
        })
        .on('active', () => this.set(name, 'online'))
        .on('paused', (error?: unknown) => {
          if (error) this.set(name, 'offline', error)
          else {
            this.lastReplicatedAt = this.now().toISOString()
            this.set(name, 'online')
          }
        })
        .on('denied', (error: unknown) => this.set(name, 'error', error))
        .on('error', (error: unknown) => this.set(name, 'error', error))
      // the two-way handle reports a lost connection as a plain pause; each direction says why
      const directions = handle as unknown as { push: NodeJS.EventEmitter; pull: NodeJS.EventEmitter }
      for (const direction of [directions.push, directions.pull]) direction.on('requestError', (error: unknown) => this.set(name, 'offline', error))
      this.handles.push(handle)
    }
  }

  status(): ReplicationStatus {
    const states = [...this.states.values()]
    const connection: SiteConnection = states.includes('error') ? 'error' : states.includes('offline') ? 'offline' : states.includes('connecting') ? 'connecting' : 'online'
    return { connection, lastReplicatedAt: this.lastReplicatedAt, lastError: this.lastError }
  }

  stop(): void {
    this.stopped = true
    for (const handle of this.handles.splice(0)) handle.cancel()
    this.states.clear()
  }

  private set(name: SiteDatabaseName, state: SiteConnection, error?: unknown): void {
    if (this.stopped) return
    this.states.set(name, state)
    if (error) this.lastError = describe(error)
    else if (state === 'online') this.lastError = null
    this.options.onStatus?.(this.status())
  }

  private now(): Date {
    return this.options.now?.() ?? new Date()
  }
}

function describe(error: unknown): string {
  if (error && typeof error === 'object') {
    const { status, message, reason } = error as { status?: number; message?: string; reason?: string }
    return [status ? `HTTP ${status}` : null, reason ?? message].filter(Boolean).join(': ') || 'unknown error'
  }
  return String(error)
}
