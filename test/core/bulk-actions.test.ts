import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Person } from '../../common/model/person'
import { openStation, type Station } from '../../main/core/station'
import { contractCaller } from '../helpers/contract-caller'
import { tempDir } from '../helpers/temp'

describe('person.bulk: one action over the selected persons (real register)', () => {
  let station: Station
  let api: ReturnType<typeof contractCaller>
  let people: Person[]
  const show = (person: Person) => api.ok('person.show', { id: person.id })

  before(async () => {
    station = await openStation({ dataDir: tempDir() })
    api = contractCaller(station, { actor: 'security.li' })
    await api.ok('group.add', { id: 'lobby', name: 'Lobby' })
    await api.ok('group.add', { id: 'lab', name: 'Lab' })
    people = []
    for (const name of ['Ann', 'Bo', 'Cai']) people.push(await api.ok('person.add', { name, type: 'visitor', groups: name === 'Ann' ? ['lobby'] : [] }))
  })
  after(() => station.close())

  test('adding a group counts only the persons it changed, and is audited per person', async () => {
    const outcome = await api.ok('person.bulk', { ids: people.map((p) => p.id), action: 'addGroups', groups: ['lobby'] })
    assert.deepEqual(outcome, { updated: 2, failed: [] })
    for (const person of people) assert.deepEqual((await show(person)).groups, ['lobby'])
    const history = await api.ok('person.history', { id: people[1].id })
    assert.equal(history.at(-1)?.actor, 'security.li')
    assert.deepEqual((await api.ok('person.bulk', { ids: [people[0].id], action: 'removeGroups', groups: ['lobby', 'lab'] })).updated, 1)
    assert.deepEqual((await show(people[0])).groups, [])
  })

  test('a group action needs groups that exist; nothing changes when refused', async () => {
    const none = await api.refused('person.bulk', { ids: [people[1].id], action: 'addGroups' })
    assert.match(none.message, /^groups: choose at least one group/)
    const unknown = await api.refused('person.bulk', { ids: [people[1].id], action: 'addGroups', groups: ['lab', 'nowhere'] })
    assert.match(unknown.message, /nowhere/)
    assert.deepEqual((await show(people[1])).groups, ['lobby'])
  })

  test('disable and enable skip persons already so', async () => {
    assert.equal((await api.ok('person.bulk', { ids: [people[0].id], action: 'disable' })).updated, 1)
    assert.equal((await api.ok('person.bulk', { ids: people.map((p) => p.id), action: 'disable' })).updated, 2)
    assert.equal((await show(people[2])).enabled, false)
    assert.equal((await api.ok('person.bulk', { ids: people.map((p) => p.id), action: 'enable' })).updated, 3)
  })

  test('delete goes one by one: a refusal is reported with its reason and spares the rest; restore brings them back', async () => {
    await api.ok('person.delete', { id: people[0].id })
    const outcome = await api.ok('person.bulk', { ids: people.map((p) => p.id), action: 'delete' })
    assert.equal(outcome.updated, 2)
    assert.equal(outcome.failed.length, 1)
    assert.equal(outcome.failed[0].id, people[0].id)
    assert.match(outcome.failed[0].message, /already in the recycle bin/)
    for (const person of people) assert.notEqual((await show(person)).deletedAt, null)
    assert.deepEqual(await api.ok('person.bulk', { ids: people.map((p) => p.id), action: 'restore' }), { updated: 3, failed: [] })
  })

  test('an empty selection is refused naming the field', async () => {
    const refusal = await api.refused('person.bulk', { ids: [], action: 'enable' })
    assert.match(refusal.message, /^ids: select at least one person/)
  })
})
