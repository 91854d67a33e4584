import { mkdir } from 'node:fs/promises'
import { userInfo } from 'node:os'
import { Store, type StoreOptions } from './store/store'
import { PersonService } from './persons/person-service'
import { GroupService } from './groups/group-service'
import { PhotoService } from './photos/photo-service'
import { CsvService } from './csv/csv-service'
import { EventHub } from './events'
import { TargetService } from './targets/target-service'
import { FileSecretVault, type SecretVault } from './targets/secrets'
import type { ConnectorOptions } from './connectors/types'
import { SyncService, type SyncServiceOptions } from './sync'

/**
 * The whole core, opened on one data folder. The Electron main process, the CLI and the
 * loopback host each open one Station and call the same services.
 */
export interface Station {
  dataDir: string
  store: Store
  persons: PersonService
  groups: GroupService
  photos: PhotoService
  csv: CsvService
  events: EventHub
  targets: TargetService
  /** The outbox is always written; the worker pushes only once `sync.start()` is called. */
  sync: SyncService
  /** Stops the sync worker (in-flight pushes get `syncStopTimeoutMs`, default 10 s), then closes the register. */
  close(options?: { compact?: boolean; syncStopTimeoutMs?: number }): Promise<void>
}

export interface OpenStationOptions extends StoreOptions {
  dataDir: string
  /** Where back-end secrets live: a 0600 file by default; the desktop app passes its safeStorage vault. */
  secretVault?: SecretVault
  connectorOptions?: ConnectorOptions
  sync?: SyncServiceOptions
}

export async function openStation(options: OpenStationOptions): Promise<Station> {
  await mkdir(options.dataDir, { recursive: true })
  const store = await Store.open(options.dataDir, options)
  const persons = new PersonService(store)
  const groups = new GroupService(store, persons)
  const photos = new PhotoService(options.dataDir)
  const csv = new CsvService(persons, groups, photos)
  const events = new EventHub(store)
  const vault = options.secretVault ?? new FileSecretVault(options.dataDir)
  const targets = new TargetService(store, vault, { connectorOptions: options.connectorOptions })
  const sync = new SyncService(
    { store, persons, targets, photos, events, vault, connectorOptions: options.connectorOptions, dataDir: options.dataDir, onWarning: options.onWarning },
    options.sync,
  )
  return {
    dataDir: options.dataDir,
    store,
    persons,
    groups,
    photos,
    csv,
    events,
    targets,
    sync,
    async close(closeOptions) {
      await sync.close({ timeoutMs: closeOptions?.syncStopTimeoutMs })
      events.close()
      await store.close(closeOptions)
    },
  }
}

/** Who the audit trail names when nobody signed in: the OS account running the station. */
export function defaultActor(): string {
  try {
    return userInfo().username || 'station'
  } catch {
    return 'station'
  }
}
