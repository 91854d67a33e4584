// Child process for the kill test: edits the register as fast as it can and reports each
// acknowledged edit on stdout ("ack <id> <version>") only after the core said it is durable.
import { openStation } from '../../../main/core/station'

const dataDir = process.argv[2]
const station = await openStation({ dataDir, compactAfterBytes: 64 * 1024 })
const { persons } = station
process.stdout.write('ready\n')

async function writer(lane: number): Promise<never> {
  for (let i = 0; ; i++) {
    const code = `K${lane}-${i % 25}`
    const existing = persons.getByCode(code)
    const person = existing
      ? await persons.edit(existing.id, { note: `lane ${lane} round ${i}`, department: `D${i}` }, existing.version, 'kill-test')
      : await persons.add({ code, name: `Kill ${lane} ${i}`, type: 'employee', phone: '+8613800138000' }, 'kill-test')
    process.stdout.write(`ack ${person.id} ${person.version}\n`)
  }
}

await Promise.all([writer(1), writer(2), writer(3)])
