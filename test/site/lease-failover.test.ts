import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Person } from '../../common/model/person'
import { HubDatabase } from '../../main/core/site/lease/hub-documents'
import { leaseDocumentId, type LeaseDocument, type PusherLeaseOptions } from '../../main/core/site/lease/pusher-lease'
import { openStation, type Station } from '../../main/core/station'
import { FileSecretVault } from '../../main/core/targets/secrets'
import type { TargetConfig } from '../../common/targets/target-config'
import type { TargetKind } from '../../main/core/connectors/types'
import { startSimulator, type Simulator, type SimRecord } from '../simulators'
import { startSiteHub, type SiteHub } from '../helpers/site-hub'
import { REPO_ROOT, tempDir } from '../helpers/temp'
import { bundledChild } from '../helpers/child-bundle'
import { addSimTarget, FAST_SYNC, storedPhoto, waitFor } from '../sync/helpers'

/**
 * The acceptance for pushers: desks A and B both up (separate processes), one register
 * replicated through the site hub, five back ends; the desk holding the leases is SIGKILLed
 * mid-drain ROUNDS times and started again. Every back end ends with exactly one record per
 * person carrying the latest fields, and the leases move to the other desk each time.
 */
const ROUNDS = Number(process.env.SITE_FAILOVER_ROUNDS ?? 20)
const LEASE: PusherLeaseOptions = { durationMs: 1_200, renewEveryMs: 250, guardMs: 120 }
const KINDS: TargetKind[] = ['sophon', 'tuya', 'isdp', 'hyapi', 'yce']
const CODES = Array.from({ length: 24 }, (_, i) => `F${String(i).padStart(3, '0')}`)
const PREFIX = 'enroll'

const CHILD = bundledChild('test/site/children/pusher-desk.ts')

interface DeskProcess {
  name: 'desk-a' | 'desk-b'
  dataDir: string
  child: ChildProcess | null
  stderr: string
}

function startDesk(desk: DeskProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    // stdin stays open: the desk exits when it closes, so no desk outlives this test
    const child = spawn(process.execPath, [CHILD, desk.dataDir, JSON.stringify(LEASE)], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] })
    desk.child = child
    child.stderr!.on('data', (chunk) => (desk.stderr = (desk.stderr + chunk).slice(-4_000)))
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve()
    })
    child.once('exit', (code, signal) => {
      if (desk.child === child) desk.child = null
      if (signal !== 'SIGKILL' && code !== 0) reject(new Error(`${desk.name} exited (${code ?? signal}): ${desk.stderr}`))
    })
  })
}

function killDesk(desk: DeskProcess): Promise<void> {
  const child = desk.child!
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGKILL')
  })
}

function stopDesk(desk: DeskProcess): Promise<void> {
  const child = desk.child
  if (!child) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

/** Who holds each back end's lease, as the hub says, with the terms. */
async function leaseHolders(push: HubDatabase, targets: TargetConfig[]): Promise<Array<{ holder: string | null; term: number }>> {
  return Promise.all(
    targets.map(async (target) => {
      const doc = await push.get<LeaseDocument>(leaseDocumentId(target.id))
      return { holder: doc?.holder ?? null, term: doc?.term ?? 0 }
    }),
  )
}

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const started = Date.now()
  for (;;) {
    const value = await read()
    if (ok(value)) return value
    if (Date.now() - started > timeoutMs) throw new Error(`${what} not reached within ${timeoutMs} ms: ${JSON.stringify(value)}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

/** A desk that has joined the site and has the five back ends (each desk keeps its own secrets). */
async function joinDesk(dataDir: string, desk: string, hub: SiteHub, sims: Simulator[], mode: 'upload' | 'replace'): Promise<Station> {
  const station = await openStation({ dataDir, sync: FAST_SYNC })
  for (const sim of sims) await addSimTarget(station, sim, sim.kind)
  if (mode === 'replace') await station.site.join({ url: hub.url, user: desk, password: 'secret', mode, desk })
  return station
}

test(`the desk holding the leases SIGKILLed mid-drain ${ROUNDS} times: one remote record per person with the latest fields, the leases move each time`, async () => {
  const testStarted = performance.now()
  const hub = await startSiteHub()
  const sims: Simulator[] = []
  for (const [i, kind] of KINDS.entries()) sims.push(await startSimulator(kind, { seed: 40 + i }))
  for (const sim of sims) if (sim.kind !== 'sophon' && sim.kind !== 'tuya') sim.preload(CODES.map((code) => ({ remoteId: code, personCode: code, name: 'before the test' })))
  const root = tempDir()
  const desks: DeskProcess[] = (['desk-a', 'desk-b'] as const).map((name) => ({ name, dataDir: join(root, name), child: null, stderr: '' }))
  for (const desk of desks) mkdirSync(desk.dataDir)

  // desk C stays in this process: it edits the register and never pushes
  const editor = await joinDesk(join(root, 'desk-c'), 'desk-c', hub, sims, 'upload')
  const targets = editor.targets.list()
  const photo = await storedPhoto(editor)
  for (const code of CODES) await editor.persons.add({ code, name: `${code} v0`, type: 'employee', photo } as never, 'test')
  await editor.site.join({ url: hub.url, user: 'desk-c', password: 'secret', mode: 'upload', desk: 'desk-c' })
  await editor.site.settle()
  for (const desk of desks) {
    const station = await joinDesk(desk.dataDir, desk.name, hub, sims, 'replace')
    await waitFor(() => CODES.every((code) => station.persons.getByCode(code)), 20_000)
    await station.close()
  }
  const push = new HubDatabase(`${hub.url}/${PREFIX}-push`)
  // whatever happens to this process, the desks die with it
  const killAll = () => desks.forEach((desk) => desk.child?.kill('SIGKILL'))
  process.once('exit', killAll)

  let editing = true
  let edits = 0
  const editLoop = (async () => {
    while (editing) {
      const code = CODES[edits % CODES.length]
      const person = editor.persons.getByCode(code) as Person
      // names reach every back end but YCE, whose key is the name; the type reaches YCE (visitor → 0)
      const type = edits % 5 === 0 ? (person.type === 'employee' ? 'visitor' : 'employee') : person.type
      await editor.persons.edit(person.id, { name: `${code} e${edits}`, type, ...(type === 'visitor' ? { validUntil: '2099-01-01T00:00:00.000Z' } : {}) } as never, person.version, 'test')
      edits++
      await new Promise((resolve) => setTimeout(resolve, 15))
    }
  })()

  const failoverMs: number[] = []
  const requestsAtKill: number[] = []
  try {
    const setupDone = performance.now()
    await startDesk(desks[0])
    await until(() => leaseHolders(push, targets), (h) => h.every((l) => l.holder === 'desk-a'), 10_000, 'desk a holds every lease')
    await startDesk(desks[1])
    let holder = desks[0]
    let terms = (await leaseHolders(push, targets)).map((l) => l.term)
    for (let round = 0; round < ROUNDS; round++) {
      const other = holder === desks[0] ? desks[1] : desks[0]
      // mid-drain: the holder is killed while its pushes reach the back ends
      const requests = () => sims.reduce((sum, sim) => sum + sim.stats().requests, 0)
      const before = requests()
      await until(async () => requests(), (n) => n > before, 20_000, `round ${round}: ${holder.name} pushing`)
      await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 100)))
      requestsAtKill.push(requests() - before)
      const killedAt = performance.now()
      await killDesk(holder)
      // started again at once: it saw the lease's last revision later than the other desk did, so
      // the other desk's wait for expiry ends first
      const restarted = startDesk(holder)
      const moved = await until(
        () => leaseHolders(push, targets),
        (h) => h.every((l, i) => l.holder === other.name && l.term > terms[i]),
        15_000,
        `round ${round}: every lease with ${other.name} (its log: ${other.stderr.slice(-1_000)})`,
      )
      failoverMs.push(performance.now() - killedAt)
      terms = moved.map((l) => l.term)
      await restarted
      holder = other
    }
    const roundsDone = performance.now()
    editing = false
    await editLoop

    // once the edits stop, the holder drains: every back end shows the register's latest state
    const expected = () => new Map(CODES.map((code) => [code, editor.persons.getByCode(code) as Person]))
    await until(
      async () => sims.map((sim) => mismatches(sim, expected())).flat(),
      (problems) => problems.length === 0,
      30_000,
      'every back end holding the latest fields',
    )
    const latest = expected()
    for (const sim of sims) {
      const records = sim.records().filter((r) => !r.deleted)
      const perPerson = countBy(records.map((r) => keyOf(sim, r)))
      assert.deepEqual([...perPerson].filter(([, n]) => n > 1), [], `${sim.kind}: never two records for one person`)
      assert.equal(perPerson.size, CODES.length, `${sim.kind}: one record per person`)
      assert.deepEqual(mismatches(sim, latest), [], `${sim.kind}: the latest fields`)
    }
    assert.equal(sims.find((s) => s.kind === 'sophon')!.stats().creates, CODES.length, 'SophonFogSys: each person created once')
    assert.equal(sims.find((s) => s.kind === 'tuya')!.stats().creates, CODES.length, 'Tuya: each person added once')
    assert.equal(failoverMs.length, ROUNDS, 'the leases moved to the other desk in every round')
    const sorted = [...failoverMs].sort((a, b) => a - b)
    console.log(`site failover: set-up ${Math.round(setupDone - testStarted)} ms, rounds ${Math.round(roundsDone - setupDone)} ms, drain ${Math.round(performance.now() - roundsDone)} ms`)
    console.log(
      `site failover: ${ROUNDS} kills, ${edits} edits; kill → every lease with the other desk: median ${Math.round(sorted[Math.floor(ROUNDS / 2)])} ms, max ${Math.round(sorted.at(-1)!)} ms (lease ${LEASE.durationMs} ms)`,
    )
  } finally {
    editing = false
    await editLoop.catch(() => undefined)
    await Promise.all(desks.map((desk) => stopDesk(desk)))
    process.off('exit', killAll)
    await editor.close()
    for (const sim of sims) await sim.close()
    await hub.close()
  }
})

/** The person a record stands for: its code where the back end keeps one, else its id (preloaded as the code). */
function keyOf(sim: Simulator, record: SimRecord): string {
  return sim.kind === 'sophon' || sim.kind === 'tuya' ? (record.personCode ?? record.remoteId) : record.remoteId
}

/** What each back end holds that differs from the register's latest version of the person. */
function mismatches(sim: Simulator, latest: Map<string, Person>): string[] {
  const problems: string[] = []
  const records = new Map(sim.records().filter((r) => !r.deleted).map((r) => [keyOf(sim, r), r]))
  for (const [code, person] of latest) {
    const record = records.get(code)
    if (!record) {
      problems.push(`${sim.kind} ${code}: missing`)
      continue
    }
    if (sim.kind === 'yce') {
      const type = String(record.raw.type)
      if (type !== (person.type === 'visitor' ? '0' : '1')) problems.push(`yce ${code}: type ${type} for a ${person.type}`)
    } else if (record.name !== person.name) problems.push(`${sim.kind} ${code}: ${record.name} ≠ ${person.name}`)
  }
  return problems
}

function countBy(values: string[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1)
  return counts
}
