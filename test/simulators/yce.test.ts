import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { startSimulator, type SimulatorOf } from '.'

/** The YCE simulator held to 003_…txt: what the document shows passes, anything shaped otherwise is refused. */
describe('YCE simulator', () => {
  let sim: SimulatorOf<'yce'>
  let loginData: string

  before(async () => {
    sim = await startSimulator('yce')
    sim.preload([{ remoteId: 'test.user' }])
    const login = await call('/api/v1/users/login', null, { username: sim.credentials.settings.username, password: sim.credentials.secrets.password })
    assert.equal(login.code, 0)
    loginData = login.data as string
  })
  after(() => sim.close())

  async function call(path: string, authorization: string | null, body: unknown): Promise<{ code: number; message: string; data: unknown }> {
    const headers: Record<string, string> = authorization === null ? {} : { Authorization: authorization }
    const response = await fetch(`${sim.url}${path}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) })
    assert.equal(response.status, 200)
    return (await response.json()) as { code: number; message: string; data: unknown }
  }

  const sessionId = () => (JSON.parse(loginData) as { sessionId: string }).sessionId
  const update = (body: unknown, authorization: string | null = sessionId()) => call('/api/v1/user/update', authorization, body)

  test('the login answers data as a JSON text holding userName, userId, orgId and sessionId', () => {
    assert.equal(typeof loginData, 'string')
    const data = JSON.parse(loginData) as Record<string, unknown>
    assert.deepEqual(Object.keys(data).sort(), ['navList', 'orgId', 'sessionId', 'userId', 'userName'])
    assert.match(String(data.sessionId), /^[0-9a-f]{32}$/)
  })

  test('the document’s own curl bodies pass with a bare session id (2017-02-10 with type, 2017-02-14 with navList)', async () => {
    assert.deepEqual(await update({ name: 'test.user', orgName: 'dev', orgId: '3', op: 1, type: '3' }), { code: 0, message: 'OK', data: null })
    const navList = '{ "list": [{ "href": "walkthrogh","className": "fa-rocket", "includeState": "main.costManage","state": "main.walkthrogh", "name": "色通道","id": 10}] }'
    assert.equal((await update({ orgId: '3', op: 1, name: 'test.user', navList })).code, 0)
    assert.deepEqual(sim.records()[0].raw, { name: 'test.user', type: '3', orgName: 'dev', navList })
  })

  test('Authorization other than the bare session id is 1402 session invalid: the login data text, Bearer, none, unknown', async () => {
    const body = { name: 'test.user', orgId: '3', op: 1, type: '1' }
    for (const authorization of [loginData, `Bearer ${sessionId()}`, null, '8ea98925-8bee-445c-902c-e3e9552acfa9']) {
      assert.deepEqual(await update(body, authorization), { code: 1402, message: 'session invalid', data: null }, String(authorization))
    }
  })

  test('fields are held to the samples: types, the type value set, unknown and missing fields, empty strings', async () => {
    const base = { name: 'test.user', orgId: '3', op: 1 }
    const refusals: Array<[unknown, RegExp]> = [
      [{ ...base, type: 3 }, /type 类型错误/],
      [{ ...base, type: '4' }, /type 取值无效: "4"/],
      [{ ...base, op: '1' }, /op 类型错误/],
      [{ ...base, orgId: 3 }, /orgId 类型错误/],
      [{ ...base, userName: 'x' }, /未知字段 userName/],
      [{ orgId: '3', op: 1 }, /name 不能为空/],
      [{ ...base, orgName: '' }, /orgName 不能为空字符串/],
      [{ ...base, navList: '[]' }, /navList 必须是含 list 的 JSON 文本/],
    ]
    for (const [body, message] of refusals) {
      const reply = await update(body)
      assert.equal(reply.code, 1002, JSON.stringify(body))
      assert.match(reply.message, message)
    }
    assert.equal((await update({ ...base, op: 2 })).code, 1403)
    assert.equal((await update({ ...base, name: 'nobody' })).code, 1404)
  })
})
