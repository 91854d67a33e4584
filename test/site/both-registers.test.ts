/**
 * One store interface above both registers: the same contract calls give the same answers on a
 * single desk and on a desk joined to a site (persons, groups, search, recycle bin, bulk actions,
 * CSV export, refusals), and what the site desk did is what a second desk of the site then holds.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { isDeepStrictEqual } from 'node:util'
import type { Channel, ChannelInput, ChannelResult } from '../../common/contract'
import { createHandlers, dispatch } from '../../main/core/api/handlers'
import { openStation, type Station } from '../../main/core/station'
import type { Person } from '../../common/model/person'
import { startSiteHub, type SiteHub } from '../helpers/site-hub'
import { tempDir } from '../helpers/temp'

type Call = <C extends Channel>(channel: C, input: ChannelInput<C>) => Promise<ChannelResult<C>>

function caller(station: Station): Call {
  const handlers = createHandlers(station, 'desk')
  return async (channel, input) => {
    const outcome = await dispatch(handlers, channel, input)
    if (!outcome.ok) throw Object.assign(new Error(outcome.error.message), { shape: outcome.error })
    return outcome.result as never
  }
}

/** What a desk's answers say, without what differs by nature (ids, times, who). */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (key, inner) => (['id', 'personId', 'createdAt', 'updatedAt', 'validFrom', 'validUntil', 'deletedAt', 'at', 'base64'].includes(key) ? typeof inner : inner))
}

/** The same work, through the contract, on any desk; its answers in order. */
async function exercise(call: Call): Promise<unknown[]> {
  const answers: unknown[] = []
  const keep = (value: unknown) => answers.push(plain(value))
  keep(await call('group.add', { id: 'lobby', name: 'Lobby' }))
  keep(await call('group.add', { id: 'garage', name: 'Garage' }))
  const zhang = await call('person.add', { name: '张伟', type: 'employee', code: 'E2001', phone: '13800138000', groups: ['lobby'] })
  keep(zhang)
  const li = await call('person.add', { name: 'Li Na', type: 'employee', code: 'E2002', company: 'Acme', groups: ['lobby', 'garage'] })
  keep(li)
  keep(await call('person.add', { name: 'Zhao Lei', type: 'blacklist', code: 'B2001', reason: 'Threatened the reception staff' }))
  keep(await call('person.edit', { id: 'E2001', version: zhang.version, department: 'Sales' }))
  keep(await call('person.list', { text: 'acme' }))
  keep(await call('person.list', { group: 'lobby', sort: 'code' }))
  keep(await call('person.delete', { id: 'E2002' }))
  keep(await call('person.list', { deleted: 'only' }))
  keep(await call('person.restore', { id: 'E2002' }))
  keep(await call('person.bulk', { ids: [li.id, zhang.id], action: 'addGroups', groups: ['garage'] }))
  keep(await call('group.list', {}))
  keep(await call('person.add', { name: 'Someone', code: 'E2001', type: 'employee' }).catch((error: Error & { shape?: unknown }) => error.shape))
  keep(await call('group.delete', { id: 'garage' }).catch((error: Error & { shape?: unknown }) => error.shape))
  keep(await call('group.delete', { id: 'garage', detach: true }))
  keep(Buffer.from((await call('csv.export', {})).base64, 'base64').toString('utf8').split('\n').length)
  keep(await call('person.list', { sort: 'name' }))
  return answers
}

describe('the same contract on a single desk and on a site desk', { timeout: 120_000 }, () => {
  let hub: SiteHub
  const stations: Station[] = []
  before(async () => {
    hub = await startSiteHub({ users: { one: 'one-secret', two: 'two-secret' } })
  })
  after(async () => {
    for (const station of stations) await station.close()
    await hub?.close()
  })

  it('answers alike, and a second site desk ends up with the same register', async () => {
    const single = await openStation({ dataDir: tempDir('both-single-') })
    const site = await openStation({ dataDir: tempDir('both-site-') })
    stations.push(single, site)
    await caller(site)('site.join', { url: hub.url, user: 'one', password: 'one-secret', desk: 'desk-one' })
    assert.equal(single.site.active, false)
    assert.equal(site.site.active, true)

    const onSingle = await exercise(caller(single))
    const onSite = await exercise(caller(site))
    assert.deepEqual(onSite, onSingle)

    await site.site.settle()
    const second = await openStation({ dataDir: tempDir('both-second-') })
    stations.push(second)
    await caller(second)('site.join', { url: hub.url, user: 'two', password: 'two-secret', desk: 'desk-two', mode: 'replace' })
    const register = (station: Station) =>
      [...station.store.values<Person>('persons')].map(({ version: _version, ...person }) => ({ ...person, groups: [...person.groups].sort() })).sort((x, y) => x.id.localeCompare(y.id))
    const deadline = Date.now() + 20_000
    while (!isDeepStrictEqual(register(second), register(site)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100))
    assert.deepEqual(register(second), register(site))
    assert.deepEqual(
      second.groups.list().map((group) => group.id),
      ['lobby'],
    )
  })
})
