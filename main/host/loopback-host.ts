import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile, rm, stat } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import type { AddressInfo } from 'node:net'
import type { Station } from '../core/station'
import { createHandlers, dispatch, type Handlers } from '../core/api/handlers'
import { OperatorSession } from '../core/operators/session'
import { guardOf } from '../core/operators/session-bound'
import { writeFileDurably } from '../core/store/durable-file'
import { CONTENT_SECURITY_POLICY } from '../../common/security/content-security-policy'

/**
 * Serves the real renderer and the contract over HTTP on 127.0.0.1 only: for testing the UI in
 * a browser, and for a second screen on the same PC. Each start makes a new bearer token; the
 * Host and Origin headers must name this loopback address, which stops DNS-rebinding pages and
 * other local sites from driving the register through a user's browser.
 *
 * The token only opens the door: the browser then signs in (`session.*`), and every channel is
 * checked against that session's operator like any other caller's. The session belongs to the
 * token, so whoever holds the token (the page, a test over HTTP) shares one sign-in.
 */
export interface LoopbackHostOptions {
  station: Station
  rendererDir: string
  port?: number
  /** Tests pass a fixed token; by default a fresh random one per start. */
  token?: string
}

export interface LoopbackHost {
  url: string
  /** The URL to open: carries the token in the fragment, which browsers never send to a server. */
  openUrl: string
  token: string
  port: number
  tokenFile: string
  close(): Promise<void>
}

const MAX_BODY_BYTES = 40 * 1024 * 1024
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
}

export async function startLoopbackHost(options: LoopbackHostOptions): Promise<LoopbackHost> {
  const token = options.token ?? randomBytes(32).toString('base64url')
  const tokenBytes = Buffer.from(token)
  const handlers: Handlers = createHandlers(options.station, new OperatorSession())
  const subscribers = new Set<ServerResponse>()
  let port = 0

  const allowedHosts = () => [`127.0.0.1:${port}`, `localhost:${port}`]
  const allowedOrigins = () => allowedHosts().map((host) => `http://${host}`)

  /**
   * The bearer header everywhere; `?token=` only where a browser cannot send a header (an
   * EventSource, an <img>), so a token never needs to sit in the URL of an API call.
   */
  const authorized = (req: IncomingMessage, url: URL, queryAllowed: boolean): boolean => {
    const header = req.headers.authorization ?? ''
    const presented = header.startsWith('Bearer ') ? header.slice(7) : queryAllowed ? (url.searchParams.get('token') ?? '') : ''
    const bytes = Buffer.from(presented)
    return bytes.length === tokenBytes.length && timingSafeEqual(bytes, tokenBytes)
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('Referrer-Policy', 'no-referrer')
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin')
    if (!allowedHosts().includes(req.headers.host ?? '')) return sendJson(res, 421, refusal('host', `Host "${req.headers.host ?? ''}" is not this station's loopback address`))
    const origin = req.headers.origin
    if (origin !== undefined && !allowedOrigins().includes(origin)) return sendJson(res, 403, refusal('origin', `Origin "${origin}" may not use this station`))
    const url = parseRequestUrl(req)
    const pathname = url && decodePath(url.pathname)
    if (!url || pathname === null) return sendJson(res, 400, refusal('path', 'not a well-formed URL path'))

    if (pathname.startsWith('/api/')) {
      const isEventStream = pathname === '/api/events' && req.method === 'GET'
      if (!authorized(req, url, isEventStream)) return sendJson(res, 401, refusal('token', 'missing or wrong bearer token (open the URL that `enroll serve` printed)'))
      res.setHeader('Cache-Control', 'no-store')
      if (isEventStream) return openEventStream(res)
      if (req.method !== 'POST') return sendJson(res, 405, refusal('method', 'use POST'))
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return sendJson(res, 415, refusal('content-type', 'send application/json'))
      const body = await readBody(req)
      if (body === null) return sendJson(res, 413, refusal('body', `request larger than ${MAX_BODY_BYTES / 1024 / 1024} MB`))
      const input = parseJsonBody(body)
      if (input === INVALID_BODY) return sendJson(res, 400, refusal('body', 'not valid JSON in UTF-8'))
      const outcome = await dispatch(handlers, pathname.slice('/api/'.length), input)
      return sendJson(res, outcome.ok ? 200 : statusFor(outcome.error.code), outcome)
    }

    if (pathname.startsWith('/photos/')) {
      if (!authorized(req, url, true)) return sendJson(res, 401, refusal('token', 'missing or wrong token'))
      // faces are personal data: only for a signed-in, unlocked session, like person.show
      if (!mayReadPersons(handlers)) return sendJson(res, 401, refusal('session', 'sign in first'))
      const hash = /^\/photos\/([0-9a-f]{64})\.jpg$/.exec(pathname)?.[1]
      if (!hash) return sendJson(res, 404, refusal('photo', 'no such photo'))
      let bytes: Buffer
      try {
        bytes = await options.station.photos.read(hash)
      } catch {
        return sendJson(res, 404, refusal('photo', 'no such photo'))
      }
      res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Cache-Control': 'private, max-age=31536000, immutable' })
      res.end(bytes)
      return
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, refusal('method', 'use GET'))
    return await serveStatic(res, options.rendererDir, pathname)
  }

  // Every request's promise is caught here: one bad request must never take the station down.
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, refusal('server', (error as Error)?.message ?? String(error)))
      else res.destroy()
    })
  })

  const unsubscribe = options.station.events.subscribe((event) => {
    const frame = `data: ${JSON.stringify(event)}\n\n`
    for (const subscriber of subscribers) subscriber.write(frame)
  })

  function openEventStream(res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' })
    res.write(': connected\n\n')
    subscribers.add(res)
    res.on('close', () => subscribers.delete(res))
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  port = (server.address() as AddressInfo).port
  const url = `http://127.0.0.1:${port}/`
  const tokenFile = join(options.station.dataDir, 'host-token')
  await writeFileDurably(tokenFile, `${token}\n`, { mode: 0o600 })

  return {
    url,
    openUrl: `${url}#token=${token}`,
    token,
    port,
    tokenFile,
    async close() {
      unsubscribe()
      for (const subscriber of subscribers) subscriber.end()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      // a stopped server's token opens nothing, but it should not lie around either
      await rm(tokenFile, { force: true })
    },
  }
}

const INVALID_BODY = Symbol('invalid body')

function mayReadPersons(handlers: Handlers): boolean {
  try {
    guardOf(handlers)?.admitChannel('person.show')
    return guardOf(handlers) !== undefined
  } catch {
    return false
  }
}

function parseRequestUrl(req: IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? '/', `http://${req.headers.host}`)
  } catch {
    return null
  }
}

/** The percent-decoded path, or null for malformed escapes (`/%ff`) and NUL bytes. */
function decodePath(rawPath: string): string | null {
  try {
    const path = decodeURIComponent(rawPath)
    return path.includes('\0') ? null : path
  } catch {
    return null
  }
}

/** Strict UTF-8, then JSON; an empty body is `{}`. */
function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return {}
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body))
  } catch {
    return INVALID_BODY
  }
}

function refusal(field: string, message: string) {
  return { ok: false, error: { code: 'refused', message: `${field}: ${message}`, field, issues: [{ field, message }] } }
}

function statusFor(code: string): number {
  switch (code) {
    case 'invalid':
      return 400
    case 'not_found':
      return 404
    case 'unauthorized':
      return 401
    case 'forbidden':
      return 403
    case 'conflict':
    case 'stale':
    case 'in_use':
      return 409
    case 'unsupported':
      return 501
    case 'disk_full':
      return 507
    default:
      return 500
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) })
  res.end(text)
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = false
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) tooLarge = true
      else chunks.push(chunk)
    })
    req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks)))
    req.on('error', reject)
    // a client that hangs up mid-body: settle, so nothing waits forever
    req.on('close', () => {
      if (!req.complete) reject(new Error('the client closed the connection before the body ended'))
    })
  })
}

async function serveStatic(res: ServerResponse, rendererDir: string, pathname: string): Promise<void> {
  const relative = normalize(pathname).replace(/^([/\\])+/, '')
  let path = join(rendererDir, relative)
  if (!path.startsWith(normalize(rendererDir + sep)) && path !== normalize(rendererDir)) return sendJson(res, 404, refusal('path', 'not found'))
  const info = await stat(path).catch(() => null)
  if (!info || info.isDirectory()) path = join(rendererDir, 'index.html')
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch {
    res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' })
    res.end(`The user interface is not built yet. Run: npm run build:renderer\n(looked in ${rendererDir})`)
    return
  }
  const type = MIME[extname(path)] ?? 'application/octet-stream'
  const headers: Record<string, string> = { 'Content-Type': type, 'Cache-Control': extname(path) === '.html' ? 'no-store' : 'public, max-age=3600' }
  if (type.startsWith('text/html')) headers['Content-Security-Policy'] = CONTENT_SECURITY_POLICY
  res.writeHead(200, headers)
  res.end(bytes)
}
