/**
 * `site.status` says which desk pushes to each back end (holds its pusher lease): desk A runs its
 * worker in its own process and holds the lease; `enroll site status` beside it (a read-only view
 * of A's register, no worker of its own) reads the holder from the hub and calls it this desk;
 * desk B, running no worker, reads the same holder, not its own, and says "not known" while the
 * hub is away; once B's worker runs and A stops, B's own lease says B.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import type { SiteStatus } from '../../common/site/site-status'
import { HubDatabase } from '../../main/core/site/lease/hub-documents'
import { leaseDocumentId, type LeaseDocument } from '../../main/core/site/lease/pusher-lease'
import { openStation, type Station } from '../../main/core/station'
import { startSimulator } from '../simulators'
import { startSiteHub } from '../helpers/site-hub'
import { enrollAsync } from '../helpers/cli'
import { bundledChild } from '../helpers/child-bundle'
import { REPO_ROOT, tempDir } from '../helpers/temp'
import { addSimTarget, FAST_SYNC } from '../sync/helpers'
import { until } from './until'

const LEASE = { durationMs: 3_000, renewEveryMs: 500, guardMs: 200 }
const CHILD = bundledChild('test/site/children/pusher-desk.ts')

function startPusherDesk(dataDir: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dataDir, JSON.stringify(LEASE)], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr!.on('data', (chunk) => (stderr += chunk))
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve(child))
    child.once('exit', (code) => code !== 0 && reject(new Error(`desk A exited (${code}): ${stderr}`)))
  })
}

test('site.status names the holder of each back end pusher lease, on the holder and on a desk running no worker', { timeout: 120_000 }, async () => {
  const hub = await startSiteHub({ users: { 'desk-a': 'secret-a', 'desk-b': 'secret-b' } })
  const sim = await startSimulator('sophon')
  const root = tempDir()
  const dataA = join(root, 'desk-a')
  const dataB = join(root, 'desk-b')
  let deskA: ChildProcess | null = null
  let stationB: Station | null = null
  try {
    for (const [dataDir, desk, mode] of [[dataA, 'desk-a', 'upload'], [dataB, 'desk-b', 'replace']] as const) {
      const station = await openStation({ dataDir, sync: FAST_SYNC })
      await addSimTarget(station, sim, 'Lobby')
      await station.site.join({ url: hub.url, user: desk, password: `secret-${desk.slice(-1)}`, mode, desk })
      await station.close()
    }
    const push = new HubDatabase(hub.databaseUrl('enroll-push'), { credentials: { user: 'desk-b', password: 'secret-b' } })
    deskA = await startPusherDesk(dataA)
    await until('desk A holds the lease', async () => (await push.get<LeaseDocument>(leaseDocumentId('lobby')))?.holder === 'desk-a', 20_000)

    // beside the running desk A: its register read-only, no worker, the holder read from the hub
    const besideA = await enrollAsync(dataA, 'site', 'status')
    assert.equal(besideA.status, 0, besideA.stderr)
    assert.match(besideA.stdout, /^pushing to Lobby: desk-a \(this desk\), lease until \d{4}-\d\d-\d\dT/m)
    const besideAJson = (await enrollAsync(dataA, 'site', 'status', '--json')).json<SiteStatus>()
    assert.equal(besideAJson.pushers?.length, 1)
    const [holderA] = besideAJson.pushers!
    assert.deepEqual({ ...holderA, expiresAt: undefined }, { targetId: 'lobby', targetName: 'Lobby', holder: 'desk-a', mine: true, expiresAt: undefined })
    assert.ok(Date.parse(holderA.expiresAt!) > Date.now() - 60_000, `a lease expiry near now: ${holderA.expiresAt}`)

    // desk B runs no worker: the same holder, not this desk; unknown while the hub is away
    stationB = await openStation({ dataDir: dataB, sync: FAST_SYNC, sitePusher: { lease: LEASE, publishEveryMs: 20 } })
    const seenByB = (await stationB.site.status()).pushers
    assert.deepEqual(
      seenByB?.map(({ targetName, holder, mine }) => ({ targetName, holder, mine })),
      [{ targetName: 'Lobby', holder: 'desk-a', mine: false }],
    )
    await hub.stop()
    assert.equal((await stationB.site.status()).pushers, null, 'a desk that cannot ask anyone does not guess')
    await hub.start()

    // B's worker runs; A stops and hands its lease back: B's own lease says B holds it
    await stationB.sync.start()
    deskA.kill('SIGTERM')
    await until('desk B holds the lease', async () => (await stationB!.site.status()).pushers?.[0]?.holder === 'desk-b', 20_000)
    const [holderB] = (await stationB.site.status()).pushers!
    assert.equal(holderB.mine, true)
    assert.ok(holderB.expiresAt && Date.parse(holderB.expiresAt) > Date.now(), 'a held lease runs out in the future')
  } finally {
    deskA?.kill('SIGKILL')
    await stationB?.close()
    await sim.close()
    await hub.close()
  }
})
