// Child process for the retention kill test: purges the expired visitors while two lanes keep
// editing the other persons; prints "ack <id> <version>" after each durable edit and
// "purged <ms>" once the purge was acknowledged, and keeps editing until it is killed.
import { openStation } from '../../../main/core/station'

const dataDir = process.argv[2]
const keepers = process.argv[3].split(',')
const station = await openStation({ dataDir, compactAfterBytes: 1 << 30 })
const { persons } = station
process.stdout.write('ready\n')

async function purge(): Promise<void> {
  const started = Date.now()
  await station.retention.run({ actor: 'kill-test' })
  process.stdout.write(`purged ${Date.now() - started}\n`)
}

async function editor(lane: number): Promise<never> {
  for (let i = 0; ; i++) {
    const current = persons.require(keepers[(i * 2 + lane) % keepers.length])
    const person = await persons.edit(current.id, { note: `lane ${lane} round ${i}` }, current.version, 'kill-test')
    process.stdout.write(`ack ${person.id} ${person.version}\n`)
  }
}

await Promise.all([purge(), editor(0), editor(1)])
