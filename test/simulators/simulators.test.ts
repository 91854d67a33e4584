import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { createConnector } from '../../main/core/connectors'
import { connectorDefinitions } from '../../main/core/connectors/definitions'
import { simulatedKinds, startSimulator } from '.'

describe('simulators', () => {
  test('every back end in the list of definitions has its simulator, found by its file name', () => {
    const kinds = connectorDefinitions().map((definition) => definition.kind)
    assert.deepEqual(simulatedKinds(kinds), kinds)
    assert.deepEqual(simulatedKinds(['nosuchkind', '../index']), [])
  })

  for (const kind of simulatedKinds()) {
    test(`${kind}: its own credentials work, with the uniform handle`, async () => {
      const sim = await startSimulator(kind, { seed: 1 })
      try {
        assert.equal(sim.kind, kind)
        assert.equal(sim.url, `http://127.0.0.1:${sim.port}`)
        const { baseUrl, settings, secrets } = sim.credentials
        const connector = createConnector({ kind, baseUrl, settings, mapping: { types: {}, groups: {}, genders: {}, certificateTypes: {}, phone: {} } }, secrets)
        assert.match((await connector.testConnection()).message, /\S/)
        sim.preload([{ remoteId: 'R1', name: 'Preloaded', personCode: 'R1' }])
        assert.deepEqual(
          sim.records().map((r) => r.remoteId),
          ['R1'],
        )
        assert.equal(sim.stats().creates, 0)
      } finally {
        await sim.close()
      }
    })
  }

  test('faults are drawn from the seed: the same seed gives the same sequence', async () => {
    const outcomes = async (seed: number) => {
      const sim = await startSimulator('yce', { seed, faults: { error5xx: 0.3, rateLimit: 0.2 } })
      try {
        const statuses: number[] = []
        for (let i = 0; i < 30; i++) {
          const response = await fetch(`${sim.url}/api/v1/users/login`, { method: 'POST', body: '{}' })
          statuses.push(response.status)
          await response.arrayBuffer()
        }
        return statuses
      } finally {
        await sim.close()
      }
    }
    const first = await outcomes(42)
    assert.deepEqual(await outcomes(42), first)
    assert.notDeepEqual(await outcomes(43), first)
    assert.ok(first.includes(429) && first.some((s) => s >= 500) && first.includes(200))
  })

  test('stop takes the back end down and cuts hanging requests; start brings it back on the same port', async () => {
    const sim = await startSimulator('sophon', { faults: { timeout: 1 } })
    try {
      const hanging = fetch(sim.url, { method: 'PUT', body: '{}' }).then(
        () => 'answered',
        () => 'cut',
      )
      await new Promise((resolve) => setTimeout(resolve, 50))
      await sim.stop()
      assert.equal(await hanging, 'cut')
      await assert.rejects(fetch(sim.url))
      await sim.start()
      sim.setFaults({})
      assert.equal((await fetch(`${sim.url}/SophonFogSys/api/users`)).status, 405)
      assert.equal(sim.stats().faults.timeout, 1)
    } finally {
      await sim.close()
    }
  })
})
