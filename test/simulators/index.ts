import { existsSync } from 'node:fs'
import { connectorDefinitions } from '../../main/core/connectors/definitions'
import type { PreloadEntry, SimCredentials, SimOptions, SimRecord, Simulator } from './common'
import { LoopbackServer, type Faults, type SimHandler, type SimReply } from './server'

export type { Faults } from './server'
export type { PreloadEntry, SimCredentials, SimRecord, SimStats, Simulator } from './common'

/**
 * Each back end's simulator is the file `<kind>.ts` here, found by its name: it exports its factory
 * as `simulator` and adds its kind to this interface (declaration merging), which types the
 * options it takes and what it adds to the handle. A new back end's simulator is its file alone.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by each simulator file
export interface SimulatorKinds {}
export type SimKind = keyof SimulatorKinds & string

type SimFactory = (options: never, faults: () => Faults) => SimParts & object
type FactoryOf<K extends SimKind> = SimulatorKinds[K] extends SimFactory ? SimulatorKinds[K] : never
type SimOptionsOf<K extends SimKind> = Parameters<FactoryOf<K>>[0]
/** What a kind's simulator adds to the uniform handle (Tuya's uploadFace, HYAPI's operatorValue…). */
type SimExtrasOf<K extends SimKind> = Omit<ReturnType<FactoryOf<K>>, keyof SimParts>

export type SimulatorOf<K extends SimKind> = Simulator & SimExtrasOf<K> & { kind: K }

interface SimParts {
  handler: SimHandler
  counters: { creates: number; updates: number; deletes: number; logins: number }
  credentials(baseUrl: string): SimCredentials
  faultReply(status: number): SimReply
  records(): SimRecord[]
  preload(entries: PreloadEntry[]): void
}

/**
 * Starts one back end's simulator on 127.0.0.1 (port 0 unless given) and returns its handle; a kind
 * known only as text (from a list of kinds) gets the uniform handle and the options all share.
 */
export async function startSimulator<K extends SimKind>(kind: K, options?: SimOptionsOf<K>): Promise<SimulatorOf<K>>
export async function startSimulator(kind: string, options?: SimOptions): Promise<Simulator>
export async function startSimulator(kind: string, given?: unknown): Promise<Simulator> {
  // every kind's options extend SimOptions (see each simulator file)
  const options = (given ?? {}) as SimOptions
  let server: LoopbackServer | null = null
  const faults = (): Faults => server?.faults ?? options.faults ?? {}
  const parts = (await factoryOf(kind))(options, faults)
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
  return Object.assign(simulator, extras)
}

/** The kinds that have a simulator file here (of `kinds`, by default the list of definitions, in their order). */
export function simulatedKinds(kinds: readonly string[] = connectorDefinitions().map((definition) => definition.kind)): SimKind[] {
  return kinds.filter((kind): kind is SimKind => /^[a-z][a-z0-9-]*$/.test(kind) && existsSync(new URL(`./${kind}.ts`, import.meta.url)))
}

async function factoryOf(kind: string): Promise<(options: object, faults: () => Faults) => SimParts & Record<string, unknown>> {
  if (simulatedKinds([kind]).length === 0) throw new Error(`no simulator for ${kind}: test/simulators/${kind}.ts is missing`)
  const module = (await import(`./${kind}.ts`)) as { simulator?: unknown }
  if (typeof module.simulator !== 'function') throw new Error(`test/simulators/${kind}.ts exports no simulator`)
  return module.simulator as (options: object, faults: () => Faults) => SimParts & Record<string, unknown>
}
