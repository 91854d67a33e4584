// Child process of the sync kill test. `churn`: pushes the queue to the simulators while editing
// persons, printing "ack <id> <version>" for each edit the register acknowledged, until killed.
// `drain`: pushes until the queue is empty, closes the register cleanly and prints "drained".
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { PhotoRef } from '../../../common/model/person'
import { openStation } from '../../../main/core/station'

const [mode, dataDir, seedText] = process.argv.slice(2)
const codes: string[] = JSON.parse(readFileSync(join(dataDir, '..', 'codes.json'), 'utf8'))
const photo: PhotoRef = JSON.parse(readFileSync(join(dataDir, '..', 'photo.json'), 'utf8'))
let seed = Number(seedText) >>> 0
const random = () => {
  seed = (seed + 0x6d2b79f5) >>> 0
  let t = seed
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

const station = await openStation({
  dataDir,
  compactAfterBytes: 256 * 1024,
  sync: { callTimeoutMs: 200, backoff: { baseMs: 5, capMs: 100 }, probe: { baseMs: 10, capMs: 100 }, unreachableAfter: 50 },
})
await station.sync.start()
process.stdout.write('ready\n')

if (mode === 'drain') {
  const idle = await station.sync.worker.whenIdle(120_000)
  await station.close()
  process.stdout.write(idle ? 'drained\n' : 'not drained\n')
  process.exit(0)
}

const { persons } = station
for (let i = 0; ; i++) {
  const code = codes[Math.floor(random() * codes.length)]
  const existing = persons.getByCode(code)
  const roll = random()
  let person
  if (!existing) person = await persons.add({ code, name: `${code} born ${seed % 1000}-${i}`, type: 'employee', photo } as never, 'kill-test')
  else if (existing.deletedAt) person = await persons.restore(existing.id, 'kill-test')
  else if (roll < 0.1) person = await persons.delete(existing.id, 'kill-test')
  else person = await persons.edit(existing.id, { name: `${code} edit ${seed % 1000}-${i}` }, existing.version, 'kill-test')
  process.stdout.write(`ack ${person.id} ${person.version}\n`)
  await new Promise((resolve) => setTimeout(resolve, 3))
}
