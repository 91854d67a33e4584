/**
 * `enroll sync --follow` as a headless pusher on a site desk: it claims the back end's pusher
 * lease, pushes a person added at another desk (another data folder) as it replicates in, prints a
 * line when its totals change, and on SIGTERM exits 0 having handed the lease back, so a desk
 * waiting for it takes it at once instead of after the lease's 30 s.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { HubDatabase } from '../../main/core/site/lease/hub-documents'
import { leaseDocumentId, type LeaseDocument } from '../../main/core/site/lease/pusher-lease'
import { openStation, type OpenStationOptions, type Station } from '../../main/core/station'
import { startSimulator, type SimulatorOf } from '../simulators'
import { startSiteHub, type SiteHub } from '../helpers/site-hub'
import { cliEnv, ENROLL_BIN } from '../helpers/cli'
import { REPO_ROOT, tempDir } from '../helpers/temp'
import { addSimTarget, FAST_SYNC, storedPhoto } from '../sync/helpers'
import { until } from './until'

const USERS = { 'desk-f': 'secret-f', 'desk-e': 'secret-e', 'desk-o': 'secret-o' }

/** A desk joined to the site; with `sim`, the back end configured in its own data folder. */
async function joinedDesk(dataDir: string, desk: keyof typeof USERS, hub: SiteHub, sim: SimulatorOf<'sophon'> | null, options: Omit<OpenStationOptions, 'dataDir'> = {}): Promise<Station> {
  const station = await openStation({ sync: FAST_SYNC, ...options, dataDir })
  if (sim) await addSimTarget(station, sim, 'Lobby')
  await station.site.join({ url: hub.url, user: desk, password: USERS[desk], mode: desk === 'desk-f' ? 'upload' : 'replace', desk })
  return station
}

test('enroll sync --follow pushes what another desk saves, prints its totals, and hands the lease back on SIGTERM', { timeout: 120_000 }, async () => {
  const hub = await startSiteHub({ users: USERS })
  const sim = await startSimulator('sophon')
  const root = tempDir()
  const stations: Station[] = []
  const follower = spawnLater()
  try {
    await (await joinedDesk(join(root, 'follower'), 'desk-f', hub, sim)).close()
    const editor = await joinedDesk(join(root, 'editor'), 'desk-e', hub, null)
    stations.push(editor)
    const push = new HubDatabase(hub.databaseUrl('enroll-push'), { credentials: { user: 'desk-e', password: USERS['desk-e'] } })
    const lease = () => push.get<LeaseDocument>(leaseDocumentId('lobby'))

    follower.start(join(root, 'follower'))
    await until('the follower holds the lease', async () => (await lease())?.holder === 'desk-f', 60_000)
    // another desk with the same back end, its worker running: it waits for the follower's lease
    const other = await joinedDesk(join(root, 'other'), 'desk-o', hub, sim, { sitePusher: { lease: { durationMs: 3_000, renewEveryMs: 200, guardMs: 200 } } })
    stations.push(other)
    await other.sync.start()

    const photo = await storedPhoto(editor)
    await editor.persons.add({ code: 'FOL1', name: 'Added at the editor', type: 'employee', photo } as never, 'test')
    await until('the follower pushed the person', async () => sim.records().some((record) => record.name === 'Added at the editor'), 30_000)
    await until('a totals line for it', async () => /^\S+ 1 pushed, 0 waiting, 0 need attention; pushing to Lobby$/m.test(follower.stdout), 10_000)
    assert.equal(sim.records().length, 1, 'one remote record: the other desk pushed nothing while the follower held the lease')

    const termAt = Date.now()
    const code = await follower.stop('SIGTERM')
    assert.equal(code, 0, follower.stderr)
    assert.match(follower.stderr, /stopped \(SIGTERM\)/)
    // handed back on the way out: the follower's last write names no holder (or the other desk has
    // already claimed it), long before its 30 s lease could have run out
    const afterExit = await lease()
    assert.ok(afterExit?.holder === null || afterExit?.holder === 'desk-o', `the follower handed its lease back before exiting (holder: ${afterExit?.holder})`)
    await until('the other desk took the lease', async () => (await lease())?.holder === 'desk-o', 20_000)
    console.log(`SIGTERM to the follower → lease with the other desk: ${Date.now() - termAt} ms`)
  } finally {
    await follower.stop('SIGKILL')
    for (const station of stations) await station.close()
    await sim.close()
    await hub.close()
  }
})

/** `enroll sync --follow` as a child process, its output collected. */
function spawnLater() {
  let child: ReturnType<typeof spawn> | null = null
  let exited: Promise<number | null> = Promise.resolve(null)
  const output = { stdout: '', stderr: '' }
  return {
    get stdout() {
      return output.stdout
    },
    get stderr() {
      return output.stderr
    },
    start(dataDir: string) {
      const started = spawn(process.execPath, [ENROLL_BIN, '--data', dataDir, 'sync', '--follow'], { cwd: REPO_ROOT, env: cliEnv() })
      child = started
      started.stdout.on('data', (chunk) => (output.stdout += chunk))
      started.stderr.on('data', (chunk) => (output.stderr += chunk))
      exited = new Promise((resolve) => started.once('exit', (code) => resolve(code)))
    },
    async stop(signal: NodeJS.Signals): Promise<number | null> {
      if (child && child.exitCode === null && child.signalCode === null) child.kill(signal)
      return exited
    },
  }
}
