import { mkdir } from 'node:fs/promises'
import { userInfo } from 'node:os'
import { Store, type StoreOptions } from './store/store'
import { PersonService } from './persons/person-service'
import { GroupService } from './groups/group-service'
import { PhotoService } from './photos/photo-service'
import { CsvService } from './csv/csv-service'
import { EventHub } from './events'

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
  close(options?: { compact?: boolean }): Promise<void>
}

export interface OpenStationOptions extends StoreOptions {
  dataDir: string
}

export async function openStation(options: OpenStationOptions): Promise<Station> {
  await mkdir(options.dataDir, { recursive: true })
  const store = await Store.open(options.dataDir, options)
  const persons = new PersonService(store)
  const groups = new GroupService(store, persons)
  const photos = new PhotoService(options.dataDir)
  const csv = new CsvService(persons, groups, photos)
  const events = new EventHub(store)
  return {
    dataDir: options.dataDir,
    store,
    persons,
    groups,
    photos,
    csv,
    events,
    async close(closeOptions) {
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
