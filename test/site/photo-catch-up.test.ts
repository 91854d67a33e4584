/**
 * A desk holds every site person's photo file: one missing when the desk starts (it had not
 * arrived when the desk stopped, or the file was lost since) is fetched from the site again.
 * Two stations in this process and the in-process hub (over real HTTP), a real face photo.
 */
import assert from 'node:assert/strict'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { afterEach, describe, it } from 'node:test'
import type { Person } from '../../common/model/person'
import { openStation } from '../../main/core/station'
import { photoPath } from '../../main/core/photos/photo-files'
import { ensureFaceFixtures } from '../face/helpers'
import { tempDir } from '../helpers/temp'
import { until } from './until'
import { hubAndStations } from './hub-and-stations'

const USERS = { 'desk-a': 'secret-a', 'desk-b': 'secret-b' }

describe('site mode: a photo file missing at a desk', { timeout: 60_000 }, () => {
  const site = hubAndStations(USERS)
  // the desks close before the test's folders are removed (tempDir)
  afterEach(async () => {
    for (const station of site.stations.splice(0)) await station.close()
  })

  it('is fetched from the site when the desk starts', async () => {
    const fx = await ensureFaceFixtures()
    const a = await site.joinedStation('desk-a', { dataDir: tempDir('site-catch-up-a-'), resolver: true })
    const dirB = tempDir('site-catch-up-b-')
    const b = await site.joinedStation('desk-b', { dataDir: dirB })
    const photo = await a.photos.fromFile(readFileSync(fx.faceB), 'file')
    const person = await a.persons.add({ type: 'employee', code: 'E-CATCH', name: 'Catchup Zhou', photo }, 'desk-a')
    await a.site.settle()
    const fileAtB = photoPath(dirB, photo.hash)
    await until('the person and the photo file at B', async () => {
      await b.site.settle()
      return Boolean(b.store.get<Person>('persons', person.id)) && existsSync(fileAtB)
    })
    await b.close()
    site.stations.splice(site.stations.indexOf(b), 1)
    rmSync(fileAtB)

    const reopened = await openStation({ dataDir: dirB })
    site.stations.push(reopened)
    await until('the photo file at B again', async () => existsSync(fileAtB))
    assert.ok(readFileSync(fileAtB).equals(readFileSync(photoPath(a.dataDir, photo.hash))), 'the same JPEG')
    assert.ok(reopened.store.get<Person>('persons', person.id)?.photo, 'the person still has the photo')
  })
})
