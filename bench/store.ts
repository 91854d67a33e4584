import { mkdtempSync, rmSync, statSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { Low } from 'lowdb'
import { JSONFile } from 'lowdb/node'
import { Store } from '../main/core/store/store'
import { openStation } from '../main/core/station'
import type { Person } from '../common/model/person'
import { syntheticPerson } from '../test/helpers/synthetic-people'
import { ms, percentile, table } from './stats'

const SIZES = (process.env.BENCH_STORE_SIZES ?? '1000,10000,100000').split(',').map(Number)
const EDITS = 200
const BASELINE_EDITS = 20

interface Figures {
  size: number
  editP50: number
  editP95: number
  editMax: number
  coldLoad: number
  diskMb: number
}

async function seed(dir: string, size: number): Promise<void> {
  const store = await Store.open(dir)
  for (let start = 0; start < size; start += 5_000) {
    await store.transact((tx) => {
      for (let i = start; i < Math.min(size, start + 5_000); i++) tx.put('persons', syntheticPerson(i).id, syntheticPerson(i))
    })
  }
  await store.close()
}

async function measureJournaled(size: number): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-store-'))
  try {
    await seed(dir, size)
    // cold load: the register plus the persons index, as the app opens it
    const started = performance.now()
    const station = await openStation({ dataDir: dir })
    const coldLoad = performance.now() - started
    const samples: number[] = []
    for (let i = 0; i < EDITS; i++) {
      const person = station.persons.get(syntheticPerson(Math.floor((i * 7919) % size)).id)!
      const t0 = performance.now()
      await station.persons.edit(person.id, { note: `edit ${i}` }, person.version, 'bench')
      samples.push(performance.now() - t0)
    }
    await station.close()
    return { size, editP50: percentile(samples, 50), editP95: percentile(samples, 95), editMax: Math.max(...samples), coldLoad, diskMb: dirSize(dir) / 1e6 }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** lowdb as its README uses it: one JSON file, rewritten whole on every write. */
async function measureSingleFile(size: number): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-lowdb-'))
  try {
    const path = join(dir, 'db.json')
    const seedDb = new Low<{ persons: Person[] }>(new JSONFile(path), { persons: [] })
    for (let i = 0; i < size; i++) seedDb.data.persons.push(syntheticPerson(i))
    await seedDb.write()
    const started = performance.now()
    const db = new Low<{ persons: Person[] }>(new JSONFile(path), { persons: [] })
    await db.read()
    const coldLoad = performance.now() - started
    const samples: number[] = []
    for (let i = 0; i < BASELINE_EDITS; i++) {
      const t0 = performance.now()
      const person = db.data.persons[(i * 7919) % size]
      person.note = `edit ${i}`
      person.version++
      await db.write()
      samples.push(performance.now() - t0)
    }
    return { size, editP50: percentile(samples, 50), editP95: percentile(samples, 95), editMax: Math.max(...samples), coldLoad, diskMb: dirSize(dir) / 1e6 }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function dirSize(dir: string): number {
  let total = 0
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size
  }
  return total
}

export async function benchStore(): Promise<void> {
  console.log(`\n## Register: one durable edit and a cold load (journaled sharded lowdb vs single-file lowdb)`)
  console.log(`journaled: ${EDITS} edits through PersonService (fsync'd before acknowledged); baseline: ${BASELINE_EDITS} edits, lowdb JSONFile (steno, no fsync)`)
  const rows: Array<Array<string | number>> = []
  for (const size of SIZES) {
    const journaled = await measureJournaled(size)
    const baseline = await measureSingleFile(size)
    rows.push(
      [`${size.toLocaleString('en')} journaled`, ms(journaled.editP50), ms(journaled.editP95), ms(journaled.editMax), ms(journaled.coldLoad), journaled.diskMb.toFixed(1)],
      [`${size.toLocaleString('en')} single-file`, ms(baseline.editP50), ms(baseline.editP95), ms(baseline.editMax), ms(baseline.coldLoad), baseline.diskMb.toFixed(1)],
    )
  }
  console.log(table(['persons / store', 'edit p50 ms', 'edit p95 ms', 'edit max ms', 'cold load ms', 'disk MB'], rows))
  console.log('goals at 100,000: edit p95 ≤ 50 ms (durable), cold load ≤ 1,500 ms')
}
