import type { TargetKind } from '../../main/core/connectors/types'
import type { PreloadEntry, SimCredentials, SimRecord, Simulator } from './common'
import { createHyapiSim, type HyapiSimOptions } from './hyapi'
import { createIsdpSim, type IsdpSimOptions } from './isdp'
import { LoopbackServer, type Faults, type SimHandler, type SimReply } from './server'
import { createSophonSim, type SophonSimOptions } from './sophon'
import { createTuyaSim, type TuyaSimOptions } from './tuya'
import { createYceSim, type YceSimOptions } from './yce'

export type { Faults } from './server'
export type { PreloadEntry, SimCredentials, SimRecord, SimStats, Simulator } from './common'

interface SimOptionsByKind {
  sophon: SophonSimOptions
  tuya: TuyaSimOptions
  isdp: IsdpSimOptions
  hyapi: HyapiSimOptions
  yce: YceSimOptions
}

interface SimExtrasByKind {
  sophon: object
  /** uploadFace stands in for Tuya's undocumented face upload (pass it as ConnectorOptions.uploadTuyaFace). */
  tuya: { uploadFace(jpeg: Buffer): Promise<string>; structures: Record<string, string>; editInConsole(personId: string, fields: Record<string, string>): void }
  isdp: object
  /** The credential of a non-admin account, which HYAPI accepts but refuses to act on. */
  hyapi: { operatorValue: string }
  yce: object
}

export type SimulatorOf<K extends TargetKind> = Simulator & SimExtrasByKind[K] & { kind: K }

interface SimParts {
  handler: SimHandler
  counters: { creates: number; updates: number; deletes: number; logins: number }
  credentials(baseUrl: string): SimCredentials
  faultReply(status: number): SimReply
  records(): SimRecord[]
  preload(entries: PreloadEntry[]): void
}

/** Starts one back end's simulator on 127.0.0.1 (port 0 unless given) and returns its handle. */
export async function startSimulator<K extends TargetKind>(kind: K, options: SimOptionsByKind[K] = {}): Promise<SimulatorOf<K>> {
  let server: LoopbackServer | null = null
  const faults = (): Faults => server?.faults ?? options.faults ?? {}
  const parts = buildParts(kind, options, faults)
  server = new LoopbackServer(parts.handler, parts.faultReply, { seed: options.seed, faults: options.faults, port: options.port })
  await server.start()
  const running = server
  const { handler: _handler, counters, credentials, faultReply: _faultReply, records, preload, ...extras } = parts
  const simulator: Simulator = {
    kind,
    get url() {
      return running.url
    },
    get port() {
      return running.port
    },
    get credentials() {
      return credentials(running.url)
    },
    records,
    preload,
    stats: () => ({ requests: running.requests, ...counters, faults: { ...running.faultCounts } }),
    setFaults(next) {
      running.faults = { ...next }
    },
    stop: () => running.stop(),
    start: () => running.start(),
    close: () => running.stop(),
  }
  return Object.assign(simulator, extras) as SimulatorOf<K>
}

type SimFactory<K extends TargetKind> = (options: SimOptionsByKind[K], faults: () => Faults) => SimParts & Record<string, unknown>

/** Each back end's simulator, by kind: a new back end adds its simulator file and one line here. */
const SIMULATOR_FACTORIES: { readonly [K in TargetKind]: SimFactory<K> } = {
  sophon: createSophonSim,
  tuya: createTuyaSim,
  isdp: createIsdpSim,
  hyapi: createHyapiSim,
  yce: createYceSim,
}

function buildParts<K extends TargetKind>(kind: K, options: SimOptionsByKind[K], faults: () => Faults): SimParts & Record<string, unknown> {
  return (SIMULATOR_FACTORIES[kind] as SimFactory<K>)(options, faults)
}
