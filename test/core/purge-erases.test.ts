/**
 * The recycle bin's "delete permanently" (`person.purge`, `enroll person purge`) erases a person
 * as thoroughly as the retention purge: after closing and reopening, no file of the data folder
 * holds their name, phone or ID number (not the audit trail, the journal, a shard's copy or the
 * outbox), their photo files are gone unless another person uses one, the descriptor file no
 * longer holds their id, and the audit trail keeps the purge (when, who) without a value. The
 * SophonFogSys simulator still gets the delete, and on a site desk the purge reaches the other
 * desk as a removal, which erases them there too (the site's leveldb databases aside until the
 * desk scrubs them a minute later: test/site/purge-erases.test.ts).
 */
import { describe, it, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { userInfo } from 'node:os'
import { join } from 'node:path'
import type { Person } from '../../common/model/person'
import { openStation, type Station } from '../../main/core/station'
import { DESCRIPTOR_FILE } from '../../main/core/face/face-store'
import { photoPath } from '../../main/core/photos/photo-files'
import { ensureFaceFixtures } from '../face/helpers'
import type { FaceFixtures } from '../../scripts/make-face-fixtures'
import { addSimTarget, openTestStation } from '../sync/helpers'
import { startSimulator } from '../simulators'
import { contractCaller } from '../helpers/contract-caller'
import { filesHolding } from '../helpers/files-holding'
import { enroll } from '../helpers/cli'
import { tempDir } from '../helpers/temp'
import { hubAndStations } from '../site/hub-and-stations'
import { until } from '../site/until'

const photoInput = (path: string) => ({ base64: readFileSync(path).toString('base64'), source: 'file' as const })

interface Secrets {
  name: string
  phone: string
  laterPhone: string
  idNumber: string
}

/** A person enrolled with a face photo, then edited (a new phone, a retaken photo) so that older copies of them exist. */
async function enrollAndEdit(station: Station, fx: FaceFixtures, code: string, secrets: Secrets): Promise<{ person: Person; earlierPhoto: string }> {
  const call = contractCaller(station, { actor: 'desk' })
  const added = await call.ok('person.add', {
    code,
    name: secrets.name,
    type: 'employee',
    phone: secrets.phone,
    certificate: { type: 'id_card', number: secrets.idNumber },
    company: `${secrets.name} Trading`,
    photo: photoInput(fx.faceA),
  })
  let person = await call.ok('person.edit', { id: added.id, version: added.version, note: `reach at ${secrets.phone}` })
  person = await call.ok('person.edit', { id: person.id, version: person.version, phone: secrets.laterPhone })
  person = await call.ok('person.setPhoto', { id: person.id, version: person.version, photo: photoInput(fx.faceC) })
  return { person, earlierPhoto: added.photo!.hash }
}

/** Their descriptor is in the descriptor file, their values in the shards, the journal and the audit trail. */
async function assertOnDisk(station: Station, person: Person, secrets: Secrets): Promise<void> {
  const report = await contractCaller(station).ok('face.status', {})
  assert.equal(report.failed, 0, 'the face photos are described')
  await station.store.compact()
  assert.ok(readFileSync(join(station.dataDir, DESCRIPTOR_FILE)).includes(Buffer.from(person.id)), 'the descriptor file holds them before the purge')
  for (const secret of Object.values(secrets)) assert.ok(filesHolding(station.dataDir, secret).length > 0, `${secret} is on disk before the purge`)
}

/** After the purge, reopened: nothing of theirs in any file, the purge in the audit trail without a value. */
async function assertErased(dataDir: string, person: Person, secrets: Secrets, actor: string): Promise<Station> {
  const station = await openStation({ dataDir })
  assert.equal(station.persons.get(person.id), undefined)
  for (const secret of [...Object.values(secrets), secrets.phone.replace('+86', ''), secrets.laterPhone.replace('+86', '')]) {
    assert.deepEqual(filesHolding(dataDir, secret), [], `${secret} is in no file of the data folder`)
  }
  assert.equal(existsSync(photoPath(dataDir, person.photo!.hash)), false, 'their photo file is gone')
  assert.equal(readFileSync(join(dataDir, DESCRIPTOR_FILE)).includes(Buffer.from(person.id)), false, 'the descriptor file no longer holds them')
  const history = await station.persons.history(person.id)
  const purge = history.at(-1)!
  assert.equal(purge.action, 'purge')
  assert.equal(purge.actor, actor)
  assert.ok(Date.now() - Date.parse(purge.at) < 10 * 60_000, 'the purge says when')
  assert.ok(history.length >= 5, 'the earlier changes are still listed')
  assert.deepEqual(history.filter((entry) => entry.changes !== undefined), [], 'no entry keeps a value')
  return station
}

test('person.purge erases the person everywhere (audit values, older copies, photos, descriptor) and the back end gets the delete', async () => {
  const fx = await ensureFaceFixtures()
  const sim = await startSimulator('sophon')
  const dataDir = tempDir()
  let station = await openTestStation(dataDir)
  const secrets = { name: 'Purgeme Zhangsan', phone: '+8613977778888', laterPhone: '+8613966665555', idNumber: '110101199003074573' }
  try {
    await addSimTarget(station, sim, 'fog')
    await station.sync.start()
    const { person, earlierPhoto } = await enrollAndEdit(station, fx, 'E-PURGE', secrets)
    // their first photo is also this colleague's: that file stays
    const colleague = await contractCaller(station).ok('person.add', { code: 'E-KEEP', name: 'Keeper Lisi', type: 'employee', photo: photoInput(fx.faceA) })
    assert.equal(colleague.photo!.hash, earlierPhoto)
    assert.equal(await station.sync.worker.whenIdle(10_000), true)
    assert.ok(sim.records().some((record) => record.personCode === 'E-PURGE'), 'the back end has them before the purge')
    await assertOnDisk(station, person, secrets)

    const call = contractCaller(station, { actor: 'admin' })
    assert.deepEqual(await call.ok('person.purge', { id: 'E-PURGE' }), { id: person.id, code: 'E-PURGE' })
    const again = await call.refused('person.purge', { id: person.id })
    assert.equal(again.code, 'not_found')
    assert.equal(await station.sync.worker.whenIdle(10_000), true)
    assert.ok(!sim.records().some((record) => record.personCode === 'E-PURGE'), 'the back end was told to delete them')
    assert.ok(sim.records().some((record) => record.personCode === 'E-KEEP'))
    await station.close()

    station = await assertErased(dataDir, person, secrets, 'admin')
    assert.equal(existsSync(photoPath(dataDir, earlierPhoto)), true, 'the photo another person uses stays')
    assert.ok(filesHolding(dataDir, 'Keeper Lisi').length > 0, 'the colleague is still on disk')
  } finally {
    await station.close()
    await sim.close()
  }
})

test('enroll person purge erases the person the same way', async () => {
  const fx = await ensureFaceFixtures()
  const dataDir = tempDir()
  let station = await openStation({ dataDir })
  const secrets = { name: 'Clipurge Wangwu', phone: '+8613844443333', laterPhone: '+8613822221111', idNumber: '440305198512123458' }
  try {
    const { person, earlierPhoto } = await enrollAndEdit(station, fx, 'E-CLI', secrets)
    await assertOnDisk(station, person, secrets)
    await station.close()

    const purged = enroll(dataDir, 'person', 'purge', 'E-CLI', '--json')
    assert.equal(purged.status, 0, purged.stderr)
    assert.deepEqual(purged.json(), { id: person.id, code: 'E-CLI' })

    // the CLI run without --operator is the data folder's owner
    station = await assertErased(dataDir, person, secrets, `local:${userInfo().username}`)
    assert.equal(existsSync(photoPath(dataDir, earlierPhoto)), false, 'their earlier photo, no one else’s, is gone too')
  } finally {
    await station.close()
  }
})

describe('a purge on a site desk', { timeout: 60_000 }, () => {
  const users = { 'desk-a': 'secret-a', 'desk-b': 'secret-b' }
  const site = hubAndStations(users)

  it('reaches the other desk as a removal, which erases the person there too', async () => {
    const fx = await ensureFaceFixtures()
    const secrets = { name: 'Sitepurge Zhaoliu', phone: '+8613711112222', laterPhone: '+8613733334444', idNumber: '110101199003074573' }
    const a = await site.joinedStation('desk-a', { dataDir: tempDir('purge-site-a-'), resolver: true })
    const b = await site.joinedStation('desk-b', { dataDir: tempDir('purge-site-b-') })
    const { person } = await enrollAndEdit(a, fx, 'E-SITE', secrets)
    await a.site.settle()
    await until('the person and their photo file at B', async () => {
      await b.site.settle()
      return b.persons.get(person.id) && existsSync(photoPath(b.dataDir, person.photo!.hash))
    })

    await contractCaller(a, { actor: 'admin' }).ok('person.purge', { id: person.id })
    await a.site.settle()
    await until('the removal applied at B', async () => {
      await b.site.settle()
      return !b.persons.get(person.id)
    })
    await b.site.settle()
    for (const station of [a, b]) {
      await station.store.compact()
      const leftovers = Object.values(secrets).flatMap((secret) => filesHolding(station.dataDir, secret).map((file) => `${secret} in ${file}`))
      assert.deepEqual(
        leftovers.filter((found) => !found.includes(` in ${join('site', 'db')}/`)),
        [],
        `${station.dataDir}: nothing of theirs outside the site databases`,
      )
      assert.equal(existsSync(photoPath(station.dataDir, person.photo!.hash)), false)
    }
  })
})
