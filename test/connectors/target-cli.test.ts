import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { CliContext } from '../../main/cli/command'
import { targetCommand } from '../../main/cli/commands/target'
import { contractAdmit, contractCall } from '../../main/cli/contract-call'
import { createHandlers } from '../../main/core/api/handlers'
import { openStation, type Station } from '../../main/core/station'
import { simulatedKinds, startSimulator, type SimKind, type Simulator } from '../simulators'
import { translatorFor, type Translate } from '../../common/i18n/translator'

/**
 * `enroll target …` run in-process on a real data folder against the running simulators; the
 * spawned `bin/enroll` path is covered by test/cli/target-cli-spawn.test.ts.
 */
describe('enroll target', () => {
  let dir: string
  let station: Station
  const sims = new Map<SimKind, Simulator>()

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'target-cli-'))
    station = await openStation({ dataDir: dir })
    sims.set('sophon', await startSimulator('sophon', { requiredHeader: { name: 'X-Api-Key', value: 'sophon-key' } }))
    for (const kind of simulatedKinds().filter((k) => k !== 'sophon')) sims.set(kind, await startSimulator(kind))
  })
  after(async () => {
    for (const sim of sims.values()) await sim.close()
    await station.close()
    await rm(dir, { recursive: true, force: true })
  })

  const enroll = (json: boolean, ...argv: string[]) => enrollIn(station, json, ...argv)
  /** The CLI's language for the next calls (`--lang`): English unless a test sets it. */
  let words: Translate | undefined

  async function enrollIn(on: Station, json: boolean, ...argv: string[]): Promise<{ status: number; out: string; value: unknown }> {
    let out = ''
    let value: unknown
    const handlers = createHandlers(on, 'cli-test')
    const ctx: CliContext = {
      station: on,
      handlers,
      json,
      actor: 'cli-test',
      t: words,
      print(v: unknown, text: string) {
        value = v
        out += `${json ? JSON.stringify(v) : text}\n`
      },
      progress() {},
      call: contractCall(handlers),
      admit: contractAdmit(handlers),
      follow: () => () => {},
    }
    const status = await targetCommand.run(argv, ctx)
    return { status, out, value }
  }

  /** The simulator's own options with the secret replaced by a wrong one. */
  function wrongSecret(args: string[]): string[] {
    const wrong = [...args]
    const index = wrong.findIndex((a) => a === '--client-secret' || a === '--password' || a === '--header')
    wrong[index + 1] = wrong[index] === '--header' ? `${wrong[index + 1].split(':')[0]}: wrong` : 'wrong'
    return wrong
  }

  for (const kind of simulatedKinds().filter((k) => k !== 'hyapi')) {
    test(`${kind}: add + test says OK; with a wrong secret, test says what the back end said and exits 1`, async () => {
      const sim = sims.get(kind)!
      const { baseUrl, cliArgs } = sim.credentials
      const added = await enroll(false, 'add', kind, '--name', `${kind} ok`, '--base-url', baseUrl, ...cliArgs)
      assert.equal(added.status, 0, added.out)
      const ok = await enroll(false, 'test', `${kind} ok`)
      assert.equal(ok.status, 0, ok.out)
      assert.match(ok.out, new RegExp(`^${kind} ok: OK — `))

      await enroll(false, 'add', kind, '--name', `${kind} bad`, '--base-url', baseUrl, ...wrongSecret(cliArgs))
      const bad = await enroll(true, 'test', `${kind} bad`)
      assert.equal(bad.status, 1)
      const error = (bad.value as { error: { kind: string; reason?: string; remoteMessage?: string } }).error
      assert.equal(error.kind, 'refused')
      assert.equal(error.reason, 'credentials')
      assert.ok(error.remoteMessage, 'the back end’s own message is shown')
    })
  }

  test('hyapi: test never says a credential was accepted (no documented call checks it); a wrong one holds the target at the first push', async () => {
    const sim = sims.get('hyapi')!
    const { baseUrl, cliArgs } = sim.credentials
    const own = await openStation({ dataDir: await mkdtemp(join(tmpdir(), 'target-cli-hyapi-')), sync: { backoff: { baseMs: 10, capMs: 100 } } })
    try {
      await enrollIn(own, false, 'add', 'hyapi', '--name', 'hyapi ok', '--base-url', baseUrl, ...cliArgs)
      await enrollIn(own, false, 'add', 'hyapi', '--name', 'hyapi bad', '--base-url', baseUrl, ...wrongSecret(cliArgs))
      for (const name of ['hyapi ok', 'hyapi bad']) {
        const said = await enrollIn(own, false, 'test', name)
        assert.equal(said.status, 0, said.out)
        assert.doesNotMatch(said.out, /accept|OK —/i)
        assert.match(said.out, new RegExp(`^${name}: ANSWERS, credential not checked — HYAPI: 127\\.0\\.0\\.1:\\d+ answers \\(HTTP 405 to GET Account/enrollment-station-probe\\); the credential is checked by the first push`))
        const json = (await enrollIn(own, true, 'test', name)).value as { ok: boolean; credentialChecked: boolean }
        assert.deepEqual([json.ok, json.credentialChecked], [true, false])
      }
      // `--lang zh-CN`: the back end's answer in the catalogue's Chinese, worded by its code
      words = translatorFor('zh-CN')
      try {
        const inChinese = await enrollIn(own, false, 'test', 'hyapi ok')
        assert.match(inChinese.out, /^hyapi ok: ANSWERS, credential not checked — HYAPI：127\.0\.0\.1:\d+ 有应答（GET Account\/enrollment-station-probe 返回 HTTP 405）；凭据将在首次推送时校验/)
      } finally {
        words = undefined
      }

      // the first push says it loudly: the wrong one is held as refusing, with HYAPI's own words
      sim.preload([{ remoteId: 'H-1' }])
      await own.persons.add({ name: 'Held One', code: 'H-1' }, 'cli-test')
      await own.sync.start()
      const bad = own.targets.require('hyapi bad')
      const summary = () => own.sync.summary().targets.find((t) => t.targetId === bad.id)
      const deadline = Date.now() + 10_000
      while (summary()?.health !== 'refusing' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
      assert.equal(summary()?.health, 'refusing')
      assert.match(summary()?.healthMessage ?? '', /HYAPI: Authorization has been denied for this request\. \[HTTP 401\]/)
      assert.equal(own.sync.status({ target: bad.id }).items[0]?.lastError?.status, 401)
      // the push's last error is stored by its code, the back end's words a value of it
      const stored = own.sync.status({ target: bad.id }).items[0]?.lastError
      assert.deepEqual([stored?.messageCode, stored?.params], ['connector.credentials_refused', { target: 'HYAPI', remote: 'Authorization has been denied for this request.' }])
      assert.equal(sim.records().find((r) => r.remoteId === 'H-1')?.name, 'Held One', 'the right credential pushed it')
    } finally {
      await own.close()
    }
  })

  test('list shows targets, which secrets are set and the gaps, never a secret value', async () => {
    const text = await enroll(false, 'list')
    const json = await enroll(true, 'list')
    for (const sim of sims.values()) {
      // ISDP's client secret equals its client id by the vendor's own rule; the id is a setting.
      const settingValues = Object.values(sim.credentials.settings).map(String)
      for (const secret of Object.values(sim.credentials.secrets).filter((s) => !settingValues.includes(s))) {
        assert.ok(!text.out.includes(secret) && !json.out.includes(secret), `secret of ${sim.kind} printed`)
      }
    }
    assert.match(text.out, /clientSecret set/)
    assert.match(text.out, /ISDP documents no create/)
    const rows = json.value as Array<{ name: string; secrets: Record<string, boolean> }>
    assert.deepEqual(rows.find((r) => r.name === 'tuya ok')?.secrets, { clientSecret: true })
  })

  test('bad input names the field and exits 2: unknown kind, option of another kind, missing setting', async () => {
    // the refusal the contract gives an unknown kind, by its code (bin/enroll maps 'invalid' to exit 2)
    await assert.rejects(enroll(false, 'add', 'nope', '--name', 'x', '--base-url', 'http://x'), (e: Error & { code: string; messageCode: string }) => /^kind: "nope" is not a kind/.test(e.message) && e.code === 'invalid' && e.messageCode === 'target.unknown_kind')
    await assert.rejects(enroll(false, 'add', 'yce', '--name', 'x', '--base-url', 'http://x', '--project-id', '1'), /project-id: not an option of yce targets/)
    // the core's own validation error; bin/enroll maps code 'invalid' to exit 2 (test/cli covers that path)
    await assert.rejects(enroll(false, 'add', 'tuya', '--name', 'x', '--base-url', 'http://x', '--client-secret', 's'), (e: Error & { code: string }) => /^settings\.clientId: is required/.test(e.message) && e.code === 'invalid')
  })

  test('map-group, link, pause and remove', async () => {
    await station.groups.add({ name: 'Staff', id: 'staff' }, 'cli-test')
    const person = await station.persons.add({ name: 'Linked One', code: 'L-1' }, 'cli-test')
    const mapped = await enroll(false, 'map-group', 'Staff', '--target', 'tuya ok', '--remote', '1466612511766855002')
    assert.match(mapped.out, /tuya ok: group Staff → 1466612511766855002/)
    const linked = await enroll(false, 'link', 'L-1', '--target', 'isdp ok', '--remote', '5001540')
    assert.match(linked.out, /L-1 is 5001540 on isdp ok/)
    const paused = await enroll(true, 'pause', 'yce ok')
    assert.equal((paused.value as { paused: boolean }).paused, true)
    const removed = await enroll(false, 'remove', 'isdp ok')
    assert.match(removed.out, /removed target isdp ok/)
    await assert.rejects(enroll(false, 'test', 'isdp ok'), /target: no target with id or name "isdp ok"/)
    assert.ok(person.id)
  })
})
