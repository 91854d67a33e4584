import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { startSimulator, type SimulatorOf } from '.'

/** The HYAPI simulator held to 002_…txt, in ASP.NET Web API's order: route, method, credential, body. */
describe('HYAPI simulator', () => {
  let sim: SimulatorOf<'hyapi'>
  let admin: Record<string, string>

  before(async () => {
    sim = await startSimulator('hyapi')
    sim.preload([{ remoteId: 'acct-1', name: 'Old' }])
    admin = { Authorization: sim.credentials.secrets['header:Authorization'] }
  })
  after(() => sim.close())

  const account = (path = 'Account/acct-1') => `${sim.url}/HYAPI/AssistantService/${path}`
  async function put(body: string, headers: Record<string, string>): Promise<{ status: number; answer: Record<string, unknown> }> {
    const response = await fetch(account(), { method: 'PUT', headers, body })
    return { status: response.status, answer: (await response.json()) as Record<string, unknown> }
  }

  test('the document’s JSON sample passes, and so does its form as application/x-www-form-urlencoded', async () => {
    const sample = {
      user_name: 'sample string 1',
      user_company: 'sample string 2',
      user_dept: 'sample string 3',
      user_pos: 'sample string 4',
      user_phone: 'sample string 5',
      login_ip: 'sample string 6',
      single_user_login: true,
      on_line: true,
      user_remark: 'sample string 9',
      user_type: 'sample string 10',
    }
    const json = await put(JSON.stringify(sample), { ...admin, 'Content-Type': 'application/json' })
    assert.deepEqual(json, { status: 200, answer: { State: 1, Message: '修改成功', Data: 'acct-1' } })
    const form = await put('user_name=Form+Name&on_line=false', { ...admin, 'Content-Type': 'application/x-www-form-urlencoded' })
    assert.equal(form.answer.State, 1)
    assert.equal(sim.records()[0].raw.on_line, false)
  })

  test('no route and a method other than PUT are answered before authentication: they say nothing of the credential', async () => {
    for (const headers of [{}, admin]) {
      const noRoute = await fetch(account('Account'), { headers })
      assert.equal(noRoute.status, 404)
      assert.match(((await noRoute.json()) as { Message: string }).Message, /^No HTTP resource was found that matches the request URI/)
      const get = await fetch(account('Account/probe'), { headers })
      assert.equal(get.status, 405)
      assert.deepEqual(await get.json(), { Message: "The requested resource does not support http method 'GET'." })
    }
    const wrong = await put('{"user_name":"x"}', { Authorization: 'Basic bm9ib2R5', 'Content-Type': 'application/json' })
    assert.deepEqual(wrong, { status: 401, answer: { Message: 'Authorization has been denied for this request.' } })
  })

  test('members are those of UserInformationModel with their types; user_name is required', async () => {
    const headers = { ...admin, 'Content-Type': 'application/json' }
    const unknown = await put('{"user_name":"x","user_email":"a@b.c"}', headers)
    assert.equal(unknown.status, 400)
    assert.match(JSON.stringify(unknown.answer.ModelState), /Could not find member 'user_email'/)
    const wrongType = await put('{"user_name":"x","on_line":"yes"}', headers)
    assert.equal(wrongType.status, 400)
    assert.equal((await put('{"user_name":"x","user_phone":13800138000}', headers)).status, 400)
    assert.deepEqual((await put('{"user_company":"x"}', headers)).answer, { State: 0, Message: '用户姓名不能为空', Data: null })
    assert.equal((await put('{"user_name":""}', headers)).answer.State, 0)
    assert.equal((await put('{"user_name":"x"}', { ...admin, 'Content-Type': 'text/plain' })).status, 415)
  })
})
