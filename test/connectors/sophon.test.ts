import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, test } from 'node:test'
import { ConnectorFailure } from '../../main/core/connectors/types'
import { startSimulator, type SimulatorOf } from '../simulators'
import { connectorFor, failure, makeJpeg, makePerson } from './fixtures'

describe('SophonFogSys connector against the SophonFogSys simulator', () => {
  let sim: SimulatorOf<'sophon'>
  let photo: Buffer
  const PERMISSIONS = { staff: ['f4add9c0-4212-4064-a045-b6185cf00501'], lab: ['bb982244-ce4e-469d-ab5f-34314dd0c09a'] }

  before(async () => {
    sim = await startSimulator('sophon', { seed: 7, faceGroups: ['lobby'], requiredHeader: { name: 'X-Api-Key', value: 'k-123' } })
    photo = await makeJpeg(480, 640)
  })
  after(() => sim.close())
  beforeEach(() => sim.setFaults({}))

  const connector = (settings: Record<string, unknown> = {}) => connectorFor(sim, 'sophon', { settings, mapping: { groups: PERMISSIONS } })

  test('create sends the face, the type and the permission groups; identity_id is the code', async () => {
    const person = makePerson({ code: 'S-001', type: 'vip', groups: ['staff', 'lab'] })
    const result = await connector().push({ op: 'upsert', person, photoJpeg: photo, remoteId: null })
    assert.deepEqual(result, { remoteId: 'S-001', created: true })
    const record = sim.records().find((r) => r.remoteId === 'S-001')
    assert.equal(record?.name, '张三')
    assert.deepEqual(record?.raw.info, { type: 5, permission_ids: [...PERMISSIONS.staff, ...PERMISSIONS.lab], name: '张三' })
    assert.deepEqual(record?.raw.group_name, ['default_group'])
  })

  test('update changes name, type, groups and photo; disable empties the permissions; delete removes', async () => {
    const person = makePerson({ code: 'S-002', groups: ['staff'] })
    await connector({ faceGroup: 'lobby' }).push({ op: 'upsert', person, photoJpeg: photo, remoteId: null })
    const imageBefore = sim.records().find((r) => r.remoteId === 'S-002')?.raw.image_id
    const edited = { ...person, name: 'Visitor Wang', type: 'visitor' as const, groups: ['lab'] }
    await connector().push({ op: 'upsert', person: edited, photoJpeg: await makeJpeg(300, 400), remoteId: 'S-002' })
    let record = sim.records().find((r) => r.remoteId === 'S-002')
    assert.deepEqual(record?.raw.info, { type: 2, permission_ids: PERMISSIONS.lab, name: 'Visitor Wang' })
    assert.deepEqual(record?.raw.group_name, ['lobby'])
    assert.notEqual(record?.raw.image_id, imageBefore)

    await connector().push({ op: 'disable', person: edited, photoJpeg: null, remoteId: 'S-002' })
    record = sim.records().find((r) => r.remoteId === 'S-002')
    assert.deepEqual((record?.raw.info as { permission_ids: unknown }).permission_ids, [])

    await connector().push({ op: 'delete', person: edited, photoJpeg: null, remoteId: 'S-002' })
    assert.equal(sim.records().find((r) => r.remoteId === 'S-002'), undefined)
    const again = await connector().push({ op: 'delete', person: edited, photoJpeg: null, remoteId: 'S-002' })
    assert.equal(again.detail, 'not on SophonFogSys')
  })

  test('a push repeated after a crash: "already exists" is success, then an update; one remote person', async () => {
    const person = makePerson({ code: 'S-CRASH' })
    await connector().push({ op: 'upsert', person, photoJpeg: photo, remoteId: null })
    const creates = sim.stats().creates
    const again = await connector().push({ op: 'upsert', person: { ...person, name: 'After crash' }, photoJpeg: photo, remoteId: null })
    assert.deepEqual(again, { remoteId: 'S-CRASH', created: false })
    assert.equal(sim.stats().creates, creates)
    assert.deepEqual(
      sim.records().filter((r) => r.remoteId === 'S-CRASH').map((r) => r.name),
      ['After crash'],
    )
  })

  test('no photo and not on the box: refused at the desk and by the push, with the box’s message', async () => {
    const person = makePerson({ code: 'S-NOFACE' })
    const change = { op: 'upsert' as const, person, photoJpeg: null, remoteId: null }
    assert.deepEqual(connector().validate(change).map((i) => i.field), ['photo'])
    const error = await failure(connector().push(change), 'refused')
    assert.equal(error.reason, 'not_found')
    assert.equal(error.remoteMessage, 'identity_id S-NOFACE not found')
    assert.match(error.message, /needs a face photo/)
  })

  test('a photo over the box’s limit is refused with its message (413); within the connector limit it is re-encoded', async () => {
    const big = await makeJpeg(1600, 1600, { noise: true, quality: 95 })
    const strict = await startSimulator('sophon', { maxPhotoBytes: 100_000 })
    try {
      const loose = connectorFor(strict, 'sophon')
      const error = await failure(loose.push({ op: 'upsert', person: makePerson({ code: 'S-BIG' }), photoJpeg: big, remoteId: null }), 'refused')
      assert.equal(error.status, 413)
      assert.equal(error.remoteCode, 413)
      assert.match(error.remoteMessage ?? '', /the limit is 100000/)
      const fitted = connectorFor(strict, 'sophon', { settings: { maxPhotoBytes: 100_000 } })
      const ok = await fitted.push({ op: 'upsert', person: makePerson({ code: 'S-BIG' }), photoJpeg: big, remoteId: null })
      assert.equal(ok.created, true)
    } finally {
      await strict.close()
    }
  })

  test('an unknown face group and a wrong header are refused with the box’s own words', async () => {
    const groupError = await failure(
      connector({ faceGroup: 'nope' }).push({ op: 'upsert', person: makePerson({ code: 'S-GRP' }), photoJpeg: photo, remoteId: null }),
      'refused',
    )
    assert.equal(groupError.remoteMessage, 'face group "nope" is unknown')
    const headerError = await failure(connectorFor(sim, 'sophon', { secrets: { 'header:X-Api-Key': 'wrong' } }).testConnection(), 'refused')
    assert.equal(headerError.reason, 'credentials')
    assert.equal(headerError.remoteMessage, 'missing or wrong X-Api-Key header')
  })

  test('a type the box does not know is stopped when the connector is built', () => {
    assert.throws(() => connectorFor(sim, 'sophon', { mapping: { types: { vip: '9' } } }), /mapping\.types\.vip: "9" is not one of 1, 2, 3, 4, 5/)
  })

  test('testConnection probes without changing anything', async () => {
    const before = sim.stats()
    assert.match((await connector().testConnection()).message, /answers/)
    const afterProbe = sim.stats()
    assert.equal(afterProbe.creates + afterProbe.updates + afterProbe.deletes, before.creates + before.updates + before.deletes)
  })

  test('server errors and timeouts are retry failures; the box’s 5xx body is kept', async () => {
    sim.setFaults({ error5xx: 1 })
    const error = await failure(connector().push({ op: 'upsert', person: makePerson({ code: 'S-5XX' }), photoJpeg: photo, remoteId: null }), 'retry')
    assert.equal(error.remoteMessage, 'internal server error')
    sim.setFaults({ timeout: 1 })
    const slow = connectorFor(sim, 'sophon', { options: { timeoutMs: 150 } })
    const timeout = await failure(slow.push({ op: 'upsert', person: makePerson({ code: 'S-HANG' }), photoJpeg: photo, remoteId: null }), 'retry')
    assert.match(timeout.message, /no answer within 0\.15 s/)
  })

  test('the caller’s own abort (the worker stopping) is rethrown as an abort, not a remote failure', async () => {
    sim.setFaults({ timeout: 1 })
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 50)
    await assert.rejects(
      connector().push({ op: 'upsert', person: makePerson({ code: 'S-ABORT' }), photoJpeg: photo, remoteId: null }, controller.signal),
      (error: Error) => error.name === 'AbortError' && !(error instanceof ConnectorFailure),
    )
  })

  test('a stopped box is a retry; started again on the same port it works', async () => {
    const port = sim.port
    await sim.stop()
    await failure(connector().testConnection(), 'retry')
    await sim.start()
    assert.equal(sim.port, port)
    assert.match((await connector().testConnection()).message, /answers/)
  })
})
