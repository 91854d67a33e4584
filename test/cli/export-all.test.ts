/**
 * Export writes every person, past any page size: `enroll export` (which calls the csv.export
 * channel and writes the file) and the UI's csv.export channel, on a register of more than 10,000 persons.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { openStation } from '../../main/core/station'
import { seedSyntheticRegister, syntheticPerson } from '../helpers/synthetic-people'
import { enroll } from '../helpers/cli'
import { tempDir } from '../helpers/temp'
import { contractCaller } from '../helpers/contract-caller'

const SIZE = 10_250

/** Written straight through the store in a few transactions: seconds, not an fsync per person. */
async function seed(dataDir: string): Promise<void> {
  const station = await openStation({ dataDir })
  await seedSyntheticRegister(station.store, SIZE, null)
  await station.close()
}

function codesIn(bytes: Buffer): string[] {
  return (parse(bytes, { bom: true, columns: true }) as Array<Record<string, string>>).map((row) => row.code)
}

test(`enroll export and csv.export write all ${SIZE.toLocaleString('en')} persons and say so`, async () => {
  const data = tempDir()
  await seed(data)
  const expected = Array.from({ length: SIZE }, (_, i) => syntheticPerson(i).code).sort()

  const file = join(data, '..', `export-all-${process.pid}.csv`)
  const cli = enroll(data, 'export', file, '--json')
  assert.equal(cli.status, 0, cli.stderr)
  assert.equal(cli.json<{ count: number }>().count, SIZE)
  const fromCli = codesIn(readFileSync(file))
  assert.equal(fromCli.length, SIZE)
  assert.deepEqual([...fromCli].sort(), expected)

  const station = await openStation({ dataDir: data, readOnly: true })
  const { base64, count } = await contractCaller(station).ok('csv.export', {})
  await station.close()
  assert.equal(count, SIZE)
  assert.deepEqual(codesIn(Buffer.from(base64, 'base64')).sort(), expected)
})
