/**
 * Retention of visitors' personal data: a visitor whose visit ended 31 days ago is purged — no
 * photo file, no face descriptor, no field anywhere in the data folder (journal, shards and their
 * copies, audit trail, outbox), and the SophonFogSys simulator gets the delete — while yesterday's
 * visitor, an old employee and everything else stay; a dry run lists and changes no byte.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Person } from '../../common/model/person'
import { openStation, type Station } from '../../main/core/station'
import { registerFaces } from '../../main/core/face/register-faces'
import { FaceStore } from '../../main/core/face/face-store'
import { photoPath } from '../../main/core/photos/photo-files'
import { PURGE_ACTION, visitEnd } from '../../main/core/persons/retention'
import { DESCRIPTOR_LENGTH } from '../../common/face/descriptor-length'
import { makeJpeg } from '../connectors/fixtures'
import { addSimTarget, withSim } from '../sync/helpers'
import { contractCaller } from '../helpers/contract-caller'
import { tempDir } from '../helpers/temp'

const DAY = 24 * 60 * 60 * 1000
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString()

/** Every file under the data folder, by relative path, with its bytes. */
function filesOf(dir: string, prefix = ''): Map<string, Buffer> {
  const files = new Map<string, Buffer>()
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const path = join(prefix, entry.name)
    if (entry.isDirectory()) for (const [inner, bytes] of filesOf(dir, path)) files.set(inner, bytes)
    else files.set(path, readFileSync(join(dir, path)))
  }
  return files
}

function filesHolding(dir: string, text: string): string[] {
  const needle = Buffer.from(text)
  return [...filesOf(dir)].filter(([, bytes]) => bytes.includes(needle)).map(([path]) => path)
}

function randomDescriptor(): Float32Array {
  return Float32Array.from({ length: DESCRIPTOR_LENGTH }, () => Math.random() - 0.5)
}

async function visitor(station: Station, fields: { code: string; name: string; phone: string; passport: string; photoWidth: number }): Promise<Person> {
  const photo = await station.photos.fromFile(await makeJpeg(fields.photoWidth, 300), 'file')
  const person = await station.persons.add(
    { code: fields.code, name: fields.name, phone: fields.phone, certificate: { type: 'passport', number: fields.passport }, company: `${fields.name} Ltd`, photo },
    'desk',
  )
  return station.persons.edit(person.id, { note: `visiting with ${fields.phone}` }, person.version, 'desk')
}

/** Moves a visit into the past: it ended `days` ago. */
function visitEnded(station: Station, person: Person, days: number): Promise<Person> {
  const current = station.persons.require(person.id)
  return station.persons.edit(person.id, { validFrom: daysAgo(days + 1), validUntil: daysAgo(days) }, current.version, 'desk')
}

async function pastVisitor(station: Station, fields: Parameters<typeof visitor>[1] & { endedDaysAgo: number }): Promise<Person> {
  return visitEnded(station, await visitor(station, fields), fields.endedDaysAgo)
}

test('the visit ends at validUntil, at deletion if sooner, else at the last change', () => {
  const base = { validUntil: null, deletedAt: null, updatedAt: '2026-01-05T00:00:00.000Z' }
  assert.equal(visitEnd(base), '2026-01-05T00:00:00.000Z')
  assert.equal(visitEnd({ ...base, validUntil: '2026-01-03T00:00:00.000Z' }), '2026-01-03T00:00:00.000Z')
  assert.equal(visitEnd({ ...base, validUntil: '2026-03-01T00:00:00.000Z', deletedAt: '2026-01-02T00:00:00.000Z' }), '2026-01-02T00:00:00.000Z')
})

test('a visitor whose visit ended 31 days ago is purged everywhere and the back end gets the delete; yesterday’s visitor stays', async () => {
  await withSim('sophon', async (sim, station) => {
    const target = await addSimTarget(station, sim, 'fog')
    await station.sync.start()
    let old = await visitor(station, { code: 'V-OLD', name: 'Oldvisit Xiaoming', phone: '+8613911112222', passport: 'RX7654321', photoWidth: 240 })
    let recent = await visitor(station, { code: 'V-NEW', name: 'Recent Lihua', phone: '+8613933334444', passport: 'RY1234567', photoWidth: 241 })
    const employee = await station.persons.add({ code: 'E1', name: 'Old Employee', type: 'employee', validUntil: daysAgo(400), validFrom: daysAgo(800) }, 'desk')
    // both visits were pushed while they lasted, then ended
    assert.equal(await station.sync.worker.whenIdle(10_000), true)
    assert.ok(sim.records().some((record) => record.personCode === 'V-OLD'), 'the old visitor reached the back end before the purge')
    old = await visitEnded(station, old, 31)
    recent = await visitEnded(station, recent, 1)
    // a retaken photo: the first one is no one's now, but it is still the visitor's face on disk
    const firstPhoto = old.photo!.hash
    old = await station.persons.setPhoto(old.id, await station.photos.fromFile(await makeJpeg(245, 300), 'file'), 'desk')
    assert.equal(await station.sync.worker.whenIdle(10_000), true)

    const faces = await registerFaces(station)
    await faces.store.putMany([
      { key: old.id, descriptor: randomDescriptor(), blacklist: false, photoHash: old.photo!.hash },
      { key: recent.id, descriptor: randomDescriptor(), blacklist: false, photoHash: recent.photo!.hash },
    ])
    // the old visitor's history is in the audit files and the shards, as after weeks of use
    await station.store.compact()
    assert.ok(filesHolding(station.dataDir, 'Oldvisit Xiaoming').length > 0, 'the name is on disk before the purge')

    const call = contractCaller(station, { actor: 'admin' })
    const run = await call.ok('retention.purgeExpired', {})
    assert.equal(run.dryRun, false)
    assert.equal(run.visitorDays, 30, 'the default keeps visitors 30 days after their visit')
    assert.deepEqual(run.visitors.map((v) => v.code), ['V-OLD'])
    assert.equal(run.photos, 2, 'the current photo and the earlier one')

    assert.equal(station.persons.get(old.id), undefined)
    assert.ok(station.persons.get(recent.id), 'yesterday’s visitor is kept')
    assert.ok(station.persons.get(employee.id), 'employees are not purged by age')
    assert.equal(existsSync(photoPath(station.dataDir, old.photo!.hash)), false, 'the photo file is gone')
    assert.equal(existsSync(photoPath(station.dataDir, firstPhoto)), false, 'so is the earlier one')
    assert.equal(existsSync(photoPath(station.dataDir, recent.photo!.hash)), true)
    assert.equal(faces.store.has(old.id), false)
    assert.equal(faces.store.has(recent.id), true)

    assert.equal(await station.sync.worker.whenIdle(10_000), true)
    assert.ok(sim.stats().deletes >= 1, 'the back end was told')
    assert.ok(!sim.records().some((record) => record.personCode === 'V-OLD'), 'the back end no longer has the visitor')
    assert.ok(sim.records().some((record) => record.personCode === 'V-NEW'))

    const history = await station.persons.history(old.id)
    assert.deepEqual(history.at(-1)?.action, PURGE_ACTION)
    assert.ok(history.length >= 4, 'the audit trail still says what happened and when')
    assert.deepEqual(history.filter((entry) => entry.changes !== undefined), [], 'but no entry keeps a value')
    assert.ok(history.some((entry) => entry.actor === 'desk') && history.at(-1)?.actor === 'admin')

    await station.store.compact()
    for (const secret of ['Oldvisit Xiaoming', '+8613911112222', 'RX7654321', old.photo!.hash, firstPhoto]) {
      assert.deepEqual(filesHolding(station.dataDir, secret), [], `${secret} is nowhere in the data folder`)
    }
    assert.ok(filesHolding(station.dataDir, 'Recent Lihua').length > 0, 'the kept visitor is still on disk')
    assert.ok(station.store.get('sync', `${recent.id}:${target.id}`))
  })
})

test('the descriptor file loses the purged visitor’s bytes, not only the index entry', async () => {
  const dataDir = tempDir()
  const station = await openStation({ dataDir })
  let oldId = ''
  try {
    const old = await pastVisitor(station, { code: 'V1', name: 'Gone Soon', phone: '+8613955556666', passport: 'RZ1111111', endedDaysAgo: 40, photoWidth: 242 })
    oldId = old.id
    await (await registerFaces(station)).store.put({ key: old.id, descriptor: randomDescriptor(), blacklist: false, photoHash: old.photo!.hash })
    assert.ok(filesHolding(dataDir, old.id).includes(join('faces', 'descriptors.bin')))
    await station.retention.run({ actor: 'admin' })
  } finally {
    await station.close()
  }
  assert.ok(!filesHolding(dataDir, oldId).includes(join('faces', 'descriptors.bin')))
  const reopened = await FaceStore.open(dataDir)
  assert.equal(reopened.has(oldId), false)
  await reopened.close()
})

test('a dry run lists who would go and changes no byte; "keep forever" purges nobody', async () => {
  const dataDir = tempDir()
  const station = await openStation({ dataDir })
  try {
    await pastVisitor(station, { code: 'V1', name: 'Would Go', phone: '+8613977778888', passport: 'RW2222222', endedDaysAgo: 31, photoWidth: 243 })
    await pastVisitor(station, { code: 'V2', name: 'Would Stay', phone: '+8613999990000', passport: 'RW3333333', endedDaysAgo: 1, photoWidth: 244 })
    await station.store.compact()
    const call = contractCaller(station, { actor: 'admin' })
    const before = filesOf(dataDir)
    const dry = await call.ok('retention.purgeExpired', { dryRun: true })
    assert.deepEqual(
      dry.visitors.map((v) => [v.code, v.name]),
      [['V1', 'Would Go']],
    )
    assert.equal(dry.photos, 1)
    assert.deepEqual(filesOf(dataDir), before, 'every file byte for byte as before')

    const settings = await call.ok('settings.set', { retention: { visitorDays: null } })
    assert.equal(settings.retention.visitorDays, null)
    const kept = await call.ok('retention.purgeExpired', {})
    assert.deepEqual([kept.visitorDays, kept.visitors], [null, []])
    assert.equal(station.persons.list({ type: 'visitor' }).total, 2)

    await call.ok('settings.set', { retention: { visitorDays: 60 } })
    assert.deepEqual((await call.ok('retention.purgeExpired', { dryRun: true })).visitors, [], 'within 60 days nobody is due')
    const refused = await call.refused('settings.set', { retention: { visitorDays: 0 } })
    assert.equal(refused.issues?.[0]?.field, 'retention.visitorDays')
  } finally {
    await station.close()
  }
})

test('the daily run purges a minute after the station starts, then once a day', async (t) => {
  const station = await openStation({ dataDir: tempDir() })
  try {
    const first = await pastVisitor(station, { code: 'V1', name: 'First Day', phone: '+8613900000001', passport: 'RD1000001', endedDaysAgo: 31, photoWidth: 246 })
    t.mock.timers.enable({ apis: ['setTimeout'] })
    const warnings: string[] = []
    const stop = station.retention.daily((message) => warnings.push(message))
    // the clock of the timers is mocked, not Date: real time still bounds the wait for the purge's file work
    const settled = async (done: () => boolean, ms = 500) => {
      const until = Date.now() + ms
      while (!done() && Date.now() < until) await new Promise((resolve) => setImmediate(resolve))
    }
    t.mock.timers.tick(59_000)
    await settled(() => false)
    assert.ok(station.persons.get(first.id), 'not in the first minute: opening the app stays quick')
    t.mock.timers.tick(1_000)
    await settled(() => !station.persons.get(first.id), 30_000)
    assert.equal(station.persons.get(first.id), undefined, 'purged by the first run')
    // the next day is counted from the end of this run: it is shared, so this waits for it to finish
    await station.retention.run({ actor: 'test' })

    const second = await pastVisitor(station, { code: 'V2', name: 'Second Day', phone: '+8613900000002', passport: 'RD1000002', endedDaysAgo: 31, photoWidth: 247 })
    await settled(() => false)
    t.mock.timers.tick(DAY - 1_000)
    await settled(() => false)
    assert.ok(station.persons.get(second.id), 'the next run is a day after the first')
    t.mock.timers.tick(1_000)
    await settled(() => !station.persons.get(second.id), 30_000)
    assert.equal(station.persons.get(second.id), undefined, 'purged by the next day’s run')
    stop()
    assert.deepEqual(warnings, [])
  } finally {
    await station.close()
  }
})
