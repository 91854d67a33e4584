/**
 * The test hub itself: closing it must leave nothing running in the test process, or the test
 * file never ends (express-pouchdb keeps a feed's heartbeat timer until the feed ends, and a
 * continuous feed whose client hung up never ends by itself).
 */
import assert from 'node:assert/strict'
import { connect } from 'node:net'
import { test } from 'node:test'
import { startSiteHub } from '../helpers/site-hub'

const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length

test('a closed hub leaves no feed timer behind, though clients hung up as their long polls started', async () => {
  const before = timers()
  const hub = await startSiteHub({ users: { desk: 'secret' } })
  const authorization = `Basic ${Buffer.from('desk:secret').toString('base64')}`
  assert.equal((await fetch(hub.databaseUrl('feeds'), { method: 'PUT', headers: { authorization } })).status, 201)
  // a desk process that ends while its long poll is starting: the request is sent, the connection dropped at once
  for (let i = 0; i < 20; i++) {
    await new Promise<void>((resolve) => {
      const socket = connect(hub.port, '127.0.0.1', () => {
        socket.write(`GET /feeds/_changes?feed=longpoll&heartbeat=1000&since=now HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${authorization}\r\n\r\n`)
        setImmediate(() => socket.destroy())
      })
      socket.on('close', () => resolve())
    })
  }
  // the hub starts the dropped feeds one after another (a few ms each, longer on a loaded machine);
  // each running feed holds one heartbeat timer
  const started = Date.now() + 20_000
  while (timers() < before + 20 && Date.now() < started) await new Promise((resolve) => setTimeout(resolve, 50))
  assert.ok(timers() >= before + 20, `hung-up long polls hold heartbeat timers while the hub runs (${timers() - before} of 20)`)

  await hub.close()
  // fetch's idle keep-alive connection has a timer of its own that ends within seconds; a feed's never does
  const deadline = Date.now() + 10_000
  while (timers() > before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100))
  assert.equal(timers(), before, `timers left: ${JSON.stringify(process.getActiveResourcesInfo())}`)
})
