/**
 * `enroll site join|status|leave|compact-hub` as an admin types them, against a hub that requires
 * users and lets only its site admin compact: two data folders join, a person added by the CLI at
 * one reaches the other, the status says when the desk last replicated and what the hub keeps of a
 * purged visitor, compact-hub with the site admin clears it, and leaving keeps the register.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { SiteJoinReport, SiteStatus } from '../../common/site/site-status'
import type { Person } from '../../common/model/person'
import { enrollAsync } from '../helpers/cli'
import { startSiteHub, type SiteHub } from '../helpers/site-hub'
import { tempDir } from '../helpers/temp'

describe('enroll site', { timeout: 120_000 }, () => {
  let hub: SiteHub
  const first = tempDir('site-cli-a-')
  const second = tempDir('site-cli-b-')

  before(async () => {
    hub = await startSiteHub({ users: { 'desk-one': 'one-secret', 'desk-two': 'two-secret' }, admins: { 'site-admin': 'admin-secret' } })
  })
  after(async () => {
    delete process.env.ENROLL_SITE_PASSWORD
    delete process.env.ENROLL_SITE_ADMIN_PASSWORD
    await hub?.close()
  })

  const withPassword = async (password: string | undefined, run: () => Promise<ReturnType<typeof enrollAsync> extends Promise<infer R> ? R : never>) => {
    if (password === undefined) delete process.env.ENROLL_SITE_PASSWORD
    else process.env.ENROLL_SITE_PASSWORD = password
    try {
      return await run()
    } finally {
      delete process.env.ENROLL_SITE_PASSWORD
    }
  }

  it('says site mode is off on a single desk', async () => {
    const status = await enrollAsync(first, 'site', 'status', '--json')
    assert.equal(status.status, 0, status.stderr)
    assert.equal(status.json<SiteStatus>().mode, 'off')
  })

  it('refuses a join without the password, and a wrong one by name', async () => {
    const missing = await withPassword(undefined, () => enrollAsync(first, 'site', 'join', hub.url, '--user', 'desk-one'))
    assert.equal(missing.status, 2)
    assert.match(missing.stderr, /ENROLL_SITE_PASSWORD/)
    const wrong = await withPassword('nope', () => enrollAsync(first, 'site', 'join', hub.url, '--user', 'desk-one'))
    assert.equal(wrong.status, 2, wrong.stderr)
    assert.match(wrong.stderr, /user: the site .* refused this user name or password/)
    const bad = await withPassword('one-secret', () => enrollAsync(first, 'site', 'join', 'ftp://example.org', '--user', 'desk-one'))
    assert.match(bad.stderr, /url: "ftp:\/\/example.org" is not a site address/)
  })

  it('joins two desks; a person added at one is listed at the other; status and leave', async () => {
    const added = await enrollAsync(first, 'person', 'add', '--name', 'Chen Jing', '--type', 'visitor', '--json')
    assert.equal(added.status, 0, added.stderr)
    const joined = await withPassword('one-secret', () => enrollAsync(first, 'site', 'join', hub.url, '--user', 'desk-one', '--desk', 'desk-one', '--json'))
    assert.equal(joined.status, 0, joined.stderr)
    assert.equal(joined.json<SiteJoinReport>().uploaded, 1)
    const second_ = await withPassword('two-secret', () => enrollAsync(second, 'site', 'join', hub.url, '--user', 'desk-two', '--desk', 'desk-two'))
    assert.equal(second_.status, 0, second_.stderr)
    assert.match(second_.stdout, /joined .* as desk-two: 0 person\(s\) uploaded\nback ends: 0 uploaded, 0 merged/)

    const listed = await enrollAsync(second, 'person', 'list', '--search', 'Chen Jing', '--json')
    assert.equal(listed.status, 0, listed.stderr)
    assert.equal(listed.json<Person[]>().length, 1, 'the person added at the first desk is in the second desk register')

    const status = await enrollAsync(second, 'site', 'status')
    assert.match(status.stdout, /^site http:\/\/127\.0\.0\.1:\d+ as desk-two \(user desk-two\): online, last replicated /)
    const parsed = (await enrollAsync(second, 'site', 'status', '--json')).json<SiteStatus>()
    assert.equal(parsed.mode, 'site')
    assert.equal(parsed.deskId, 'desk-two')
    assert.equal(parsed.connection, 'online')
    assert.ok(parsed.lastReplicatedAt, 'the desk says when it last replicated')

    const left = await enrollAsync(second, 'site', 'leave')
    assert.equal(left.status, 0, left.stderr)
    assert.match(left.stdout, /keeps its 1 person\(s\)/)
    assert.equal((await enrollAsync(second, 'site', 'status', '--json')).json<SiteStatus>().mode, 'off')
    assert.equal((await enrollAsync(second, 'person', 'list', '--search', 'Chen Jing', '--json')).json<Person[]>().length, 1, 'the local copy stays')
  })

  it('says what the hub keeps of a purged visitor, and compact-hub with the site admin clears it', async () => {
    const added = await enrollAsync(first, 'person', 'add', '--code', 'V-CLI-HUB', '--name', 'Clihub Zhou', '--type', 'visitor', '--json')
    assert.equal(added.status, 0, added.stderr)
    // the hub keeps nothing of a visitor it never got: each command sends what is waiting as it ends
    const auth = { authorization: `Basic ${Buffer.from('desk-one:one-secret').toString('base64')}` }
    const onHub = async () => (await fetch(`${hub.url}/enroll-register/${encodeURIComponent(`person:${added.json<Person>().id}`)}`, { headers: auth })).text()
    for (let tries = 0; !(await onHub()).includes('Clihub Zhou'); tries++) {
      assert.ok(tries < 10, 'the visitor reaches the hub')
      await enrollAsync(first, 'site', 'status')
    }
    const purged = await enrollAsync(first, 'person', 'purge', 'V-CLI-HUB')
    assert.equal(purged.status, 0, purged.stderr)
    const status = await enrollAsync(first, 'site', 'status')
    assert.match(status.stdout, /the hub keeps earlier versions of records removed here \(register, audit\) since .*: a site admin must compact it \(enroll site compact-hub --user ADMIN\)/)

    const compact = (password: string | undefined, ...args: string[]) => {
      if (password === undefined) delete process.env.ENROLL_SITE_ADMIN_PASSWORD
      else process.env.ENROLL_SITE_ADMIN_PASSWORD = password
      return enrollAsync(first, 'site', 'compact-hub', ...args).finally(() => delete process.env.ENROLL_SITE_ADMIN_PASSWORD)
    }
    const missing = await compact(undefined, '--user', 'site-admin')
    assert.equal(missing.status, 2)
    assert.match(missing.stderr, /password: set ENROLL_SITE_ADMIN_PASSWORD/)
    const member = await compact('one-secret', '--user', 'desk-one')
    assert.equal(member.status, 2, member.stderr)
    assert.match(member.stderr, /user: the site refused to compact for desk-one: only a site admin/)
    const chinese = await compact('one-secret', '--user', 'desk-one', '--lang', 'zh-CN')
    assert.match(chinese.stderr, /站点拒绝为 desk-one 压缩/)
    const done = await compact('admin-secret', '--user', 'site-admin')
    assert.equal(done.status, 0, done.stderr)
    assert.match(done.stdout, /^compacted register, photos, audit: the hub keeps no earlier version of records removed here/)
    assert.equal((await enrollAsync(first, 'site', 'status', '--json')).json<SiteStatus>().hubCompaction, null)
  })
})
