import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { canonicalUrl, tuyaSign } from '../../main/core/connectors/tuya/sign'
import { startSimulator, type SimulatorOf } from '.'

/**
 * The Tuya simulator holds requests to 004_…txt's tables: these send raw signed requests, some in
 * the document's own sample shapes (accepted) and some in shapes the document does not show
 * (refused the way Tuya refuses: 1109 param is illegal, 1104 type is incorrect, 1101 range).
 */
describe('Tuya simulator: requests are held to the personnel document', () => {
  let sim: SimulatorOf<'tuya'>
  let token = ''
  const PERSONNEL = '/v1.0/iot-02/building/personnel'
  const STAFF = '1466612511766855002'

  interface Envelope {
    success: boolean
    code?: number
    msg?: string
    result?: unknown
  }

  async function call(method: string, path: string, request: { query?: Record<string, string>; body?: unknown } = {}): Promise<Envelope> {
    const { clientId } = sim.credentials.settings as { clientId: string }
    const { clientSecret } = sim.credentials.secrets
    const url = canonicalUrl(path, Object.entries(request.query ?? {}))
    const body = request.body === undefined ? '' : JSON.stringify(request.body)
    const t = String(Date.now())
    const nonce = randomUUID()
    const accessToken = path.startsWith('/v1.0/token') ? undefined : token
    const sign = tuyaSign({ clientId, secret: clientSecret, accessToken, t, nonce, method, url, body })
    const headers: Record<string, string> = { client_id: clientId, sign, sign_method: 'HMAC-SHA256', t, nonce }
    if (accessToken) headers.access_token = accessToken
    if (body) headers['Content-Type'] = 'application/json'
    const response = await fetch(`${sim.url}${url}`, { method, headers, body: body || undefined })
    return (await response.json()) as Envelope
  }

  const add = (body: Record<string, unknown>) => call('POST', PERSONNEL, { body: { projectId: projectId(), name: 'Doc Person', ...body } })
  const projectId = () => (sim.credentials.settings as { projectId: string }).projectId
  const refusedWith = (reply: Envelope, code: number, msg: string) => assert.deepEqual({ success: reply.success, code: reply.code, msg: reply.msg }, { success: false, code, msg })
  const listed = async (personCode: string, extra: Record<string, string> = {}) => {
    const reply = await call('GET', PERSONNEL, { query: { projectId: projectId(), personCode, ...extra } })
    assert.equal(reply.success, true, JSON.stringify(reply))
    return (reply.result as { list: Array<Record<string, unknown>> }).list
  }

  before(async () => {
    sim = await startSimulator('tuya', { seed: 3 })
    const granted = await call('GET', '/v1.0/token', { query: { grant_type: '1' } })
    token = (granted.result as { access_token: string }).access_token
  })
  after(() => sim.close())

  test('the document’s own sample add (its masked digits filled in) is accepted', async () => {
    const reply = await call('POST', PERSONNEL, {
      body: { projectId: projectId(), name: 'OpenAPI Test 3', sex: 1, structureId: STAFF, mobile: '18858286000', mobileCountry: '+86', certNo: '330483199608241000', certType: 'ID_CARD_CN', certArea: 'CN', personCode: 'DOC-1' },
    })
    assert.deepEqual({ success: reply.success, result: reply.result }, { success: true, result: true })
    const [row] = await listed('DOC-1')
    assert.equal(row.mobile, '18858286000')
    assert.equal(row.mobile_country, '+86')
  })

  test('an empty mobile or e-mail (the old add of a person without them) is refused: 1109 param is illegal', async () => {
    refusedWith(await add({ personCode: 'EMPTY-M', mobile: '', email: 'a@example.com' }), 1109, 'param is illegal, please check it: mobile')
    refusedWith(await add({ personCode: 'EMPTY-E', email: '' }), 1109, 'param is illegal, please check it: email')
    assert.deepEqual(await listed('EMPTY-'), [])
    // the same person with the absent fields left out is added
    assert.equal((await add({ personCode: 'EMPTY-OK' })).success, true)
  })

  test('a malformed mobile or e-mail is refused; an edit is held to the same table', async () => {
    refusedWith(await add({ personCode: 'BAD-1', mobile: '138 0013 8000' }), 1109, 'param is illegal, please check it: mobile')
    refusedWith(await add({ personCode: 'BAD-2', mobile: '1380013800', mobileCountry: '+86' }), 1109, 'param is illegal, please check it: mobile')
    refusedWith(await add({ personCode: 'BAD-3', mobile: '+8613800138000' }), 1109, 'param is illegal, please check it: mobile')
    refusedWith(await add({ personCode: 'BAD-4', email: 'not-an-address' }), 1109, 'param is illegal, please check it: email')
    assert.equal((await add({ personCode: 'BAD-OK', mobile: '2079460000', mobileCountry: '+44' })).success, true)
    const [row] = await listed('BAD-OK')
    refusedWith(await call('PUT', PERSONNEL, { body: { projectId: projectId(), personId: row.person_id, mobile: '' } }), 1109, 'param is illegal, please check it: mobile')
    refusedWith(await call('PUT', PERSONNEL, { body: { projectId: projectId(), name: 'No id' } }), 1100, 'param is empty: personId')
    assert.equal((await listed('BAD-OK'))[0].mobile, '2079460000', 'nothing of a refused edit was applied')
  })

  test('parameters the tables do not list, of other types, or outside a value set are refused', async () => {
    refusedWith(await add({ personCode: 'SHAPE-1', phone: '13800138000' }), 1109, 'param is illegal, please check it: phone')
    refusedWith(await add({ personCode: 'SHAPE-2', sex: '1' }), 1104, 'type is incorrect: sex')
    refusedWith(await add({ personCode: 'SHAPE-3', sex: 3 }), 1101, 'params range invalid: sex')
    refusedWith(await add({ personCode: 'SHAPE-4', enabled: true }), 1104, 'type is incorrect: enabled')
    refusedWith(await add({ personCode: 'SHAPE-5', imageRating: '80' }), 1104, 'type is incorrect: imageRating')
    refusedWith(await add({ personCode: 42 }), 1104, 'type is incorrect: personCode')
    refusedWith(await add({ personCode: 'SHAPE-6', originStructureId: STAFF }), 1109, 'param is illegal, please check it: originStructureId')
    refusedWith(await call('PUT', `${PERSONNEL}/actions/disable`, { body: { projectId: projectId(), personIdList: 'x' } }), 1104, 'type is incorrect: personIdList')
    refusedWith(await call('PUT', `${PERSONNEL}/actions/disable`, { body: { projectId: projectId(), targetStructureId: STAFF } }), 1109, 'param is illegal, please check it: targetStructureId')
    refusedWith(await call('GET', PERSONNEL, { query: { projectId: projectId(), code: 'X' } }), 1109, 'param is illegal, please check it: code')
    refusedWith(await call('GET', PERSONNEL, { query: { projectId: projectId(), page: 'first' } }), 1104, 'type is incorrect: page')
    refusedWith(await call('GET', PERSONNEL, { query: { projectId: projectId(), enabled: '0' } }), 1101, 'params range invalid: enabled')
    refusedWith(await call('PUT', PERSONNEL, { query: { personId: '1' }, body: { projectId: projectId() } }), 1109, 'param is illegal, please check it: personId')
    refusedWith(await call('PATCH', PERSONNEL, { body: { projectId: projectId() } }), 1108, 'uri path invalid')
  })

  test('the list shows enabled persons unless asked for disabled ones (“Default value: 1”); the recycle list says hasMore', async () => {
    assert.equal((await add({ personCode: 'OFF-1', enabled: 2 })).success, true)
    assert.deepEqual(await listed('OFF-1'), [])
    const [disabled] = await listed('OFF-1', { enabled: '2' })
    assert.equal(disabled.enabled, 2)
    // the disable call in its sample's shape (personId) and its table's (personIdList)
    assert.equal((await add({ personCode: 'OFF-2' })).success, true)
    const [row] = await listed('OFF-2')
    assert.equal((await call('PUT', `${PERSONNEL}/actions/disable`, { body: { projectId: projectId(), personId: row.person_id } })).success, true)
    assert.deepEqual(await listed('OFF-2'), [])
    assert.equal((await call('DELETE', `${PERSONNEL}/actions/delete`, { body: { projectId: projectId(), personIdList: [row.person_id] } })).success, true)
    const bin = await call('GET', `${PERSONNEL}/recycle-list`, { query: { projectId: projectId(), personCode: 'OFF-2', enabled: '2' } })
    assert.deepEqual(Object.keys(bin.result as object).sort(), ['hasMore', 'list', 'total'])
    assert.equal((bin.result as { total: number }).total, 1)
  })
})
