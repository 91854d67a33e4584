import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, statSync, writeFileSync, readFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { startServe } from '../helpers/cli'
import { tempDir } from '../helpers/temp'
import { ensureFaceFixtures } from '../../scripts/make-face-fixtures'

let server: Awaited<ReturnType<typeof startServe>>
// created at module level: a cleanup registered inside before() would run as soon as before() ends
const data = tempDir()

/** Raw HTTP, because fetch forbids setting Host and Origin: exactly the headers under test. */
function call(path: string, options: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<{ status: number; body: any; headers: Record<string, unknown> }> {
  const url = new URL(path, server.origin)
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body)
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: url.port, path: url.pathname + url.search, method: options.method ?? 'POST', headers: { 'Content-Type': 'application/json', Host: url.host, ...options.headers } },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk) => (text += chunk))
        res.on('end', () => {
          let body: unknown = text
          try {
            body = JSON.parse(text)
          } catch {}
          resolve({ status: res.statusCode!, body, headers: res.headers })
        })
      },
    )
    req.on('error', reject)
    req.end(payload)
  })
}

const auth = () => ({ Authorization: `Bearer ${server.token}` })

before(async () => {
  const renderer = join(data, '..', `renderer-${process.pid}`)
  mkdirSync(renderer, { recursive: true })
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Enrollment Station</title>')
  server = await startServe(data, '--renderer', renderer)
})
after(() => server.stop())

test('binds to 127.0.0.1 and prints a URL carrying the token; the token file is 0600', () => {
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]{40,}$/)
  const tokenFile = join(data, 'host-token')
  assert.equal(readFileSync(tokenFile, 'utf8').trim(), server.token)
  assert.equal(statSync(tokenFile).mode & 0o777, 0o600)
})

test('no token, a wrong token, a foreign Origin or a foreign Host are refused', async () => {
  assert.equal((await call('/api/app.info', { body: {} })).status, 401)
  assert.equal((await call('/api/app.info', { body: {}, headers: { Authorization: 'Bearer nope' } })).status, 401)
  assert.equal((await call('/api/app.info', { body: {}, headers: { ...auth(), Origin: 'http://evil.example' } })).status, 403)
  assert.equal((await call('/api/app.info', { body: {}, headers: { ...auth(), Host: 'evil.example' } })).status, 421)
  const refused = await call('/api/person.add', { body: { name: 'Sneaky' }, headers: { Origin: 'http://127.0.0.1:1' , ...auth() } })
  assert.equal(refused.status, 403)
  const list = await call('/api/person.list', { body: {}, headers: auth() })
  assert.equal(list.body.result.total, 0, 'nothing got in')
})

test('the contract works over HTTP with the same validation, errors naming the field', async () => {
  const ok = await call('/api/person.add', { body: { name: 'Grace', phone: '13800138000' }, headers: { ...auth(), Origin: server.origin } })
  assert.equal(ok.status, 200)
  assert.equal(ok.body.result.phone, '+8613800138000')
  const bad = await call('/api/person.add', { body: { name: 'Grace', email: 'nope' }, headers: auth() })
  assert.equal(bad.status, 400)
  assert.equal(bad.body.error.field, 'email')
  const unknown = await call('/api/person.fly', { body: {}, headers: auth() })
  assert.equal(unknown.status, 404)
  const notJson = await call('/api/app.info', { body: {}, headers: { ...auth(), 'Content-Type': 'text/plain' } })
  assert.equal(notJson.status, 415, 'simple cross-site form posts cannot reach the API')
})

test('photos need the token; static files are served with a CSP', async () => {
  const photo = readFileSync((await ensureFaceFixtures()).faceB).toString('base64')
  const added = await call('/api/person.add', { body: { name: 'Photo', photo: { base64: photo, source: 'file' } }, headers: auth() })
  assert.equal(added.status, 200, JSON.stringify(added.body))
  const hash = added.body.result.photo.hash
  assert.equal((await call(`/photos/${hash}.jpg`, { method: 'GET' })).status, 401)
  const image = await call(`/photos/${hash}.jpg?token=${server.token}`, { method: 'GET' })
  assert.equal(image.status, 200)
  assert.equal(image.headers['content-type'], 'image/jpeg')
  const page = await call('/', { method: 'GET' })
  assert.equal(page.status, 200)
  assert.match(String(page.headers['content-security-policy']), /default-src 'self'/)
})
