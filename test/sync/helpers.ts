import type { MappingInput } from '../../main/core/connectors/mapping'
import type { ConnectorOptions } from '../../main/core/connectors/types'
import type { PhotoRef } from '../../common/model/person'
import { openStation, type Station } from '../../main/core/station'
import type { SyncServiceOptions } from '../../main/core/sync'
import type { TargetConfig } from '../../common/targets/target-config'
import { startSimulator, type SimKind, type Simulator, type SimulatorOf } from '../simulators'
import { tempDir } from '../helpers/temp'
import { makeJpeg } from '../connectors/fixtures'

/** Short timeouts and backoffs so a test of hundreds of failures stays quick on two cores. */
export const FAST_SYNC: SyncServiceOptions = {
  callTimeoutMs: 200,
  backoff: { baseMs: 10, capMs: 250 },
  probe: { baseMs: 20, capMs: 200 },
  progressEveryMs: 50,
}

/** A simulator and a fresh station for one test, both closed afterwards whatever happens. */
export async function withSim<K extends SimKind>(
  kind: K,
  run: (sim: SimulatorOf<K>, station: Station) => Promise<void>,
  options: { sim?: Parameters<typeof startSimulator<K>>[1]; station?: Parameters<typeof openTestStation>[1] } = {},
): Promise<void> {
  const sim = await startSimulator(kind, options.sim)
  const station = await openTestStation(tempDir(), options.station)
  try {
    await run(sim, station)
  } finally {
    await station.close()
    await sim.close()
  }
}

export function openTestStation(dataDir: string, options: { sync?: SyncServiceOptions; connectorOptions?: ConnectorOptions } = {}): Promise<Station> {
  return openStation({ dataDir, sync: { ...FAST_SYNC, ...options.sync }, connectorOptions: options.connectorOptions })
}

/** A target pointing at a running simulator, with a generous rate limit unless the test sets one. */
export async function addSimTarget(
  station: Station,
  sim: Simulator,
  name: string,
  extra: { settings?: Record<string, unknown>; mapping?: MappingInput; expiryAction?: 'disable' | 'delete'; paused?: boolean } = {},
): Promise<TargetConfig> {
  const credentials = sim.credentials
  const target = await station.targets.add(
    {
      name,
      kind: sim.kind,
      baseUrl: credentials.baseUrl,
      settings: { syncRatePerSecond: 2000, syncConcurrency: 8, ...credentials.settings, ...extra.settings },
      mapping: extra.mapping,
      expiryAction: extra.expiryAction,
      paused: extra.paused,
    },
    credentials.secrets,
    'test',
  )
  // the new target's persons are queued right after its own transaction
  await station.sync.outbox.settle()
  return target
}

let photoBytes: Buffer | null = null

/** A real face-sized JPEG stored in the station (the same file for every person: it is stored once). */
export async function storedPhoto(station: Station): Promise<PhotoRef> {
  photoBytes ??= await makeJpeg(240, 300)
  return station.photos.fromFile(photoBytes, 'file')
}

/** A JPEG whose header and size read fine but whose image data is cut off: only a real decoder notices. */
export async function truncatedPhoto(station: Station): Promise<PhotoRef> {
  const whole = await makeJpeg(240, 300, { noise: true })
  return station.photos.fromFile(whole.subarray(0, Math.floor(whole.length / 3)), 'file')
}

export function stateOf(station: Station, personId: string, targetId: string) {
  return station.sync.status({ person: personId, target: targetId }).items[0]
}

/** Polls `condition` until it holds; throws after `timeoutMs`, naming the condition. */
export async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now()
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms: ${condition.toString()}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
