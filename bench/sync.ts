import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import sharp from 'sharp'
import type { PhotoRef } from '../common/model/person'
import { openStation, type Station } from '../main/core/station'
import { table } from './stats'

const PERSONS = Number(process.env.BENCH_SYNC_PERSONS ?? 1000)
const CONCURRENCIES = (process.env.BENCH_SYNC_CONCURRENCY ?? '1,4,16').split(',').map(Number)
const BURST_PERSONS = 200
const BURST_EDITS = 10
const REPO_ROOT = new URL('../', import.meta.url).pathname

interface SimProcess {
  url: string
  child: ChildProcess
  stop(): Promise<string>
}

/** The SophonFogSys simulator in its own process, as a device on the LAN would be: it decodes every face it receives. */
function startSimProcess(): Promise<SimProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'test/simulators/cli.ts'), 'sophon'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += chunk
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1]
      if (url) {
        resolve({
          url,
          child,
          stop: () =>
            new Promise((done) => {
              child.once('exit', () => done(/stopped: .*/.exec(output)?.[0] ?? ''))
              child.kill('SIGTERM')
            }),
        })
      }
    })
    child.once('exit', (code) => reject(new Error(`the simulator exited (${code})`)))
  })
}

/** Distinct face-sized JPEGs (~17 KB, 360×450), so nothing is cached between persons. */
async function makePhotos(count: number): Promise<Buffer[]> {
  const width = 360
  const height = 450
  const photos: Buffer[] = []
  for (let n = 0; n < count; n++) {
    const pixels = Buffer.alloc(width * height * 3)
    let seed = n + 1
    for (let i = 0; i < pixels.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0
      pixels[i] = (((i / 3) % width) * 200) / width + ((seed >>> 28) & 15) + (n % 30)
    }
    photos.push(await sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 85 }).toBuffer())
  }
  return photos
}

async function stationWithPersons(photos: Buffer[], count: number, prefix: string, fetch?: typeof globalThis.fetch): Promise<{ station: Station; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-sync-'))
  const station = await openStation({ dataDir: dir, connectorOptions: fetch ? { fetch } : undefined })
  const refs: PhotoRef[] = []
  for (const photo of photos.slice(0, count)) refs.push(await station.photos.fromFile(photo, 'file'))
  for (let i = 0; i < count; i++) {
    await station.persons.add({ code: `${prefix}${String(i).padStart(6, '0')}`, name: `Bench ${i}`, type: 'employee', photo: refs[i] } as never, 'bench')
  }
  return { station, dir }
}

async function addTarget(station: Station, url: string, concurrency: number): Promise<string> {
  const target = await station.targets.add({ name: 'fog', kind: 'sophon', baseUrl: url, settings: { syncRatePerSecond: 10_000, syncConcurrency: concurrency } }, {}, 'bench')
  await station.sync.outbox.settle()
  return target.id
}

/** Answers like SophonFogSys without any network or back end: what the queue itself costs. */
const noBackEnd: typeof fetch = async () => {
  await new Promise((resolve) => setImmediate(resolve))
  return new Response('{"data":{}}', { status: 200, headers: { 'Content-Type': 'application/json' } })
}

async function throughput(url: string | null, photos: Buffer[], concurrency: number): Promise<Array<string | number>> {
  const { station, dir } = await stationWithPersons(photos, PERSONS, `C${concurrency}-`, url ? undefined : noBackEnd)
  try {
    const targetId = await addTarget(station, url ?? 'http://127.0.0.1:9', concurrency)
    const started = performance.now()
    await station.sync.start()
    const idle = await station.sync.worker.whenIdle(600_000)
    const seconds = (performance.now() - started) / 1000
    const summary = station.sync.summary().targets.find((t) => t.targetId === targetId)!
    if (!idle || summary.counts.synced !== PERSONS) throw new Error(`not all pushed: ${JSON.stringify(summary.counts)}`)
    return [url ? 'simulator' : 'no back end', concurrency, PERSONS, seconds.toFixed(1), (PERSONS / seconds).toFixed(0), summary.failed]
  } finally {
    await station.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * A burst of edits: each of BURST_PERSONS persons edited BURST_EDITS times as fast as the desk can,
 * once while the worker pushes (live), once while the target is paused (offline).
 */
async function coalescing(url: string, photos: Buffer[], live: boolean): Promise<Array<string | number>> {
  const { station, dir } = await stationWithPersons(photos, BURST_PERSONS, live ? 'BL-' : 'BO-')
  try {
    const targetId = await addTarget(station, url, 4)
    await station.sync.start()
    await station.sync.worker.whenIdle(60_000)
    const before = station.sync.summary().targets[0].pushed
    if (!live) await station.sync.pause(targetId, true, 'bench')
    let edits = 0
    for (let round = 1; round <= BURST_EDITS; round++) {
      for (const person of station.persons.list({ limit: BURST_PERSONS }).items) {
        await station.persons.edit(person.id, { note: `burst ${round}` }, person.version, 'bench')
        edits++
      }
    }
    if (!live) await station.sync.pause(targetId, false, 'bench')
    await station.sync.worker.whenIdle(60_000)
    const pushes = station.sync.summary().targets[0].pushed - before
    return [live ? 'while pushing' : 'while paused', edits, pushes, (edits / pushes).toFixed(1)]
  } finally {
    await station.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

export async function benchSync(): Promise<void> {
  console.log(`\n## Sync: persons pushed per second to one loopback SophonFogSys simulator (its own process; every push carries a distinct ~17 KB 360×450 face, which it decodes)`)
  const photos = await makePhotos(PERSONS)
  const sim = await startSimProcess()
  try {
    const rows: Array<Array<string | number>> = []
    for (const concurrency of CONCURRENCIES) rows.push(await throughput(sim.url, photos, concurrency))
    for (const concurrency of CONCURRENCIES) rows.push(await throughput(null, photos, concurrency))
    console.log(table(['to', 'concurrency', 'persons', 'seconds', 'persons/s', 'failed attempts'], rows))
    console.log(`load average during the run: ${loadavg().map((l) => l.toFixed(1)).join(' ')} (other work on the machine slows both sides)`)
    console.log('goal: ≥ 200 persons/s to one loopback target. Each push: in-flight record fsync\'d before the call, HTTP POST with the photo, outcome + remote id recorded.')
    console.log('"no back end": the same pipeline answered in-process, i.e. what the queue itself can do.')

    console.log(`\n## Sync: coalescing a burst of ${BURST_PERSONS} persons × ${BURST_EDITS} edits`)
    console.log(table(['burst', 'edits', 'pushes', 'edits per push'], [await coalescing(sim.url, photos, true), await coalescing(sim.url, photos, false)]))
  } finally {
    console.log(`simulator ${await sim.stop()}`)
  }
}
