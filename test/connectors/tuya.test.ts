import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, test } from 'node:test'
import { startSimulator, type SimulatorOf } from '../simulators'
import { connectorFor, failure, makeJpeg, makePerson } from './fixtures'

describe('Tuya connector against the Tuya simulator', () => {
  let sim: SimulatorOf<'tuya'>
  let photo: Buffer
  const STAFF = '1466612511766855002'
  const VISITORS = '1466612511766855003'

  before(async () => {
    sim = await startSimulator('tuya', { seed: 4 })
    photo = await makeJpeg(480, 640)
  })
  after(() => sim.close())
  beforeEach(() => sim.setFaults({}))

  const withUpload = (mapping = {}) =>
    connectorFor(sim, 'tuya', { mapping: { groups: { staff: [STAFF], guests: [VISITORS] }, ...mapping }, options: { uploadTuyaFace: (jpeg) => sim.uploadFace(jpeg) } })

  test('create looks the code up, adds, and returns the personId Tuya assigned', async () => {
    const connector = withUpload()
    const person = makePerson({ code: 'T-CREATE', groups: ['staff'], photo: { hash: 'a'.repeat(64), width: 480, height: 640, bytes: photo.length, quality: 87.5, source: 'camera', capturedAt: '2025-03-01T08:00:00.000Z' } })
    const result = await connector.push({ op: 'upsert', person, photoJpeg: photo, remoteId: null })
    assert.equal(result.created, true)
    const record = sim.records().find((r) => r.remoteId === result.remoteId)
    assert.ok(record)
    assert.equal(record.personCode, 'T-CREATE')
    assert.equal(record.name, '张三')
    assert.equal(record.raw.mobile_country, '+86')
    assert.equal(record.raw.mobile, '13800138000')
    assert.equal(record.raw.sex, 1)
    assert.deepEqual(record.raw.structure_ids, [STAFF])
    assert.equal(record.raw.image_rating, 87.5)
    assert.match(String(record.raw.image_path), /^saas\/building\/building_faceImg\//)
  })

  test('a code listed after a page of longer codes that contain it (F1 among F10…F199) is found, not added again', async () => {
    const connector = withUpload()
    sim.preload(Array.from({ length: 190 }, (_, i) => ({ remoteId: `9000${i + 10}`, personCode: `F${i + 10}`, name: `F${i + 10}` })))
    const first = await connector.push({ op: 'upsert', person: makePerson({ code: 'F1', groups: ['staff'] }), photoJpeg: null, remoteId: null })
    assert.equal(first.created, true)
    // a retry after a lost reply, without the remote id: must find F1 behind 190 partial matches
    const again = await connector.push({ op: 'upsert', person: makePerson({ code: 'F1', name: 'Renamed', groups: ['staff'] }), photoJpeg: null, remoteId: null })
    assert.equal(again.created, false)
    assert.equal(again.remoteId, first.remoteId)
    assert.equal(sim.records().filter((r) => r.personCode === 'F1').length, 1)
  })

  test('update changes name, group (structure) and photo; disable and delete follow', async () => {
    const connector = withUpload()
    const person = makePerson({ code: 'T-UPDATE', groups: ['staff'] })
    const { remoteId } = await connector.push({ op: 'upsert', person, photoJpeg: null, remoteId: null })
    const newPhoto = await makeJpeg(300, 400)
    const edited = { ...person, name: 'Li Si', groups: ['guests'], gender: 'female' as const }
    const update = await connector.push({ op: 'upsert', person: edited, photoJpeg: newPhoto, remoteId })
    assert.deepEqual(update, { remoteId, created: false })
    let record = sim.records().find((r) => r.remoteId === remoteId)
    assert.equal(record?.name, 'Li Si')
    assert.equal(record?.raw.sex, 2)
    assert.deepEqual(record?.raw.structure_ids, [VISITORS])
    assert.notEqual(record?.raw.image_path, '')

    await connector.push({ op: 'disable', person: edited, photoJpeg: null, remoteId })
    record = sim.records().find((r) => r.remoteId === remoteId)
    assert.equal(record?.enabled, false)

    await connector.push({ op: 'delete', person: edited, photoJpeg: null, remoteId })
    record = sim.records().find((r) => r.remoteId === remoteId)
    assert.equal(record?.deleted, true)
  })

  test('a push repeated after a crash (remote id never recorded) leaves exactly one remote person', async () => {
    const connector = withUpload()
    const person = makePerson({ code: 'T-CRASH' })
    const first = await connector.push({ op: 'upsert', person, photoJpeg: photo, remoteId: null })
    const creates = sim.stats().creates
    // The station crashed before writing first.remoteId: the queue pushes again without it.
    const second = await connector.push({ op: 'upsert', person: { ...person, name: 'After crash' }, photoJpeg: photo, remoteId: null })
    assert.equal(second.remoteId, first.remoteId)
    assert.equal(second.created, false)
    assert.equal(sim.stats().creates, creates)
    const mine = sim.records().filter((r) => r.personCode === 'T-CRASH')
    assert.equal(mine.length, 1)
    assert.equal(mine[0].name, 'After crash')
  })

  test('a person without phone, e-mail or certificate is added with those fields left out (Tuya refuses them empty)', async () => {
    const sent: Array<Record<string, unknown>> = []
    const recording: typeof fetch = async (url, init) => {
      if (init?.body) sent.push(JSON.parse(String(init.body)) as Record<string, unknown>)
      return fetch(url, init)
    }
    const connector = connectorFor(sim, 'tuya', { options: { fetch: recording } })
    const person = makePerson({ code: 'T-NOPHONE', phone: null, email: null, certificate: null })
    const { remoteId, created } = await connector.push({ op: 'upsert', person, photoJpeg: null, remoteId: null })
    assert.equal(created, true)
    for (const field of ['mobile', 'mobileCountry', 'email', 'certNo', 'certType', 'certArea']) assert.ok(!(field in sent[0]), `${field} is left out of the add`)
    // an edit of a person who never had them sends none either, and is accepted
    sent.length = 0
    await connector.push({ op: 'upsert', person: { ...person, name: 'Still no phone' }, photoJpeg: null, remoteId, filledBefore: [] })
    assert.ok(!('mobile' in sent[0]) && !('email' in sent[0]))
    const record = sim.records().find((r) => r.remoteId === remoteId)
    assert.deepEqual([record?.name, record?.raw.mobile, record?.raw.email], ['Still no phone', '', ''])
  })

  test('a phone removed locally is cleared only where Tuya holds one; Tuya refusing the empty mobile is said plainly', async () => {
    const connector = withUpload()
    const person = makePerson({ code: 'T-CLEAR', email: null })
    const { remoteId } = await connector.push({ op: 'upsert', person, photoJpeg: null, remoteId: null })
    const withoutPhone = { ...person, phone: null, version: 2 }
    const refused = await failure(connector.push({ op: 'upsert', person: withoutPhone, photoJpeg: null, remoteId, filledBefore: ['phone'] }), 'refused')
    assert.equal(refused.remoteCode, 1109)
    assert.equal(refused.remoteMessage, 'param is illegal, please check it: mobile')
    assert.match(refused.message, /the station was clearing mobile \(empty now, set before\): if Tuya takes no empty value there, clear it in Tuya itself/)
    // someone removes it in Tuya by hand; the retry reads the detail, sees nothing to clear, and passes
    sim.editInConsole(remoteId, { mobile: '', mobileCountry: '' })
    const retried = await connector.push({ op: 'upsert', person: withoutPhone, photoJpeg: null, remoteId, filledBefore: ['phone'] })
    assert.deepEqual(retried, { remoteId, created: false })
    // found by a lookup (no linked id), the listed row says whether there is anything to clear
    const other = makePerson({ code: 'T-CLEAR2', phone: null })
    await connector.push({ op: 'upsert', person: other, photoJpeg: null, remoteId: null })
    const again = await connector.push({ op: 'upsert', person: { ...other, name: 'Found by code' }, photoJpeg: null, remoteId: null, filledBefore: ['phone'] })
    assert.equal(again.created, false)
  })

  test('a reply lost after Tuya added the person does not make a second one', async () => {
    // Tuya handles the add, then the answer never arrives: the connector only sees a network error.
    const losingAdds: typeof fetch = async (url, init) => {
      const response = await fetch(url, init)
      if (init?.method === 'POST') throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } })
      return response
    }
    const person = makePerson({ code: 'T-LOST' })
    const creates = sim.stats().creates
    const flaky = connectorFor(sim, 'tuya', { options: { fetch: losingAdds, retryInPlace: { baseMs: 1 } } })
    // the add is not repeated blindly: the lookup after the failed add finds the person it made
    const result = await flaky.push({ op: 'upsert', person, photoJpeg: null, remoteId: null })
    assert.equal(result.created, true)
    assert.equal(sim.stats().creates, creates + 1)
    assert.equal(sim.records().filter((r) => r.personCode === 'T-LOST').length, 1)
    // and a later push without the remote id (a crash before it was kept) edits that one
    const again = await withUpload().push({ op: 'upsert', person, photoJpeg: null, remoteId: null })
    assert.deepEqual(again, { remoteId: result.remoteId, created: false })
    assert.equal(sim.records().filter((r) => r.personCode === 'T-LOST').length, 1)
  })

  test('an add that never reached Tuya is tried again only after a lookup, within the push', async () => {
    const calls: string[] = []
    let failAdds = 2
    const refusingAdds: typeof fetch = async (url, init) => {
      const path = new URL(String(url)).pathname
      calls.push(`${init?.method} ${path.replace('/v1.0/iot-02/building/personnel', '…')}`)
      if (init?.method === 'POST' && failAdds-- > 0) throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } })
      return fetch(url, init)
    }
    const connector = connectorFor(sim, 'tuya', { options: { fetch: refusingAdds, retryInPlace: { baseMs: 1 } } })
    await connector.testConnection()
    calls.length = 0
    const result = await connector.push({ op: 'upsert', person: makePerson({ code: 'T-RETRYADD' }), photoJpeg: null, remoteId: null })
    assert.equal(result.created, true)
    assert.equal(sim.records().filter((r) => r.personCode === 'T-RETRYADD').length, 1)
    // list (enabled, then disabled), recycle bin (both), add ✗, list, add ✗, list, add ✓, list
    const lookups = (n: number) => Array.from({ length: n }, () => 'GET …')
    assert.deepEqual(calls, [...lookups(2), 'GET …/recycle-list', 'GET …/recycle-list', 'POST …', ...lookups(2), 'POST …', ...lookups(2), 'POST …', 'GET …'])
  })

  test('a person found by code is reported at once, so a failing edit after it does not lose the id', async () => {
    const person = makePerson({ code: 'T-FOUND' })
    const { remoteId } = await withUpload().push({ op: 'upsert', person, photoJpeg: null, remoteId: null })
    const failingEdits: typeof fetch = async (url, init) => {
      if (init?.method === 'PUT') throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } })
      return fetch(url, init)
    }
    const learned: string[] = []
    const connector = connectorFor(sim, 'tuya', { options: { fetch: failingEdits, retryInPlace: { baseMs: 1 } } })
    await failure(connector.push({ op: 'upsert', person: { ...person, name: 'Edited' }, photoJpeg: null, remoteId: null }, undefined, { remoteId: (id) => learned.push(id) }), 'retry')
    assert.deepEqual(learned, [remoteId])
  })

  test('lookups and edits are retried in place; a failure that outlasts the tries is the queue’s to retry', async () => {
    const connector = connectorFor(sim, 'tuya', { options: { retryInPlace: { tries: 4, baseMs: 1 } } })
    const person = makePerson({ code: 'T-INPLACE' })
    const { remoteId } = await connector.push({ op: 'upsert', person, photoJpeg: null, remoteId: null })
    const before = sim.stats().requests
    sim.setFaults({ error5xx: 1 })
    const failed = await failure(connector.push({ op: 'upsert', person: { ...person, name: 'Edited' }, photoJpeg: null, remoteId }), 'retry')
    assert.match(failed.remoteMessage ?? '', /system error/)
    assert.equal(sim.stats().requests - before, 4, 'the edit was tried four times, then given up')
    sim.setFaults({ rateLimit: 1, retryAfterSeconds: 60 })
    const limited = await failure(connector.push({ op: 'upsert', person, photoJpeg: null, remoteId }), 'retry')
    assert.equal(limited.retryAfterMs, 60_000, 'a pause longer than the in-place limit is left to the queue')
    assert.equal(sim.stats().requests - before, 5)
  })

  test('a reply lost by the simulator is a retry failure', async () => {
    sim.setFaults({ lostReply: 1 })
    await failure(withUpload().testConnection(), 'retry')
  })

  test('a deleted person pushed again is recovered from the recycle bin, not added twice', async () => {
    const connector = withUpload()
    const person = makePerson({ code: 'T-RECYCLE' })
    const { remoteId } = await connector.push({ op: 'upsert', person, photoJpeg: null, remoteId: null })
    await connector.push({ op: 'delete', person, photoJpeg: null, remoteId })
    const again = await connector.push({ op: 'upsert', person, photoJpeg: null, remoteId: null })
    assert.equal(again.remoteId, remoteId)
    assert.match(again.detail ?? '', /recycle bin/)
    const mine = sim.records().filter((r) => r.personCode === 'T-RECYCLE')
    assert.deepEqual(mine.map((r) => r.deleted), [false])
  })

  test('the code lookup is exact: a longer code containing ours is not taken for it', async () => {
    const connector = withUpload()
    await connector.push({ op: 'upsert', person: makePerson({ code: 'X12' }), photoJpeg: null, remoteId: null })
    const result = await connector.push({ op: 'upsert', person: makePerson({ code: 'X1' }), photoJpeg: null, remoteId: null })
    assert.equal(result.created, true)
  })

  test('a wrong secret is refused with Tuya’s own code and message', async () => {
    const connector = connectorFor(sim, 'tuya', { secrets: { clientSecret: 'wrong-secret' } })
    const error = await failure(connector.testConnection(), 'refused')
    assert.equal(error.remoteCode, 1004)
    assert.equal(error.remoteMessage, 'sign invalid')
    assert.equal(error.reason, 'credentials')
  })

  test('a clock outside Tuya’s window is refused (1013) and says to check the clock', async () => {
    const connector = connectorFor(sim, 'tuya', { options: { now: () => Date.now() - 3_600_000 } })
    const error = await failure(connector.testConnection(), 'refused')
    assert.equal(error.remoteCode, 1013)
    assert.match(error.message, /clock/)
  })

  test('an expiring token is renewed once inside the push; the caller never sees it', async () => {
    const connector = withUpload()
    await connector.testConnection()
    const logins = sim.stats().logins
    sim.setFaults({ tokenExpiresEveryCalls: 2 })
    for (let i = 0; i < 3; i++) await connector.push({ op: 'upsert', person: makePerson({ code: `T-TOK${i}` }), photoJpeg: null, remoteId: null })
    assert.ok(sim.stats().logins > logins)
  })

  test('a token expiring on every call surfaces as reauth, with Tuya’s message', async () => {
    const connector = withUpload()
    sim.setFaults({ tokenExpiresEveryCalls: 0 })
    const error = await failure(connector.push({ op: 'upsert', person: makePerson({ code: 'T-EXP' }), photoJpeg: null, remoteId: null }), 'reauth')
    assert.equal(error.remoteCode, 1010)
    assert.equal(error.remoteMessage, 'token is expired')
  })

  test('a stale linked id falls back to the code; an unknown one in a mapping is refused', async () => {
    const connector = withUpload()
    const person = makePerson({ code: 'T-STALE' })
    const { remoteId } = await connector.push({ op: 'upsert', person, photoJpeg: null, remoteId: null })
    const result = await connector.push({ op: 'upsert', person, photoJpeg: null, remoteId: '999' })
    assert.equal(result.remoteId, remoteId)

    const badStructure = withUpload({ groups: { staff: ['no-such-structure'] } })
    const error = await failure(badStructure.push({ op: 'upsert', person: { ...person, groups: ['staff'] }, photoJpeg: null, remoteId }), 'refused')
    assert.equal(error.remoteCode, 1109)
    assert.match(error.remoteMessage ?? '', /structureId/)
  })

  test('a photo over the upload limit is re-encoded to fit; photos are skipped without an upload hook', async () => {
    const big = await makeJpeg(1800, 2400, { noise: true, quality: 95 })
    assert.ok(big.length > 1024 * 1024, `fixture should exceed 1 MB, is ${big.length}`)
    const connector = withUpload()
    const { remoteId } = await connector.push({ op: 'upsert', person: makePerson({ code: 'T-BIG' }), photoJpeg: big, remoteId: null })
    assert.notEqual(sim.records().find((r) => r.remoteId === remoteId)?.raw.image_path, '')

    const plain = connectorFor(sim, 'tuya')
    assert.equal(plain.capabilities.photo, false)
    assert.match(plain.capabilities.notes.map((note) => note.en).join(' '), /upload step the document does not show/)
    const other = await plain.push({ op: 'upsert', person: makePerson({ code: 'T-NOPHOTO' }), photoJpeg: big, remoteId: null })
    assert.equal(sim.records().find((r) => r.remoteId === other.remoteId)?.raw.image_path, '')
  })

  test('missing name, a face the upload refuses, and nothing to disable: each said plainly', async () => {
    const noName = await failure(withUpload().push({ op: 'upsert', person: makePerson({ code: 'T-NONAME', name: '' }), photoJpeg: null, remoteId: null }), 'refused')
    assert.equal(noName.remoteCode, 1100)
    assert.equal(noName.remoteMessage, 'param is empty: name')

    const big = await makeJpeg(1600, 2000, { noise: true, quality: 92 })
    const loose = connectorFor(sim, 'tuya', { settings: { maxPhotoBytes: 4 * 1024 * 1024, maxPhotoSide: 4000 }, options: { uploadTuyaFace: (jpeg) => sim.uploadFace(jpeg) } })
    const tooBig = await failure(loose.push({ op: 'upsert', person: makePerson({ code: 'T-HUGE' }), photoJpeg: big, remoteId: null }), 'refused')
    assert.match(tooBig.remoteMessage ?? '', /more than the 1048576 allowed/)

    const absent = await withUpload().push({ op: 'disable', person: makePerson({ code: 'T-ABSENT' }), photoJpeg: null, remoteId: '999' })
    assert.deepEqual(absent, { remoteId: '999', created: false, detail: 'not on Tuya' })
  })

  test('5xx, 429 with Retry-After and resets are retry failures', async () => {
    const connector = withUpload()
    await connector.testConnection()
    sim.setFaults({ error5xx: 1 })
    const server = await failure(connector.testConnection(), 'retry')
    assert.equal(server.remoteMessage, 'system error, please contact the admin')
    sim.setFaults({ rateLimit: 1, retryAfterSeconds: 7 })
    const limited = await failure(connector.testConnection(), 'retry')
    assert.equal(limited.retryAfterMs, 7000)
    assert.equal(limited.remoteCode, 1199)
    sim.setFaults({ reset: 1 })
    await failure(connector.testConnection(), 'retry')
  })
})
