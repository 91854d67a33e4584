import type { EventEmitter } from 'node:events'
import type { AddressInfo } from 'node:net'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import expressPouchdb from 'express-pouchdb'
import PouchDB from 'pouchdb'
import memory from 'pouchdb-adapter-memory'

/**
 * A CouchDB-compatible site hub in the test process: express-pouchdb over PouchDB's in-memory
 * adapter, on 127.0.0.1. Desks (in this process or in child processes) talk to it over real HTTP.
 */
export interface SiteHub {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  url: string
  port: number
  /** The URL of one database on the hub. */
  databaseUrl(name: string): string
  /** Cuts every open connection and stops listening; `start()` brings it back on the same port. */
  stop(): Promise<void>
  start(): Promise<void>
  close(): Promise<void>
}

let hubs = 0

type HubPouch = ReturnType<typeof PouchDB.defaults>
/** The constructors' shared emitter, with the `ref` event the typings leave out. */
const pouchEvents = PouchDB as unknown as EventEmitter

/** Each hub its own in-memory databases: the memory adapter shares databases by name within a process. */
function hubPouch(): HubPouch {
  PouchDB.plugin(memory)
  return PouchDB.defaults({ adapter: 'memory', prefix: `site-hub-${process.pid}-${++hubs}-` } as PouchDB.Configuration.DatabaseConfiguration)
}

/**
 * The databases a hub opened, so closing it can end their feeds. express-pouchdb keeps a long-poll
 * `_changes` request's heartbeat timer until the feed ends, and a client that hangs up while the
 * feed is starting (a desk process ending) leaves the feed and its timer running for good, which
 * kept a test process alive after its tests. PouchDB constructors share one event emitter, so
 * `ref` is heard for every database in the process; only this hub's are kept.
 */
function trackDatabases(Hub: HubPouch): { endFeeds(): Promise<void> } {
  const opened = new Set<PouchDB.Database>()
  const track = (db: PouchDB.Database) => {
    if (db instanceof Hub) opened.add(db)
  }
  pouchEvents.on('ref', track)
  return {
    async endFeeds() {
      pouchEvents.removeListener('ref', track)
      // what PouchDB itself tells a database's feeds when it is destroyed: they cancel and complete;
      // closed, a database also fails a feed whose first read was still running, which ends its timer
      for (const db of opened) db.emit('destroyed', true)
      await Promise.all([...opened].map((db) => db.close().catch(() => undefined)))
      opened.clear()
    },
  }
}

/**
 * `users`: the hub refuses every request without one of these user/password pairs (HTTP 401, as
 * CouchDB does for a database whose security names members), so a desk must bring its own.
 */
export interface SiteHubOptions {
  port?: number
  users?: Record<string, string>
  /**
   * Site admins (admitted as users too). Given, the hub lets only them compact (`POST /<db>/_compact`
   * answers anyone else 401, as CouchDB does for a database's members); without, anyone may.
   */
  admins?: Record<string, string>
  /** Requests for which the hub drops the connection without answering, as a failing link does. */
  dropRequest?: (request: IncomingMessage) => boolean
}

export async function startSiteHub(options: SiteHubOptions = {}): Promise<SiteHub> {
  const Hub = hubPouch()
  const databases = trackDatabases(Hub)
  const couch = expressPouchdb(Hub, { mode: 'minimumForPouchDB', inMemoryConfig: true, logPath: '/dev/null' })
  const users = options.users || options.admins ? { ...options.users, ...options.admins } : undefined
  const signedIn = (request: IncomingMessage, among: Record<string, string>) => {
    const [scheme, encoded] = (request.headers.authorization ?? '').split(' ')
    const [user, ...rest] = scheme === 'Basic' && encoded ? Buffer.from(encoded, 'base64').toString('utf8').split(':') : []
    return Boolean(user && Object.hasOwn(among, user) && among[user] === rest.join(':'))
  }
  const refuse = (response: ServerResponse, reason: string) => {
    response.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="site"' })
    response.end(JSON.stringify({ error: 'unauthorized', reason }))
  }
  const app = (request: IncomingMessage, response: ServerResponse) => {
    if (options.dropRequest?.(request)) return request.socket.destroy()
    if (users && !signedIn(request, users)) return refuse(response, 'Name or password is incorrect.')
    const compaction = /^\/[^/?]+\/_compact(\/|\?|$)/.test(request.url ?? '')
    if (compaction && options.admins && !signedIn(request, options.admins)) return refuse(response, 'You are not a db or server admin.')
    return couch(request, response)
  }
  let server: Server | null = null
  let port = options.port ?? 0
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const next = createServer(app).listen(port, '127.0.0.1', () => {
        port = (next.address() as AddressInfo).port
        resolve()
      })
      next.once('error', reject)
      server = next
    })
  const stop = () =>
    new Promise<void>((resolve) => {
      if (!server) return resolve()
      const closing = server
      server = null
      closing.close(() => resolve())
      closing.closeAllConnections()
    })
  await listen()
  const hub: SiteHub = {
    get url() {
      return `http://127.0.0.1:${port}`
    },
    get port() {
      return port
    },
    databaseUrl: (name) => `http://127.0.0.1:${port}/${encodeURIComponent(name)}`,
    stop,
    start: listen,
    async close() {
      await stop()
      await databases.endFeeds()
    },
  }
  return hub
}
