import { test } from 'node:test'
import assert from 'node:assert/strict'
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { Person } from '../../common/model/person'
import type { ImportReport } from '../../main/core/csv/csv-service'
import { ensureFaceFixtures } from '../../scripts/make-face-fixtures'
import { enroll } from '../helpers/cli'
import { tempDir } from '../helpers/temp'

test('import with photos: crops kept, non-face and corrupt refused with reasons, duplicates and blacklist flagged', async () => {
  const faces = await ensureFaceFixtures()
  const data = tempDir()
  const photos = join(data, '..', `photos-${process.pid}`)
  mkdirSync(photos, { recursive: true })
  for (const file of [faces.faceA, faces.faceAAgain, faces.faceB, faces.faceC, faces.noFace, faces.corrupt]) copyFileSync(file, join(photos, basename(file)))

  const banned = enroll(data, 'person', 'add', '--name', 'Banned Person', '--type', 'blacklist', '--reason', 'stole a laptop, 2026-10-01', '--photo', faces.faceB, '--json')
  assert.equal(banned.status, 0, banned.stderr)

  const csv = join(data, 'people.csv')
  writeFileSync(
    csv,
    [
      'code,name,type,photo',
      `E1,Alice,employee,${basename(faces.faceA)}`,
      `E2,Alice Again,employee,${basename(faces.faceAAgain)}`,
      `E3,Looks Banned,employee,${basename(faces.faceB)}`,
      `E4,Nobody,employee,${basename(faces.noFace)}`,
      `E5,Broken,employee,${basename(faces.corrupt)}`,
      `E6,Carol,employee,${basename(faces.faceC)}`,
    ].join('\n'),
  )
  const result = enroll(data, 'import', csv, '--photos', photos, '--json')
  assert.equal(result.status, 3, result.stderr)
  const report = result.json<ImportReport>()
  assert.equal(report.created, 4)
  assert.deepEqual(report.failed.map((f) => [f.line, f.field]), [
    [5, 'photo'],
    [6, 'photo'],
  ])
  assert.match(report.failed[0].message, /no face/i)
  assert.match(report.failed[1].message, /not a readable image|corrupt|cannot be read|damaged/i)

  const note = (line: number) => report.photoNotes.find((n) => n.line === line)
  assert.deepEqual(note(3)?.matches.map((m) => [m.code, m.blacklist]), [['E1', false]], 'the same face again is a possible duplicate')
  const blacklistMatch = note(4)?.matches[0]
  assert.ok(blacklistMatch?.blacklist, 'a blacklisted face is flagged')
  assert.equal(blacklistMatch.name, 'Banned Person')
  assert.match(blacklistMatch.reason, /laptop/)
  assert.deepEqual(note(7)?.matches ?? [], [], 'a new face matches nobody (an accepted weakness may still be noted)')

  const carol = enroll(data, 'person', 'show', 'E6', '--json').json<Person>()
  assert.deepEqual([carol.photo?.width, carol.photo?.height], [480, 640])

  const text = enroll(data, 'person', 'add', '--name', 'Walk-in', '--photo', faces.faceB)
  assert.equal(text.status, 0, 'a warning does not block the desk')
  assert.match(text.stderr, /BLACKLIST MATCH: this face looks like Banned Person/)
})
