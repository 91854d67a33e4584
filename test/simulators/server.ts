import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'

/**
 * Faults a simulator injects, each a probability per request (0–1), drawn from a seeded PRNG so a
 * run is repeatable. At most one of reset / timeout / error5xx / rateLimit / lostReply applies
 * to a request; `slow` is drawn separately.
 */
export interface Faults {
  /** Connection destroyed before the request is handled. */
  reset?: number
  /** No answer at all: the request hangs until the client gives up or the simulator stops. */
  timeout?: number
  /** A 500/502/503 in the back end's own error format, before the request is handled. */
  error5xx?: number
  /** 429 with Retry-After (retryAfterSeconds). */
  rateLimit?: number
  retryAfterSeconds?: number
  /** The request IS handled, then the connection is destroyed: the client never learns it worked. */
  lostReply?: number
  /** The answer is delayed by slowMs. */
  slow?: number
  slowMs?: number
  /** Tokens / sessions stop being accepted after this many authenticated calls each (0: none is ever accepted). */
  tokenExpiresEveryCalls?: number
}

export interface SimRequest {
  method: string
  path: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  body: Buffer
  header(name: string): string | undefined
}

export interface SimReply {
  status: number
  headers?: Record<string, string>
  body?: string | Buffer
}

export type SimHandler = (request: SimRequest) => SimReply | Promise<SimReply>

export interface FaultCounts {
  reset: number
  timeout: number
  error5xx: number
  rateLimit: number
  lostReply: number
  slow: number
}

const MAX_BODY_BYTES = 20 * 1024 * 1024

/** mulberry32: tiny, fast, and the same sequence for the same seed on every platform. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function json(status: number, value: unknown, headers: Record<string, string> = {}): SimReply {
  return { status, headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(value) }
}

/** An HTTP server on 127.0.0.1 that can be taken down and brought back on the same port. */
export class LoopbackServer {
  faults: Faults
  readonly faultCounts: FaultCounts = { reset: 0, timeout: 0, error5xx: 0, rateLimit: 0, lostReply: 0, slow: 0 }
  requests = 0
  private server: Server | null = null
  private readonly sockets = new Set<Socket>()
  private readonly hanging = new Set<ServerResponse>()
  private readonly random: () => number
  private assignedPort: number

  constructor(
    private readonly handler: SimHandler,
    /** The back end's own body for an injected 5xx / 429. */
    private readonly faultReply: (status: number) => SimReply,
    options: { seed?: number; faults?: Faults; port?: number } = {},
  ) {
    this.random = seededRandom(options.seed ?? 1)
    this.faults = { ...(options.faults ?? {}) }
    this.assignedPort = options.port ?? 0
  }

  get port(): number {
    return this.assignedPort
  }

  get url(): string {
    return `http://127.0.0.1:${this.assignedPort}`
  }

  get running(): boolean {
    return this.server !== null
  }

  async start(): Promise<void> {
    if (this.server) return
    const server = createServer((req, res) => this.serve(req, res))
    server.keepAliveTimeout = 5000
    server.on('connection', (socket) => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.assignedPort, '127.0.0.1', () => {
        server.off('error', reject)
        resolve()
      })
    })
    const address = server.address()
    if (address && typeof address === 'object') this.assignedPort = address.port
    this.server = server
  }

  /** Takes the back end down: open connections are cut, hanging requests dropped. */
  async stop(): Promise<void> {
    const server = this.server
    if (!server) return
    this.server = null
    const closed = new Promise<void>((resolve) => server.close(() => resolve()))
    for (const socket of this.sockets) socket.destroy()
    this.hanging.clear()
    await closed
  }

  private serve(req: import('node:http').IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= MAX_BODY_BYTES) chunks.push(chunk)
    })
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) {
        this.write(res, { status: 413, body: 'Request Entity Too Large' })
        return
      }
      void this.answer(req, res, Buffer.concat(chunks))
    })
    req.on('error', () => res.destroy())
  }

  private async answer(req: import('node:http').IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    this.requests++
    const fault = this.drawFault()
    const slow = this.random() < (this.faults.slow ?? 0)
    if (fault === 'reset') {
      this.faultCounts.reset++
      req.socket.destroy()
      return
    }
    if (fault === 'timeout') {
      this.faultCounts.timeout++
      this.hanging.add(res)
      res.on('close', () => this.hanging.delete(res))
      return
    }
    if (slow) {
      this.faultCounts.slow++
      await new Promise((resolve) => setTimeout(resolve, this.faults.slowMs ?? 200))
      if (res.destroyed) return
    }
    if (fault === 'error5xx') {
      this.faultCounts.error5xx++
      this.write(res, this.faultReply([500, 502, 503][Math.floor(this.random() * 3)]))
      return
    }
    if (fault === 'rateLimit') {
      this.faultCounts.rateLimit++
      const reply = this.faultReply(429)
      this.write(res, { ...reply, headers: { ...reply.headers, 'Retry-After': String(this.faults.retryAfterSeconds ?? 1) } })
      return
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const request: SimRequest = {
      method: req.method ?? 'GET',
      path: decodeURIComponent(url.pathname),
      query: url.searchParams,
      headers: req.headers,
      body,
      header: (name) => {
        const value = req.headers[name.toLowerCase()]
        return Array.isArray(value) ? value[0] : value
      },
    }
    let reply: SimReply
    try {
      reply = await this.handler(request)
    } catch (error) {
      reply = { ...this.faultReply(500) }
      console.error('simulator handler failed:', error)
    }
    if (fault === 'lostReply') {
      this.faultCounts.lostReply++
      req.socket.destroy()
      return
    }
    this.write(res, reply)
  }

  private drawFault(): keyof Omit<FaultCounts, 'slow'> | null {
    const draw = this.random()
    let edge = 0
    for (const kind of ['reset', 'timeout', 'error5xx', 'rateLimit', 'lostReply'] as const) {
      edge += this.faults[kind] ?? 0
      if (draw < edge) return kind
    }
    return null
  }

  private write(res: ServerResponse, reply: SimReply): void {
    if (res.destroyed) return
    res.writeHead(reply.status, reply.headers ?? {})
    res.end(reply.body ?? '')
  }
}
