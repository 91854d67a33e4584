import { test } from 'node:test'
import assert from 'node:assert/strict'
import { simulatedKinds, startSimulator } from '../simulators'
import { enrollAsync as enroll } from '../helpers/cli'
import { tempDir } from '../helpers/temp'

/** The credential option of each kind that, when wrong, the back end must refuse. */
const WRONG_SECRET: Record<string, [string, string]> = {
  sophon: ['--header', 'X-Auth: wrong'],
  tuya: ['--client-secret', 'wrong-secret'],
  isdp: ['--password', 'wrong-password'],
  hyapi: ['--header', 'X-Admin: wrong'],
  yce: ['--password', 'wrong-password'],
}

function withWrong(args: string[], [option, value]: [string, string]): string[] {
  const copy = [...args]
  const at = copy.indexOf(option)
  if (at === -1) return copy
  copy[at + 1] = option === '--header' ? `${copy[at + 1].split(':')[0]}: wrong` : value
  return copy
}

for (const kind of simulatedKinds()) {
  test(`enroll target add ${kind} + target test against its running simulator: OK; wrong credentials say what is wrong`, async () => {
    const sim = await startSimulator(kind, { seed: 1 })
    try {
      const data = tempDir()
      const { baseUrl, cliArgs } = sim.credentials
      const added = await enroll(data, 'target', 'add', kind, '--name', `${kind}-site`, '--base-url', baseUrl, ...cliArgs)
      assert.equal(added.status, 0, added.stderr)
      const ok = await enroll(data, 'target', 'test', `${kind}-site`)
      assert.equal(ok.status, 0, ok.stderr)
      assert.match(ok.stdout, /ok|OK|reachable|authenticated|answers/i)

      const wrongArgs = withWrong(cliArgs, WRONG_SECRET[kind])
      if (wrongArgs.join(' ') === cliArgs.join(' ')) return // SophonFogSys documents no credential: nothing can be wrong
      assert.equal((await enroll(data, 'target', 'add', kind, '--name', `${kind}-wrong`, '--base-url', baseUrl, ...wrongArgs)).status, 0)
      const refused = await enroll(data, 'target', 'test', `${kind}-wrong`)
      if (kind === 'hyapi') {
        // HYAPI documents no call that checks the credential without changing an account: the test must not claim it
        assert.equal(refused.status, 0, refused.stderr)
        assert.doesNotMatch(refused.stdout, /accept/i)
        assert.match(refused.stdout, /credential not checked .* the credential is checked by the first push/)
        return
      }
      assert.notEqual(refused.status, 0, `wrong credentials must fail: ${refused.stdout}`)
      const said = refused.stdout + refused.stderr
      assert.match(said, /credential|secret|password|sign|auth|token|denied|refused|401|403/i, `the reason is printed: ${said}`)
      const listed = await enroll(data, 'target', 'list')
      assert.doesNotMatch(listed.stdout, /wrong-secret|wrong-password|ENROLL/, 'secrets are never printed')
    } finally {
      await sim.close()
    }
  })
}
