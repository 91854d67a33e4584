/** `--photo` and the CSV file the CLI reads: regular files only, with a size cap, refused naming the field. */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { writeFileSync, truncateSync } from 'node:fs'
import { enroll } from '../helpers/cli'
import { tempDir } from '../helpers/temp'

test('--photo /dev/zero, a folder or an oversized file is refused naming the field, and nothing is stored', () => {
  const data = tempDir()
  const big = join(data, '..', `big-${process.pid}.jpg`)
  writeFileSync(big, '')
  truncateSync(big, 26 * 1024 * 1024)
  const cases: Array<[string, RegExp]> = [
    ['/dev/zero', /^enroll: photo: "\/dev\/zero" is not a regular file\n$/],
    ['/tmp', /^enroll: photo: "\/tmp" is not a regular file\n$/],
    [big, /^enroll: photo: ".*big-\d+\.jpg" is 26\.0 MB; at most 25 MB\n$/],
  ]
  for (const [path, message] of cases) {
    const result = enroll(data, 'person', 'add', '--name', 'Zero', '--photo', path)
    assert.equal(result.status, 2, `${path}: ${result.stderr}`)
    assert.match(result.stderr, message)
  }
  const imported = enroll(data, 'import', '/dev/zero')
  assert.equal(imported.status, 2)
  assert.match(imported.stderr, /^enroll: file: "\/dev\/zero" is not a regular file\n$/)
  assert.equal(enroll(data, 'person', 'list', '--json').json<unknown[]>().length, 0)
})
