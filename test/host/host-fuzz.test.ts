/**
 * Fuzz pass over `enroll serve`: seeded random requests (malformed paths, methods, headers and
 * bodies, huge and cut-off bodies, bad JSON and bad UTF-8, with and without the token, some as
 * raw bytes on a socket). Every request gets an answer or a closed connection, the process never
 * ends, and a refused request leaves the register exactly as it was (digest before and after).
 * FUZZ_SEED and FUZZ_ROUNDS repeat or lengthen a run.
 */
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { signInServed, startServe, TEST_ADMINISTRATOR } from '../helpers/cli'
import { tempDir } from '../helpers/temp'
import { seededRandom } from '../simulators/server'
import { contract } from '../../common/contract'
import { apiCall, rawCall, registerDigest, type RawRequest } from './host-requests'

const SEED = Number(process.env.FUZZ_SEED ?? 20261203)
const ROUNDS = Number(process.env.FUZZ_ROUNDS ?? 600)

let server: Awaited<ReturnType<typeof startServe>>
let port: number
const data = tempDir()

before(async () => {
  const renderer = join(data, '..', `renderer-fuzz-${process.pid}`)
  mkdirSync(join(renderer, 'assets'), { recursive: true })
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Enrollment Station</title>')
  writeFileSync(join(renderer, 'assets', 'app.js'), 'export {}')
  server = await startServe(data, '--renderer', renderer, '--no-sync')
  port = Number(new URL(server.origin).port)
})
after(() => server.stop())

type Random = () => number

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]
}

function randomBytes(random: Random, length: number): Buffer {
  const bytes = Buffer.alloc(length)
  for (let i = 0; i < length; i++) bytes[i] = Math.floor(random() * 256)
  return bytes
}

const CHANNELS = Object.keys(contract)
const SEGMENTS = ['', '.', '..', '%2e%2e', '%2f', '%5c', '%00', '%ff', '%', '%e0%a4', '%c0%af', '~', 'index.html', 'assets', 'app.js', '\u00e9', '%F0%9F%98%80', 'api', 'photos', 'events', '?', '#', ';', '%252e']

function randomPath(random: Random): string {
  switch (Math.floor(random() * 6)) {
    case 0:
      return `/api/${pick(random, CHANNELS)}`
    case 1:
      return `/api/${encodeURIComponent(randomBytes(random, 1 + Math.floor(random() * 12)).toString('latin1'))}`
    case 2:
      return `/photos/${randomBytes(random, 32).toString('hex')}.jpg${random() < 0.5 ? '?token=nope' : ''}`
    case 3:
      return `/${'a/'.repeat(Math.floor(random() * 2000))}`
    default: {
      const parts = Array.from({ length: 1 + Math.floor(random() * 6) }, () => pick(random, SEGMENTS))
      return `/${parts.join('/')}`.replace(/[^\x21-\x7e]/g, (c) => encodeURIComponent(c))
    }
  }
}

function randomBody(random: Random): Buffer | string | undefined {
  switch (Math.floor(random() * 9)) {
    case 0:
      return undefined
    case 1:
      return randomBytes(random, Math.floor(random() * 2048))
    case 2:
      return '{"name": '
    case 3:
      return Buffer.concat([Buffer.from('{"name":"'), randomBytes(random, 16), Buffer.from('"}')])
    case 4:
      return `${'['.repeat(5000)}${']'.repeat(5000)}`
    case 5:
      return JSON.stringify({ name: '\u0000\u001b[2J\u202e', __proto__: { admin: true }, constructor: { prototype: {} } })
    case 6:
      return JSON.stringify({ id: pick(random, ['', '__proto__', '../../etc', 'x'.repeat(5000)]), version: -1, path: '/etc', destination: '/tmp' })
    case 7:
      return JSON.stringify(Array.from({ length: 50 }, () => random()))
    default:
      return 'null'
  }
}

function randomRequest(random: Random): RawRequest {
  const headers: Record<string, string> = {}
  const token = random()
  if (token < 0.6) headers.Authorization = `Bearer ${server.token}`
  else if (token < 0.7) headers.Authorization = 'Bearer ' + 'A'.repeat(43)
  else if (token < 0.75) headers.Authorization = `Basic ${server.token}`
  if (random() < 0.7) headers['Content-Type'] = pick(random, ['application/json', 'application/json; charset=latin1', 'text/plain', 'multipart/form-data; boundary=x', 'application/jsonx'])
  if (random() < 0.15) headers.Origin = pick(random, ['http://evil.example', 'null', `http://127.0.0.1:${port}`, 'file://'])
  if (random() < 0.05) headers['Transfer-Encoding'] = 'chunked'
  return { method: pick(random, ['GET', 'POST', 'POST', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'HEAD', 'PROPFIND']), path: randomPath(random), headers, body: randomBody(random) }
}

/** Bytes no well-behaved client sends: broken request lines, bad header bytes, a body cut short. */
function randomRawBytes(random: Random): Buffer {
  const host = `Host: 127.0.0.1:${port}\r\n`
  const auth = `Authorization: Bearer ${server.token}\r\n`
  return pick(random, [
    () => randomBytes(random, 1 + Math.floor(random() * 512)),
    () => Buffer.from(`GET /%ff HTTP/1.1\r\n${host}\r\n`),
    () => Buffer.from(`GET / HTTP/9.9\r\n${host}\r\n`),
    () => Buffer.concat([Buffer.from(`GET /\xff\xfe HTTP/1.1\r\n${host}X-Bad: `), randomBytes(random, 64), Buffer.from('\r\n\r\n')]),
    () => Buffer.from(`POST /api/person.add HTTP/1.1\r\n${host}${auth}Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"name":"Cut`),
    () => Buffer.from(`POST /api/person.add HTTP/1.1\r\n${host}${auth}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n`),
    () => Buffer.from(`GET / HTTP/1.1\r\n${host}${'X-Long: ' + 'a'.repeat(20_000)}\r\n\r\n`),
  ])()
}

function sendRawBytes(bytes: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(bytes))
    socket.setTimeout(2_000, () => socket.destroy())
    socket.on('data', () => {})
    socket.on('error', () => resolve())
    socket.on('close', () => resolve())
  })
}

/** The register as the contract shows it; a fuzzed session.signOut or session.lock leaves the token's session signed out, so it signs in again first. */
async function currentDigest(): Promise<string> {
  const { operator, locked } = (await apiCall(port, server.token, 'session.status', {})).body.result
  if (!operator || locked) await signInServed(server, TEST_ADMINISTRATOR)
  return registerDigest(port, server.token)
}

test(`host fuzz: ${ROUNDS} seeded rounds of malformed requests; 0 crashes, 0 changes from a refused request`, async (t) => {
  const random = seededRandom(SEED)
  assert.equal((await apiCall(port, server.token, 'group.add', { name: 'Lobby', id: 'lobby' })).status, 200)
  assert.equal((await apiCall(port, server.token, 'person.add', { name: 'Seed Person', code: 'S1', type: 'employee', groups: ['lobby'] })).status, 200)
  let digest = await currentDigest()
  const statuses = new Map<number, number>()
  let accepted = 0
  for (let round = 1; round <= ROUNDS; round++) {
    const raw = random() < 0.1
    let status = 0
    if (raw) await sendRawBytes(randomRawBytes(random))
    else status = (await rawCall(port, randomRequest(random))).status
    statuses.set(status, (statuses.get(status) ?? 0) + 1)
    assert.equal(server.child.exitCode, null, `round ${round} (seed ${SEED}) ended enroll serve`)
    assert.ok(raw || status === 0 || (status >= 200 && status < 600), `round ${round}: status ${status}`)
    assert.ok(status !== 500, `round ${round} (seed ${SEED}): an internal error instead of a refusal`)
    const after = await currentDigest()
    if (status === 200) {
      accepted++
      digest = after
    } else assert.equal(after, digest, `round ${round} (seed ${SEED}): a refused request (status ${status}) changed the register`)
  }
  // one body over the limit, once: refused without being kept in memory
  const huge = await rawCall(port, { method: 'POST', path: '/api/person.add', headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' }, body: Buffer.alloc(41 * 1024 * 1024, 0x20) })
  assert.equal(huge.status, 413)
  assert.equal(await currentDigest(), digest)
  assert.equal((await apiCall(port, server.token, 'app.info', {})).status, 200, 'still serving')
  t.diagnostic(`seed ${SEED}: ${ROUNDS} rounds run (+1 body of 41 MB), ${accepted} accepted; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`)
})
