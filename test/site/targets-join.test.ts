/**
 * Joining a site with back ends: upload sends the desk's up and merges one the site already has
 * under the same id by the site's rules (the later edit of each field, group mappings group by
 * group), keeping the desk's secrets for the same back end; replace retires the desk's back ends
 * and takes the site's, which then need their secrets on this desk.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { join } from 'node:path'
import { openStation, type Station } from '../../main/core/station'
import { FileSecretVault } from '../../main/core/targets/secrets'
import { enrollAsync } from '../helpers/cli'
import { startSiteHub } from '../helpers/site-hub'
import { tempDir } from '../helpers/temp'
import { startSimulator } from '../simulators'
import { waitFor } from '../sync/helpers'

test('joining with back ends: upload merges the same id field by field and group by group, replace takes the site’s', async () => {
  const hub = await startSiteHub()
  const sim = await startSimulator('sophon', { requiredHeader: { name: 'X-Gate-Key', value: 'gate-key-join' } })
  const { baseUrl, settings, secrets } = sim.credentials
  const root = tempDir('site-targets-join-')
  const stations: Station[] = []
  const open = async (name: string) => {
    const station = await openStation({ dataDir: join(root, name) })
    stations.push(station)
    return station
  }
  try {
    // desk W configured "Gates" first, at another address: the site's later edit of the address wins at its join
    const w = await open('w')
    await w.targets.add({ name: 'Gates', kind: 'sophon', baseUrl: 'http://127.0.0.1:9', settings }, secrets, 'test')
    const x = await open('x')
    await x.targets.add({ name: 'Gates', kind: 'sophon', baseUrl, settings, mapping: { groups: { lobby: ['perm-lobby'] } } }, secrets, 'test')
    const joinedX = await x.site.join({ url: hub.url, user: 'x', password: 'x', mode: 'upload', desk: 'desk-x' })
    assert.deepEqual(joinedX.targets, { uploaded: 1, merged: 0, replaced: 0 })

    // desk Y configured the same back end later, with another group mapped and another expiry
    const y = await open('y')
    await y.targets.add({ name: 'Gates', kind: 'sophon', baseUrl, settings, mapping: { groups: { hall: ['perm-hall'] } }, expiryAction: 'delete' }, secrets, 'test')
    await y.targets.add({ name: 'Side door', kind: 'sophon', baseUrl, settings }, secrets, 'test')
    const joinedY = await y.site.join({ url: hub.url, user: 'y', password: 'y', mode: 'upload', desk: 'desk-y' })
    assert.deepEqual(joinedY.targets, { uploaded: 1, merged: 1, replaced: 0 })
    const merged = y.targets.require('gates')
    assert.deepEqual(merged.mapping.groups, { hall: ['perm-hall'], lobby: ['perm-lobby'] }, 'both desks’ group mappings stand')
    assert.equal(merged.expiryAction, 'delete', 'the later edit of a field wins')
    assert.equal(await y.targets.secretsNeeded('gates'), false, 'the same back end keeps the desk’s secrets')
    await waitFor(() => x.targets.get('side-door') !== undefined && Object.keys(x.targets.require('gates').mapping.groups).length === 2, 10_000)
    assert.equal(await x.targets.secretsNeeded('side-door'), true, 'a back end from another desk needs its secrets here')

    const joinedW = await w.site.join({ url: hub.url, user: 'w', password: 'w', mode: 'upload', desk: 'desk-w' })
    assert.deepEqual(joinedW.targets, { uploaded: 0, merged: 1, replaced: 0 })
    assert.equal(w.targets.require('gates').baseUrl, baseUrl, 'the later edit of the address wins')
    assert.deepEqual(await new FileSecretVault(join(root, 'w')).get('gates'), {}, 'secrets typed for another address are not kept for the merged back end')
    assert.equal(await w.targets.secretsNeeded('gates'), true)

    // desk Z points its "Gates" somewhere else and has one of its own: replace takes the site's
    const z = await open('z')
    await z.targets.add({ name: 'Gates', kind: 'sophon', baseUrl: 'http://127.0.0.1:9', settings, mapping: { groups: { staff: ['perm-staff'] } } }, secrets, 'test')
    await z.targets.add({ name: 'Only here', kind: 'sophon', baseUrl, settings }, secrets, 'test')
    const joinedZ = await z.site.join({ url: hub.url, user: 'z', password: 'z', mode: 'replace', desk: 'desk-z' })
    assert.deepEqual(joinedZ.targets, { uploaded: 0, merged: 0, replaced: 2 })
    assert.deepEqual(
      z.targets.list().map((target) => target.id),
      ['gates', 'side-door'],
    )
    assert.equal(z.targets.require('gates').baseUrl, baseUrl, 'the site’s back end')
    assert.deepEqual(z.targets.require('gates').mapping.groups, { hall: ['perm-hall'], lobby: ['perm-lobby'] })
    assert.equal(await z.targets.secretsNeeded('gates'), true, 'secrets typed for another address are not used for the site’s back end')
    const vault = new FileSecretVault(join(root, 'z'))
    assert.deepEqual(await vault.get('gates'), {})
    assert.deepEqual(await vault.get('only-here'), {}, 'a retired back end’s secrets go with it')
    assert.ok(hubDocIds(await fetchAll(hub.url)).includes('target:side-door'))
    assert.ok(!hubDocIds(await fetchAll(hub.url)).includes('target:only-here'), 'replace sends nothing up')

    // the admin at desk Z, with the command line: the list says what is missing, in either language
    for (const station of stations.splice(0)) await station.close()
    const zDir = join(root, 'z')
    const gatesBlock = async (...lang: string[]) => {
      const listed = await enrollAsync(zDir, ...lang, 'target', 'list')
      assert.equal(listed.status, 0, listed.stderr)
      return listed.stdout.split('\n\n').find((block) => block.startsWith('Gates')) ?? ''
    }
    assert.match(await gatesBlock(), /secrets needed on this desk/)
    assert.match(await gatesBlock('--lang', 'zh-CN'), /本登记台需要填写密钥/)
    const edited = await enrollAsync(zDir, 'target', 'edit', 'Gates', '--header', `X-Gate-Key: ${secrets['header:X-Gate-Key']}`)
    assert.equal(edited.status, 0, edited.stderr)
    assert.doesNotMatch(await gatesBlock(), /secrets needed/)
    assert.deepEqual(await vault.get('gates'), secrets)
  } finally {
    for (const station of stations) await station.close()
    await sim.close()
    await hub.close()
  }
})

async function fetchAll(url: string): Promise<{ rows: Array<{ id: string }> }> {
  return (await (await fetch(`${url}/enroll-register/_all_docs`)).json()) as { rows: Array<{ id: string }> }
}

function hubDocIds(all: { rows: Array<{ id: string }> }): string[] {
  return all.rows.map((row) => row.id)
}
