/**
 * Site mode, back ends: two desks as processes (each with its sync worker and pusher leases) and
 * one hub. A back end added at desk A with a group mapping arrives at desk B with the same id and
 * mapping, never with its secrets (no document on the hub holds one); B says it needs them and
 * never claims the back end's lease. A mapping changed at B reaches A; a back end removed at A
 * leaves B and its lease goes. Once B is given the secrets and A stops, B takes the lease and
 * pushes to the back end.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { TargetView } from '../../common/targets/target-view'
import { HubDatabase } from '../../main/core/site/lease/hub-documents'
import { leaseDocumentId, type LeaseDocument } from '../../main/core/site/lease/pusher-lease'
import { makeJpeg } from '../connectors/fixtures'
import { startSiteHub, type SiteHub } from '../helpers/site-hub'
import { tempDir } from '../helpers/temp'
import { startSimulator, type Simulator } from '../simulators'
import { until } from './until'
import { DeskProcess } from './desk-process'

const USERS = { 'desk-a': 'secret-a', 'desk-b': 'secret-b' }
const SITE_DATABASES = ['register', 'photos', 'audit', 'push'].map((name) => `enroll-${name}`)

describe('site mode: back ends and their group mappings are the site’s, their secrets stay on each desk', { timeout: 120_000 }, () => {
  let hub: SiteHub
  let sim: Simulator
  let a: DeskProcess
  let b: DeskProcess
  let push: HubDatabase
  const dirA = tempDir('site-targets-a-')
  const dirB = tempDir('site-targets-b-')
  const credentials = () => ({ user: 'desk-a', password: USERS['desk-a'] })

  const targetAt = async (desk: DeskProcess, id: string): Promise<TargetView | undefined> => (await desk.call('target.list', {})).find((target) => target.id === id)
  const leaseHolder = async (targetId: string): Promise<string | null> => (await push.get<LeaseDocument>(leaseDocumentId(targetId)))?.holder ?? null

  /** Every document in every site database on the hub, as text. */
  async function hubText(): Promise<string> {
    const texts = await Promise.all(
      SITE_DATABASES.map(async (name) => {
        const response = await fetch(`${hub.url}/${name}/_all_docs?include_docs=true`, {
          headers: { authorization: `Basic ${Buffer.from(`${credentials().user}:${credentials().password}`).toString('base64')}` },
        })
        assert.equal(response.status, 200, `${name} readable on the hub`)
        return response.text()
      }),
    )
    return texts.join('\n')
  }

  before(async () => {
    hub = await startSiteHub({ users: USERS })
    // the deployment's own header: the back end's secret, which only the desks' vaults may hold
    sim = await startSimulator('sophon', { seed: 16, requiredHeader: { name: 'X-Gate-Key', value: 'gate-key-never-on-the-hub-7f3a' } })
    push = new HubDatabase(`${hub.url}/enroll-push`, { credentials: credentials() })
    a = new DeskProcess('desk-a', dirA, { push: true })
    b = new DeskProcess('desk-b', dirB, { push: true })
    await Promise.all([a.ready, b.ready])
    await a.call('site.join', { url: hub.url, user: 'desk-a', password: USERS['desk-a'], desk: 'desk-a' })
    await b.call('site.join', { url: hub.url, user: 'desk-b', password: USERS['desk-b'], desk: 'desk-b' })
    // the workers start after joining: a desk's leases start with its worker
    await Promise.all([a.startSync(), b.startSync()])
  })
  after(async () => {
    await Promise.all([a, b].map((desk) => desk?.close().catch(() => desk.kill())))
    await sim?.close()
    await hub?.close()
  })

  it('a back end added at A with a group mapping is at B with the same id and mapping, without its secrets; only A holds its lease', async () => {
    await a.call('group.add', { id: 'lobby', name: 'Lobby' })
    const { baseUrl, settings, secrets } = sim.credentials
    const added = await a.call('target.add', { name: 'Gates', kind: 'sophon', baseUrl, settings, secrets, mapping: { groups: { lobby: ['perm-lobby'] } } })
    const addedAt = performance.now()
    assert.equal(added.secretsNeeded, null, 'A has the secrets it was given')
    const atB = await until('the back end listed at B', () => targetAt(b, added.id))
    console.log(`# figure: back end added at desk A → listed at desk B ${Math.round(performance.now() - addedAt)} ms`)
    assert.deepEqual(atB.mapping.groups, { lobby: ['perm-lobby'] })
    assert.equal(atB.baseUrl, baseUrl)
    assert.deepEqual(atB.settings, added.settings)
    assert.equal(atB.secretsNeeded?.messageCode, 'target.secrets_needed_here', 'B says it needs the secrets')
    assert.ok(Object.values(atB.secrets).every((set) => !set), 'B holds none of them')

    const text = await hubText()
    assert.ok(text.includes(`"target:${added.id}"`), 'the back end is a register document on the hub')
    for (const [key, value] of Object.entries(secrets)) assert.ok(!text.includes(value), `the secret ${key} is in no document on the hub`)

    assert.ok(Object.keys(secrets).length > 0 && Object.values(atB.secrets).length === Object.keys(secrets).length, 'B knows which secrets it lacks')
    await until('A holds the lease', async () => (await leaseHolder(added.id)) === 'desk-a')
    // B takes no part, yet its status says who pushes there
    await until('B’s status names A as the pusher', async () => (await b.call('site.status', {})).pushers?.find((p) => p.targetId === added.id)?.holder === 'desk-a')
  })

  it('a mapping changed at B reaches A', async () => {
    const [target] = await b.call('target.list', {})
    await b.call('target.mapGroup', { target: target.id, group: 'lobby', remoteIds: ['perm-lobby', 'perm-night'] })
    const mappedAt = performance.now()
    await until('the mapping at A', async () => JSON.stringify((await targetAt(a, target.id))?.mapping.groups) === JSON.stringify({ lobby: ['perm-lobby', 'perm-night'] }))
    console.log(`# figure: group mapping changed at desk B → at desk A ${Math.round(performance.now() - mappedAt)} ms`)
    assert.equal((await targetAt(a, target.id))?.secretsNeeded, null, 'A keeps its secrets')
  })

  it('a back end removed at A leaves B, and its lease goes', async () => {
    const { baseUrl, settings, secrets } = sim.credentials
    const spare = await a.call('target.add', { name: 'Spare gates', kind: 'sophon', baseUrl, settings, secrets })
    await until('the spare back end at B', () => targetAt(b, spare.id))
    await until('A holds the spare lease', async () => (await leaseHolder(spare.id)) === 'desk-a')
    await a.call('target.remove', { id: spare.id })
    await until('the spare back end gone from B', async () => !(await targetAt(b, spare.id)))
    await until('the spare lease handed back', async () => (await leaseHolder(spare.id)) === null)
  })

  it('with A stopped, B claims no lease without the secrets; given them, B takes the lease and pushes to the back end', async () => {
    const [target] = await b.call('target.list', {})
    await a.close()
    await until('A handed the lease back', async () => (await leaseHolder(target.id)) === null)
    // B's worker runs all along and the lease is free: a desk without the secrets never claims it
    await new Promise((resolve) => setTimeout(resolve, 2_000))
    assert.equal(await leaseHolder(target.id), null, 'nobody holds the lease')
    const edited = await b.call('target.edit', { id: target.id, patch: {}, secrets: sim.credentials.secrets })
    const enteredAt = performance.now()
    assert.equal(edited.secretsNeeded, null, 'B has the secrets now')
    await until('B holds the lease', async () => (await leaseHolder(target.id)) === 'desk-b', 15_000)
    console.log(`# figure: secrets entered at desk B → B holds the free lease ${Math.round(performance.now() - enteredAt)} ms`)
    const photo = { base64: (await makeJpeg(240, 300)).toString('base64'), source: 'file' as const }
    const person = await b.call('person.add', { code: 'T16', name: 'Site pusher', type: 'employee', groups: ['lobby'], photo })
    const record = await until('the person at the back end', async () => sim.records().find((r) => r.personCode === person.code && !r.deleted))
    assert.match(JSON.stringify(record.raw), /perm-night/, 'pushed with the site’s group mapping')
  })
})
