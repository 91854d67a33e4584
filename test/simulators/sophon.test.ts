import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { startSimulator, type SimulatorOf } from '.'

/** The SophonFogSys simulator held to 000_…txt: the sample passes, anything shaped otherwise is refused. */
describe('SophonFogSys simulator', () => {
  let sim: SimulatorOf<'sophon'>

  before(async () => {
    sim = await startSimulator('sophon')
    sim.preload([{ remoteId: '001', name: 'old' }])
  })
  after(() => sim.close())

  async function call(method: string, body: unknown): Promise<{ status: number; answer: Record<string, unknown> }> {
    const response = await fetch(`${sim.url}/SophonFogSys/api/users`, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
    return { status: response.status, answer: (await response.json()) as Record<string, unknown> }
  }

  test('the request sample passes (custom info keys kept, "" photo keeps the face) and is answered like the success sample', async () => {
    const sample = {
      info: { name: '小明', type: 1, aaa: 1, permission_ids: ['f4add9c0-4212-4064-a045-\t\t\t\t\tb6185cf00501', 'bb982244-ce4e-469d-ab5f-34314dd0c09a'] },
      identity_id: '001',
      reg_photo: '',
    }
    const imageBefore = sim.records()[0].raw.image_id
    const { status, answer } = await call('PUT', sample)
    assert.equal(status, 200)
    const data = answer.data as Record<string, unknown>
    assert.deepEqual(Object.keys(data).sort(), ['group_name', 'identity_id', 'image_id', 'info'])
    assert.equal(data.image_id, imageBefore)
    assert.deepEqual(data.info, { description: '', ...sample.info, user_id: '001' })
  })

  test('fields and types of the table: an old or other shape is refused with the error table’s form', async () => {
    const refusals: Array<[string, Record<string, unknown>, string]> = [
      ['PUT', { identity_id: '001', info: { type: '1' } }, 'info.type "1" is not one of 1, 2, 3, 4, 5'],
      ['PUT', { identity_id: '001', info: { permission_ids: 'a,b' } }, 'info.permission_ids must be a list of strings'],
      ['PUT', { identity_id: '001', info: { user_id: '002' } }, 'editing the employee number is not allowed'],
      ['PUT', { identity_id: '001' }, 'info is required (it may be empty)'],
      ['PUT', { identity_id: '001', info: {}, name: '小明' }, 'unknown field name'],
      ['PUT', { identity_id: 1, info: {} }, 'identity_id must be a string'],
      ['PUT', { identity_id: '001', info: [] }, 'info must be an object'],
      ['POST', { identity_id: '002', info: {} }, 'reg_photo is required to create a person'],
      ['DELETE', { identity_id: '001', info: {} }, 'unknown field info'],
    ]
    for (const [method, body, message] of refusals) {
      const { status, answer } = await call(method, body)
      assert.deepEqual([status, answer], [400, { error: { code: 400, message, status: 'INVALID_ARGUMENT' } }], `${method} ${JSON.stringify(body)}`)
    }
  })
})
