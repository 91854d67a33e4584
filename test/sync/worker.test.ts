import { test } from 'node:test'
import assert from 'node:assert/strict'
import { addSimTarget, stateOf, storedPhoto, waitFor, withSim } from './helpers'

/** A fetch that sees every call the connectors make (after the rate limit let it go). */
function recordingFetch() {
  const calls: Array<{ at: number; body: string }> = []
  let inFlight = 0
  let maxInFlight = 0
  const perPerson = new Map<string, number>()
  let personOverlap = 0
  const fetcher: typeof fetch = async (input, init) => {
    const body = typeof init?.body === 'string' ? init.body : ''
    const identity = /"identity_id":"([^"]+)"/.exec(body)?.[1]
    calls.push({ at: performance.now(), body })
    inFlight++
    maxInFlight = Math.max(maxInFlight, inFlight)
    if (identity) {
      if (perPerson.get(identity)) personOverlap++
      perPerson.set(identity, (perPerson.get(identity) ?? 0) + 1)
    }
    try {
      return await fetch(input, init)
    } finally {
      inFlight--
      if (identity) perPerson.set(identity, perPerson.get(identity)! - 1)
    }
  }
  return { fetcher, calls, maxInFlight: () => maxInFlight, personOverlap: () => personOverlap }
}

test('per person strict order: one push at a time, each sending a newer version than the last', async () => {
  const recorder = recordingFetch()
  await withSim('sophon', async (sim, station) => {
    await addSimTarget(station, sim, 'fog', { settings: { syncConcurrency: 8 } })
    const photo = await storedPhoto(station)
    const people = []
    for (let i = 0; i < 4; i++) people.push(await station.persons.add({ code: `O${i}`, name: `O${i} edit 0`, type: 'employee', photo } as never, 'test'))
    await station.sync.start()
    // keep editing while pushes are under way
    for (let round = 1; round <= 15; round++) {
      for (const person of people) {
        const current = station.persons.get(person.id)!
        await station.persons.edit(person.id, { name: `${person.code} edit ${round}` }, current.version, 'test')
      }
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    assert.equal(await station.sync.worker.whenIdle(20_000), true)

    assert.equal(recorder.personOverlap(), 0, 'never two calls for one person at once')
    for (const person of people) {
      const sent = recorder.calls
        .filter((call) => call.body.includes(`"identity_id":"${person.code}"`))
        .map((call) => Number(/edit (\d+)/.exec(call.body)?.[1]))
      for (let i = 1; i < sent.length; i++) assert.ok(sent[i] >= sent[i - 1], `${person.code}: versions sent in order (${sent.join(', ')})`)
      assert.equal(sent.at(-1), 15, `${person.code}: the last push carries the last edit`)
    }
    assert.deepEqual(sim.records().map((r) => r.name).sort(), people.map((p) => `${p.code} edit 15`))
  }, { sim: { faults: { slow: 0.5, slowMs: 30, error5xx: 0.2 }, seed: 3 }, station: { connectorOptions: { fetch: recorder.fetcher } } })
})

test('concurrency and the rate limit of a target are never exceeded', async () => {
  const recorder = recordingFetch()
  await withSim('sophon', async (sim, station) => {
    await addSimTarget(station, sim, 'fog', { settings: { syncConcurrency: 3, syncRatePerSecond: 40 } })
    const photo = await storedPhoto(station)
    for (let i = 0; i < 100; i++) await station.persons.add({ code: `R${i}`, name: `Rate ${i}`, type: 'employee', photo } as never, 'test')
    await station.sync.start()
    assert.equal(await station.sync.worker.whenIdle(20_000), true)
    assert.equal(sim.records().length, 100)
    assert.ok(recorder.maxInFlight() <= 3, `at most 3 calls at once (saw ${recorder.maxInFlight()})`)
    // a token bucket of 40/s with a burst of 40: any window of w seconds holds at most 40 + 40·w calls
    const times = recorder.calls.map((call) => call.at)
    for (let i = 0; i < times.length; i++) {
      for (let j = i + 1; j < times.length; j++) {
        const windowSeconds = (times[j] - times[i]) / 1000
        assert.ok(j - i + 1 <= 40 + Math.ceil(40 * windowSeconds) + 1, `calls ${i}..${j} came faster than 40 per second`)
      }
    }
  }, { sim: { faults: { slow: 1, slowMs: 20 } }, station: { connectorOptions: { fetch: recorder.fetcher } } })
})

test("a 429's Retry-After is a floor for the next attempt of that person", async () => {
  await withSim('sophon', async (sim, station) => {
    const target = await addSimTarget(station, sim, 'fog')
    const person = await station.persons.add({ code: 'RA1', name: 'Hinted', type: 'employee', photo: await storedPhoto(station) } as never, 'test')
    await station.sync.start()
    const deadline = Date.now() + 5_000
    while (stateOf(station, person.id, target.id)?.state !== 'failing' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10))
    const row = stateOf(station, person.id, target.id)
    assert.equal(row.state, 'failing')
    assert.equal(row.lastError?.status, 429)
    assert.ok(Date.parse(row.nextAttemptAt!) - Date.parse(row.lastError!.at) >= 3_000, `next attempt ${row.nextAttemptAt} is at least 3 s after ${row.lastError!.at}`)
    assert.equal(sim.stats().requests, 1, 'nothing was sent again before the hint passed')
  }, { sim: { faults: { rateLimit: 1, retryAfterSeconds: 3 } } })
})

test('progress events and tray counts follow the queue', async () => {
  await withSim('sophon', async (sim, station) => {
    await addSimTarget(station, sim, 'fog')
    const photo = await storedPhoto(station)
    for (let i = 0; i < 30; i++) await station.persons.add({ code: `E${i}`, name: `Event ${i}`, type: 'employee', photo } as never, 'test')
    const progress: Array<{ done: number; total: number }> = []
    const counts: Array<{ pending: number }> = []
    station.events.subscribe((event) => {
      if (event.type === 'progress' && event.task === 'sync') progress.push({ done: event.done, total: event.total })
    })
    station.sync.onCounts((value) => counts.push(value))
    await station.sync.start()
    assert.equal(await station.sync.worker.whenIdle(10_000), true)
    // the last report follows within one reporting interval (50 ms here); a loaded machine may take longer
    await waitFor(() => progress.at(-1)?.done === 30 && counts.at(-1)?.pending === 0).catch(() => {})
    assert.ok(progress.length > 0, 'progress was reported')
    assert.deepEqual(progress.at(-1), { done: 30, total: 30 })
    assert.equal(counts.at(-1)?.pending, 0)
    const history = station.sync.historySeries(1)
    assert.equal(history.reduce((sum, bucket) => sum + bucket.pushed, 0), 30)
    assert.equal(history.length, 6, 'six 10-minute buckets in an hour')
  })
})
