import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { SyncStatusRow, SyncSummary } from '../../main/core/sync'
import { startSimulator } from '../simulators'
import { ensureFaceFixtures } from '../../scripts/make-face-fixtures'
import { enrollAsync as enroll } from '../helpers/cli'
import { tempDir } from '../helpers/temp'

interface RunReport {
  outcome: string
  pushed: number
  needsAttention: number
  pending: number
  targets: Array<{ name: string; pushed: number; attention: number; pending: number; synced: number; paused: boolean }>
  attention: Array<{ person: string; target: string; message: string }>
}

test('enroll sync runs the queue and reports; status, retry, pause, resume and limit work from the command line', async () => {
  const fog = await startSimulator('sophon')
  const yce = await startSimulator('yce')
  yce.preload([{ remoteId: 'C1' }])
  const data = tempDir()
  // the CLI runs every photo through face detection and the quality gate: it needs a real face
  const photoFile = (await ensureFaceFixtures()).faceA
  try {
    for (const [name, sim] of [['fog', fog], ['yce', yce]] as const) {
      const added = await enroll(data, 'target', 'add', sim.kind, '--name', name, '--base-url', sim.credentials.baseUrl, ...sim.credentials.cliArgs)
      assert.equal(added.status, 0, added.stderr)
    }
    const limited = await enroll(data, 'sync', 'limit', 'yce', '--rate', '50', '--concurrency', '2', '--json')
    assert.equal(limited.status, 0, limited.stderr)
    assert.deepEqual(limited.json<{ limits: unknown }>().limits, { ratePerSecond: 50, concurrency: 2 })
    assert.equal((await enroll(data, 'person', 'add', '--name', 'Known', '--code', 'C1', '--type', 'employee', '--photo', photoFile)).status, 0)
    assert.equal((await enroll(data, 'person', 'add', '--name', 'Stranger', '--code', 'C2', '--type', 'employee')).status, 0)

    // C2 has no face (SophonFogSys cannot add it) and no YCE user: both need attention
    const first = await enroll(data, 'sync', '--timeout', '30', '--json')
    assert.equal(first.status, 1, 'something needs attention')
    const report = first.json<RunReport>()
    assert.equal(report.outcome, 'drained')
    assert.equal(report.pushed, 2)
    assert.equal(report.needsAttention, 2)
    assert.deepEqual(
      report.attention.map((a) => `${a.person}@${a.target}`).sort(),
      ['C2@fog', 'C2@yce'],
    )
    assert.match(report.attention.find((a) => a.target === 'yce')!.message, /用户不存在/)
    assert.equal(fog.records().length, 1)

    const status = await enroll(data, 'sync', 'status', '--json')
    assert.equal(status.status, 0, status.stderr)
    const rows = status.json<{ items: SyncStatusRow[]; summary: SyncSummary }>().items
    assert.deepEqual(rows.map((r) => `${r.code}@${r.targetName}:${r.state}`).sort(), ['C1@fog:synced', 'C1@yce:synced', 'C2@fog:attention', 'C2@yce:attention'])
    assert.equal(rows.find((r) => r.code === 'C1' && r.targetName === 'fog')?.remoteId, 'C1')
    const text = await enroll(data, 'sync', 'status', '--state', 'attention')
    assert.match(text.stdout, /C2 .* yce .* attention .*用户不存在/)

    // the YCE user is created on its side; retry sends it
    yce.preload([{ remoteId: 'C2' }])
    const retried = await enroll(data, 'sync', 'retry', 'C2', '--target', 'yce', '--json')
    assert.equal(retried.json<{ moved: number }>().moved, 1)
    const second = await enroll(data, 'sync', '--timeout', '30', '--json')
    assert.equal(second.json<RunReport>().pushed, 1)
    assert.equal(second.json<RunReport>().needsAttention, 1, 'only the face-less person on SophonFogSys is left')

    // paused: the edit waits, and the run does not wait for it
    assert.equal((await enroll(data, 'sync', 'pause', 'fog')).status, 0)
    assert.equal((await enroll(data, 'person', 'edit', 'C1', '--name', 'Known, renamed')).status, 0)
    const paused = (await enroll(data, 'sync', '--timeout', '30', '--json')).json<RunReport>()
    assert.equal(paused.outcome, 'drained')
    assert.deepEqual(pickTarget(paused, 'fog'), { pushed: 0, pending: 1, paused: true })
    assert.equal(fog.records()[0].name, 'Known')
    assert.equal((await enroll(data, 'sync', 'resume', 'fog')).status, 0)
    const resumed = (await enroll(data, 'sync', '--timeout', '30', '--json')).json<RunReport>()
    assert.deepEqual(pickTarget(resumed, 'fog'), { pushed: 1, pending: 0, paused: false })
    assert.equal(fog.records()[0].name, 'Known, renamed')

    const wrong = await enroll(data, 'sync', 'status', '--state', 'lost')
    assert.equal(wrong.status, 2)
    assert.match(wrong.stderr, /state: use one of/)
    const followWithLimit = await enroll(data, 'sync', '--follow', '--timeout', '5')
    assert.equal(followWithLimit.status, 2)
    assert.match(followWithLimit.stderr, /timeout: --follow runs until it is stopped/)
  } finally {
    await fog.close()
    await yce.close()
  }
})

function pickTarget(report: RunReport, name: string) {
  const target = report.targets.find((t) => t.name === name)!
  return { pushed: target.pushed, pending: target.pending, paused: target.paused }
}
