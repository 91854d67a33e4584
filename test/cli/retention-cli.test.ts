/**
 * `enroll purge-expired --dry-run` lists the visitors whose visit ended longer ago than the station
 * keeps them and changes no byte of the data folder; without --dry-run they are purged.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Person } from '../../common/model/person'
import type { RetentionRun } from '../../common/settings/retention'
import { enroll } from '../helpers/cli'
import { tempDir } from '../helpers/temp'

const DAY = 24 * 60 * 60 * 1000
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString()

function snapshot(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>()
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) files.set(join(entry.parentPath, entry.name), readFileSync(join(entry.parentPath, entry.name)))
  }
  return files
}

test('enroll purge-expired --dry-run lists without changing a byte; enroll purge-expired purges', () => {
  const data = tempDir()
  const old = enroll(data, 'person', 'add', '--name', '旧访客', '--code', 'V-OLD', '--phone', '13911112222', '--valid-from', daysAgo(32), '--valid-until', daysAgo(31))
  assert.equal(old.status, 0, old.stderr)
  const recent = enroll(data, 'person', 'add', '--name', '新访客', '--code', 'V-NEW', '--valid-from', daysAgo(2), '--valid-until', daysAgo(1))
  assert.equal(recent.status, 0, recent.stderr)

  const before = snapshot(data)
  const dry = enroll(data, 'purge-expired', '--dry-run')
  assert.equal(dry.status, 0, dry.stderr)
  assert.match(dry.stdout, /^would purge 1 visitor \(visit ended more than 30 days ago, before \S+\) and 0 photo files; nothing was changed$/m)
  assert.match(dry.stdout, /^ {2}V-OLD +旧访客 +visit ended /m)
  assert.doesNotMatch(dry.stdout, /V-NEW/)
  assert.deepEqual(snapshot(data), before, 'the dry run left every file as it was')

  const purged = enroll(data, 'purge-expired', '--json')
  assert.equal(purged.status, 0, purged.stderr)
  assert.deepEqual(purged.json<RetentionRun>().visitors.map((v) => v.code), ['V-OLD'])
  const left = enroll(data, 'person', 'list', '--json').json<Person[]>()
  assert.deepEqual(left.map((p) => p.code), ['V-NEW'])
})
