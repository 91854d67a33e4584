import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { startSimulator, type SimulatorOf } from '.'

/** The ISDP simulator held to 001_…txt: the request sample passes, anything shaped otherwise is refused. */
describe('ISDP simulator', () => {
  let sim: SimulatorOf<'isdp'>
  let token: string

  /** The document's request sample, verbatim. */
  const SAMPLE = {
    personId: '5001540',
    personCode: 'test0727',
    personName: 'test0727',
    personType: 'Employee',
    phone: '13822150727',
    personStatus: 'NoAccountOpened',
    adminOrgId: '9911293975',
    activeFlag: 'Y',
    qualificationCode: '68,69',
    certificateNo: '440155200006018888',
    certificateType: 'ID_CARD',
    extPerson: { gender: 'female', nation: 'cn' },
    qualificationList: [{ personQualId: '5000049', skillName: '急救证', skillLevelName: '1级', skillDomainName: '安全', hireStatus: 1 }],
    personPositionList: [{ positionId: '112524' }],
  }

  before(async () => {
    sim = await startSimulator('isdp')
    sim.preload([{ remoteId: '5001540' }])
    const { settings, secrets } = sim.credentials
    const response = await fetch(`${sim.url}/oauth2/oauth/rest_token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ client_id: settings.clientId, client_secret: secrets.clientSecret, grant_type: 'password', username: settings.username, password: secrets.password }),
    })
    token = ((await response.json()) as { access_token: string }).access_token
  })
  after(() => sim.close())

  async function update(body: unknown, authorization = `bearer ${token}`): Promise<{ status: number; answer: Record<string, unknown> }> {
    const response = await fetch(`${sim.url}/openapi/v1/person/update`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: authorization },
      body: JSON.stringify(body),
    })
    return { status: response.status, answer: (await response.json()) as Record<string, unknown> }
  }

  test('the request sample passes and is answered like the response sample', async () => {
    assert.deepEqual(await update(SAMPLE), { status: 200, answer: { status: 'success', msg: null, data: null, failed: false, success: true } })
    assert.equal(sim.records()[0].raw.phone, '13822150727')
  })

  test('Authorization is "bearer", one space, the token', async () => {
    for (const authorization of [token, `Bearer  ${token}`, `token ${token}`]) {
      const { status, answer } = await update(SAMPLE, authorization)
      assert.deepEqual([status, answer.error], [401, 'unauthorized'], authorization)
    }
  })

  test('fields, types and value sets of the tables; "" is no phone; a certificate number needs its type', async () => {
    const refusals: Array<[Record<string, unknown>, string]> = [
      [{ ...SAMPLE, phone: '' }, '参数错误: phone 不能为空'],
      [{ ...SAMPLE, phone: '138-2215' }, '参数错误: phone 格式不正确 (138-2215)'],
      [{ ...SAMPLE, email: 'a@b.c' }, '参数错误: 未知参数 email'],
      [{ ...SAMPLE, personType: 'Visitor' }, '参数错误: personType 取值无效 (Visitor)'],
      [{ ...SAMPLE, personId: 5001540 }, '参数错误: personId 必须是 String'],
      [{ ...SAMPLE, extPerson: { gender: 'female', email: 'x' } }, '参数错误: 未知参数 extPerson.email'],
      [{ ...SAMPLE, extPerson: { gender: '' } }, '参数错误: extPerson.gender 不能为空'],
      [{ ...SAMPLE, qualificationList: [{ skillName: '急救证', hireStatus: '1' }] }, '参数错误: qualificationList[0].hireStatus 必须是 Integer'],
      [{ ...SAMPLE, personPositionList: ['112524'] }, '参数错误: personPositionList 必须是 List<Map>'],
      [{ ...SAMPLE, certificateType: undefined }, '参数错误: 增加证件时 certificateType 必填'],
      [{ personId: '5001540', personType: 'Employee' }, '参数错误: personName 不能为空'],
    ]
    for (const [body, msg] of refusals) {
      const { status, answer } = await update(body)
      assert.deepEqual([status, answer.msg, answer.success], [200, msg, false], JSON.stringify(body))
    }
  })
})
