/**
 * `enroll serve` against requests a hostile page or a broken client sends: each gets a 4xx,
 * the process keeps serving, the token is accepted in the query only where no header can be
 * sent, and the token file goes when the server stops.
 */
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { connect } from 'node:net'
import { startServe } from '../helpers/cli'
import { tempDir } from '../helpers/temp'
import { apiCall, rawCall } from './host-requests'

let server: Awaited<ReturnType<typeof startServe>>
let port: number
const data = tempDir()

before(async () => {
  const renderer = join(data, '..', `renderer-malformed-${process.pid}`)
  mkdirSync(renderer, { recursive: true })
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Enrollment Station</title>')
  server = await startServe(data, '--renderer', renderer)
  port = Number(new URL(server.origin).port)
})
after(() => server.stop())

test('malformed paths get a 4xx, without a token too, and the server keeps serving', async () => {
  const paths = ['/%ff', '/%', '/%E0%A4%A', '/assets/%c0%af', '/..%2f..%2fetc%2fpasswd', '/%00', '/a%00b.js', '/api/%ff', '/api/person.list%ff', '/photos/%ff.jpg', '/%ff/%fe/%fd']
  for (const path of paths) {
    for (const method of ['GET', 'POST']) {
      const response = await rawCall(port, { method, path, headers: { 'Content-Type': 'application/json' }, body: '{}' })
      assert.ok(response.status >= 400 && response.status < 500, `${method} ${path} answered ${response.status}`)
    }
  }
  assert.equal(server.child.exitCode, null, 'enroll serve is still running')
  const info = await apiCall(port, server.token, 'app.info', {})
  assert.equal(info.status, 200)
})

test('a body that is not UTF-8 or not JSON is a 400; a client hanging up mid-body is survived', async () => {
  const headers = { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' }
  const badUtf8 = await rawCall(port, { method: 'POST', path: '/api/person.add', headers, body: Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]) })
  assert.equal(badUtf8.status, 400)
  assert.equal(badUtf8.body.error.field, 'body')
  const notJson = await rawCall(port, { method: 'POST', path: '/api/person.add', headers, body: '{"name": ' })
  assert.equal(notJson.status, 400)
  await new Promise<void>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`POST /api/person.add HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${server.token}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"name":"Cut"`)
      setTimeout(() => {
        socket.destroy()
        resolve()
      }, 100)
    })
    socket.on('error', reject)
  })
  const list = await apiCall(port, server.token, 'person.list', {})
  assert.equal(list.status, 200)
  assert.equal(list.body.result.total, 0, 'none of these added anyone')
})

test('?token= opens the event stream and photos only; API calls need the header', async () => {
  const query = `?token=${server.token}`
  const refused = await rawCall(port, { method: 'POST', path: `/api/app.info${query}`, headers: { 'Content-Type': 'application/json' }, body: '{}' })
  assert.equal(refused.status, 401)
  const add = await rawCall(port, { method: 'POST', path: `/api/person.add${query}`, headers: { 'Content-Type': 'application/json' }, body: '{"name":"Via Query"}' })
  assert.equal(add.status, 401)
  assert.equal((await apiCall(port, server.token, 'app.info', {})).status, 200)
  // the event stream is held open: read its status and hang up
  const events = await new Promise<number>((resolve, reject) => {
    import('node:http').then(({ get }) => {
      const req = get({ host: '127.0.0.1', port, path: `/api/events${query}`, headers: { Host: `127.0.0.1:${port}` } }, (res) => {
        resolve(res.statusCode ?? 0)
        req.destroy()
      })
      req.on('error', reject)
    })
  })
  assert.equal(events, 200)
  const photo = await rawCall(port, { path: `/photos/${'0'.repeat(64)}.jpg${query}` })
  assert.equal(photo.status, 404, 'authorised by the query token, then not found')
  assert.equal((await rawCall(port, { path: `/photos/${'0'.repeat(64)}.jpg` })).status, 401)
})

test('the host-token file is removed when the server stops (SIGTERM)', async () => {
  const tokenFile = join(data, 'host-token')
  assert.ok(existsSync(tokenFile))
  await server.stop()
  assert.equal(existsSync(tokenFile), false)
})
