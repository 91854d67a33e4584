import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tempDir } from '../helpers/temp'
import { APP_SCHEME_PRIVILEGES, resolveAppUrl, respondToAppRequest } from '../../main/electron/app-protocol'
import { CONTENT_SECURITY_POLICY } from '../../common/security/content-security-policy'
import { photoPath } from '../../main/core/photos/photo-files'

const HASH = 'a'.repeat(64)

function folders() {
  const root = tempDir('enroll-protocol-')
  const rendererDir = join(root, 'renderer')
  const dataDir = join(root, 'data')
  mkdirSync(join(rendererDir, 'assets'), { recursive: true })
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>station</title>')
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)')
  writeFileSync(join(rendererDir, 'assets', 'face.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d]))
  mkdirSync(join(dataDir, 'photos', HASH.slice(0, 2)), { recursive: true })
  writeFileSync(photoPath(dataDir, HASH), Buffer.from([0xff, 0xd8, 0xff, 0xe0]))
  // What traversal would reach if it worked: the register's secrets beside the renderer.
  writeFileSync(join(root, 'secrets.json'), '{"token":"s3cret"}')
  writeFileSync(join(dataDir, 'secrets.json'), '{"token":"s3cret"}')
  return { rendererDir, dataDir }
}

const get = (url: string, f: { rendererDir: string; dataDir: string }, method = 'GET') => respondToAppRequest({ url, method }, f)

test('serves the renderer and photos with the content security policy on every response', async () => {
  const f = folders()
  const page = await get('app://station/', f)
  assert.equal(page.status, 200)
  assert.match(await page.text(), /<title>station<\/title>/)
  assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8')
  assert.equal(page.headers.get('cache-control'), 'no-store')

  const script = await get('app://station/assets/app.js', f)
  assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8')
  const wasm = await get('app://station/assets/face.wasm', f)
  assert.equal(wasm.headers.get('content-type'), 'application/wasm', 'WebAssembly.instantiateStreaming needs the wasm type')

  const photo = await get(`app://station/photos/${HASH}.jpg`, f)
  assert.equal(photo.status, 200)
  assert.deepEqual([...new Uint8Array(await photo.arrayBuffer())], [0xff, 0xd8, 0xff, 0xe0])
  assert.equal(photo.headers.get('content-type'), 'image/jpeg')

  const missing = await get('app://station/assets/nope.js', f)
  assert.equal(missing.status, 404)
  for (const response of [page, script, wasm, photo, missing]) {
    assert.equal(response.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY)
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff')
  }
})

test('refuses every way out of the renderer and photo folders', async () => {
  const f = folders()
  const attempts = [
    'app://station/%2e%2e/secrets.json',
    'app://station/%2E%2E%2Fsecrets.json',
    'app://station/assets/..%2f..%2fsecrets.json',
    'app://station/..%5c..%5csecrets.json',
    'app://station/photos/%2e%2e/%2e%2e/data/secrets.json',
    'app://station/C:%5cWindows%5cwin.ini',
    'app://station/index.html%00.png',
    'app://station/%E0%A4%A',
  ]
  for (const url of attempts) {
    const response = await get(url, f)
    assert.ok([400, 403, 404].includes(response.status), `${url} → ${response.status}`)
    assert.doesNotMatch(await response.text(), /s3cret/)
  }
  // Encoded separators survive the URL parser; they are refused outright, not looked up.
  assert.equal((await get('app://station/assets/..%2f..%2fsecrets.json', f)).status, 403)
  assert.equal((await get('app://station/..%5c..%5csecrets.json', f)).status, 403)
  // Literal (and %2e) dot segments are folded by the URL parser first: they land inside the app folder.
  const folded = await get('app://station/../../secrets.json', f)
  assert.equal(folded.status, 404)
  assert.doesNotMatch(await folded.text(), /s3cret/)
})

test('photos only by their exact content hash; other hosts and methods refused', async () => {
  const f = folders()
  assert.equal((await get('app://station/photos/AAAA.jpg', f)).status, 404)
  assert.equal((await get(`app://station/photos/${HASH.toUpperCase()}.jpg`, f)).status, 404)
  assert.equal((await get(`app://station/photos/${'b'.repeat(64)}.jpg`, f)).status, 404, 'no such file')
  assert.equal((await get('app://station/photos/secrets.json', f)).status, 404)
  assert.equal((await get('app://elsewhere/index.html', f)).status, 403)
  assert.equal((await get('app://station:8080/index.html', f)).status, 403)
  assert.equal((await get('app://user@station/index.html', f)).status, 403)
  assert.equal((await get('app://station/index.html', f, 'POST')).status, 405)
  const head = await get('app://station/index.html', f, 'HEAD')
  assert.equal(head.status, 200)
  assert.equal(await head.text(), '')
})

test('a client-side route falls back to the page; a missing file with an extension does not', async () => {
  const f = folders()
  const route = await get('app://station/persons/123', f)
  assert.equal(route.status, 200)
  assert.match(await route.text(), /station/)
  assert.equal((await get('app://station/missing.css', f)).status, 404)
  const resolved = resolveAppUrl('app://station/assets/app.js?v=1#top', f.rendererDir, f.dataDir)
  assert.equal(resolved.kind, 'file')
  assert.equal(resolved.kind === 'file' && resolved.path, join(f.rendererDir, 'assets', 'app.js'))
})

test('the app: scheme is a secure standard scheme that does not bypass the CSP', () => {
  assert.equal(APP_SCHEME_PRIVILEGES.scheme, 'app')
  assert.equal(APP_SCHEME_PRIVILEGES.privileges?.standard, true)
  assert.equal(APP_SCHEME_PRIVILEGES.privileges?.secure, true, 'getUserMedia needs a secure context')
  assert.equal(APP_SCHEME_PRIVILEGES.privileges?.bypassCSP, false)
  assert.equal(APP_SCHEME_PRIVILEGES.privileges?.corsEnabled, false)
  assert.equal(APP_SCHEME_PRIVILEGES.privileges?.allowServiceWorkers, false)
})
