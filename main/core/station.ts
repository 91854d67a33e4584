import { mkdir } from 'node:fs/promises'
import { hostname } from 'node:os'
import { Store, type StoreOptions } from './store/store'
import { PersonService } from './persons/person-service'
import { GroupService } from './groups/group-service'
import { PhotoService } from './photos/photo-service'
import { CsvService } from './csv/csv-service'
import { EventHub } from './events'
import { createFaceProcessor } from './face/photo-intake'
import { registerFaces } from './face/register-faces'
import { MATCH_DISTANCE } from './face/face-index'
import { TargetService } from './targets/target-service'
import { FileSecretVault, type SecretVault } from './targets/secrets'
import type { ConnectorOptions } from './connectors/types'
import { SyncService, type SyncServiceOptions } from './sync'
import { StationSettings } from './settings/station-settings'
import { SiteService } from './site/site-service'
import { SitePushGate } from './site/lease/site-push-gate'
import type { PusherLeaseOptions } from './site/lease/pusher-lease'
import { OperatorService } from './operators/operator-service'
import { SecuritySettingsStore } from './operators/security-settings'
import { BlacklistFieldMatcher } from './blacklist/field-match'
import { VisitorRetention } from './persons/retention'
import type { Person } from '../../common/model/person'
import { RetentionSettingsStore } from './settings/retention-settings'

/**
 * The whole core, opened on one data folder. The Electron main process, the CLI and the
 * loopback host each open one Station and call the same services.
 */
export interface Station {
  dataDir: string
  /** This station's name, as its audit entries carry it (the computer's name unless ENROLL_STATION_NAME says otherwise). */
  name: string
  /** Operator accounts and signing in. */
  operators: OperatorService
  /** The idle lock and the lock-out after wrong passwords. */
  security: SecuritySettingsStore
  store: Store
  persons: PersonService
  groups: GroupService
  photos: PhotoService
  csv: CsvService
  events: EventHub
  targets: TargetService
  /** The outbox is always written; the worker pushes only once `sync.start()` is called. */
  sync: SyncService
  /** Settings kept in the register: the quality gate's limits for photo files, imports and the live camera. */
  settings: StationSettings
  /** The blacklist's certificate numbers, phones and names, for catching a banned person without their face. */
  blacklistFields: BlacklistFieldMatcher
  /** Visitors purged some days after their visit (the setting, the purge and its daily run). */
  retention: VisitorRetention
  /** Site mode (off unless this desk joined a site): the register kept in step with the site's CouchDB. */
  site: SiteService
  /** Stops the sync worker (in-flight pushes get `syncStopTimeoutMs`, default 10 s), then closes the register. */
  close(options?: { compact?: boolean; syncStopTimeoutMs?: number }): Promise<void>
}

export interface OpenStationOptions extends StoreOptions {
  dataDir: string
  /** Where back-end secrets live: a 0600 file by default; the desktop app passes its safeStorage vault. */
  secretVault?: SecretVault
  connectorOptions?: ConnectorOptions
  sync?: SyncServiceOptions
  /** Site mode's pusher lease (default 30 s, renewed every 10 s); tests shorten it. */
  sitePusher?: { lease?: PusherLeaseOptions; publishEveryMs?: number }
  /** How long after a removal a site desk reopens its site databases scrubbed (default 60 s); tests shorten it. */
  siteScrubDelayMs?: number
  /**
   * Run every photo from a file through face detection, the quality gate and the standard crop,
   * and look it up in the register (duplicates, blacklist). The CLI and the desktop app turn this
   * on; tests of the register alone leave it off and store images as given.
   */
  faceProcessing?: boolean
  /** The station's name on its audit entries; default ENROLL_STATION_NAME, else the computer's name. */
  stationName?: string
}

export async function openStation(options: OpenStationOptions): Promise<Station> {
  await mkdir(options.dataDir, { recursive: true })
  const name = options.stationName ?? defaultStationName()
  const store = await Store.open(options.dataDir, { ...options, station: name })
  const persons = new PersonService(store)
  const groups = new GroupService(store, persons)
  const photos = new PhotoService(options.dataDir)
  const blacklistFields = new BlacklistFieldMatcher(store)
  const csv = new CsvService(persons, groups, photos, blacklistFields)
  const events = new EventHub(store)
  const vault = options.secretVault ?? new FileSecretVault(options.dataDir)
  const targets = new TargetService(store, vault, { connectorOptions: options.connectorOptions })
  const sync = new SyncService(
    { store, persons, targets, photos, events, vault, connectorOptions: options.connectorOptions, dataDir: options.dataDir, onWarning: options.onWarning },
    options.sync,
  )
  const settings = new StationSettings(store, { events })
  // a removal applied from the site erases the person's remains through the local purge's own path
  const eraseRemains = (removed: Person[]) => station.retention.eraseRemains(removed)
  const site = new SiteService({ dataDir: options.dataDir, store, persons, targets, vault, readOnly: options.readOnly, eraseRemains, scrubDelayMs: options.siteScrubDelayMs, onWarning: options.onWarning })
  // on a site desk only the holder of a back end's pusher lease pushes there
  const pushGate = new SitePushGate({ store, targets, sync, site }, { dataDir: options.dataDir, vault, ...options.sitePusher, onWarning: options.onWarning })
  sync.useGate(pushGate)
  site.usePushers(() => pushGate.holders())
  site.onModeChange(() => pushGate.siteChanged())
  const station: Station = {
    dataDir: options.dataDir,
    name,
    operators: new OperatorService(store, { readOnly: options.readOnly }),
    security: new SecuritySettingsStore(store),
    store,
    persons,
    groups,
    photos,
    csv,
    events,
    targets,
    sync,
    settings,
    blacklistFields,
    retention: new VisitorRetention({
      dataDir: options.dataDir,
      store,
      persons,
      photos,
      settings: new RetentionSettingsStore(store),
      faces: () => registerFaces(station),
    }),
    site,
    async close(closeOptions) {
      await site.close()
      await sync.close({ timeoutMs: closeOptions?.syncStopTimeoutMs })
      events.close()
      await store.close(closeOptions)
    },
  }
  if (options.faceProcessing) {
    photos.useProcessor(createFaceProcessor({ thresholds: () => settings.thresholds() }))
    photos.useMatcher(async (descriptor) =>
      (await registerFaces(station)).search(descriptor, { maxDistance: MATCH_DISTANCE }).then((matches) =>
        matches.map(({ key, distance, blacklist }) => ({ personId: key, distance, blacklist })),
      ),
    )
  }
  await site.open()
  return station
}

/** The computer's name, which says at which desk a change was made. */
export function defaultStationName(): string {
  return process.env.ENROLL_STATION_NAME?.trim() || hostname() || 'station'
}
