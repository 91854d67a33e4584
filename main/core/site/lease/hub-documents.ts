/**
 * The few CouchDB document calls the pusher lease and the push-state documents need, over plain
 * HTTP straight to the site's hub (CouchDB 3, or pouchdb-server in the tests). The lease is never
 * claimed on a desk's local replica: only the hub's revision check can let exactly one claim win.
 */

export interface HubDocument {
  _id: string
  _rev?: string
  [key: string]: unknown
}

export type PutResult = { ok: true; rev: string } | { ok: false; conflict: true }

export interface HubDatabaseOptions {
  fetch?: typeof fetch
  /** The desk's own account on the hub (else the URL's user info, else none). */
  credentials?: { user: string; password: string }
  /** Per request. Default 5 s: a lease call that hangs must not outlive the lease itself. */
  timeoutMs?: number
}

export class HubRequestError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message)
    this.name = 'HubRequestError'
  }
}

/** One database on the hub, addressed by its URL (credentials in the URL become a Basic header). */
export class HubDatabase {
  readonly url: string
  private readonly authorization: string | null
  private readonly fetch: typeof fetch
  private readonly timeoutMs: number

  constructor(databaseUrl: string, options: HubDatabaseOptions = {}) {
    const url = new URL(databaseUrl)
    // fetch refuses URLs that carry credentials, so they travel as a header instead
    const credentials = options.credentials ?? (url.username ? { user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) } : null)
    this.authorization = credentials ? `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}` : null
    url.username = ''
    url.password = ''
    this.url = url.href.replace(/\/+$/, '')
    this.fetch = options.fetch ?? globalThis.fetch
    this.timeoutMs = options.timeoutMs ?? 5_000
  }

  /** Creates the database unless it exists. */
  async ensure(): Promise<void> {
    const reply = await this.request('PUT', '')
    if (reply.status !== 201 && reply.status !== 202 && reply.status !== 412) throw await failure(reply, 'create the database')
    await reply.body?.cancel()
  }

  /** The document, or null when there is none (never written, or deleted). */
  async get<T extends HubDocument>(id: string): Promise<T | null> {
    const reply = await this.request('GET', `/${encodeURIComponent(id)}`)
    if (reply.status === 404) {
      await reply.body?.cancel()
      return null
    }
    if (!reply.ok) throw await failure(reply, `read ${id}`)
    return (await reply.json()) as T
  }

  /**
   * Writes the document if `_rev` is still its current revision (absent: only if there is none).
   * A 409 means another write came first: nothing was changed.
   */
  async put(doc: HubDocument): Promise<PutResult> {
    const reply = await this.request('PUT', `/${encodeURIComponent(doc._id)}`, doc)
    if (reply.status === 409) {
      await reply.body?.cancel()
      return { ok: false, conflict: true }
    }
    if (reply.status !== 201 && reply.status !== 202) throw await failure(reply, `write ${doc._id}`)
    const body = (await reply.json()) as { rev: string }
    return { ok: true, rev: body.rev }
  }

  /** Every document whose id starts with `prefix`, with its body. */
  async allWithPrefix<T extends HubDocument>(prefix: string): Promise<T[]> {
    const query = new URLSearchParams({ include_docs: 'true', startkey: JSON.stringify(prefix), endkey: JSON.stringify(`${prefix}\ufff0`) })
    const reply = await this.request('GET', `/_all_docs?${query}`)
    if (!reply.ok) throw await failure(reply, `list ${prefix}…`)
    const body = (await reply.json()) as { rows: Array<{ doc?: T }> }
    return body.rows.flatMap((row) => (row.doc ? [row.doc] : []))
  }

  /**
   * Writes several documents at once, each with its own revision check. Per document: its new
   * revision, or `conflict` (someone wrote it first), or another error.
   */
  async bulk(docs: HubDocument[]): Promise<Array<{ id: string; rev?: string; error?: string }>> {
    const reply = await this.request('POST', '/_bulk_docs', { docs })
    if (reply.status !== 201 && reply.status !== 200) throw await failure(reply, 'write documents')
    return (await reply.json()) as Array<{ id: string; rev?: string; error?: string }>
  }

  /**
   * The changes feed since `since` (documents included, at most 2,000): with `waitMs` a long poll
   * that waits that long for news, without it what there is now.
   */
  async changes(since: string, waitMs?: number, signal?: AbortSignal): Promise<{ results: Array<{ id: string; deleted?: boolean; doc?: HubDocument }>; last_seq: string }> {
    const query = new URLSearchParams({ since, include_docs: 'true', limit: '2000', ...(waitMs ? { feed: 'longpoll', timeout: String(waitMs) } : {}) })
    const reply = await this.request('GET', `/_changes?${query}`, undefined, { timeoutMs: (waitMs ?? 0) + this.timeoutMs, signal })
    if (!reply.ok) throw await failure(reply, 'read its changes feed')
    const body = (await reply.json()) as { results: Array<{ id: string; deleted?: boolean; doc?: HubDocument }>; last_seq: string | number }
    return { results: body.results, last_seq: String(body.last_seq) }
  }

  private async request(method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown, options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' }
    if (this.authorization) headers.authorization = this.authorization
    if (body !== undefined) headers['content-type'] = 'application/json'
    try {
      return await this.fetch(`${this.url}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: options.signal ? AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs ?? this.timeoutMs)]) : AbortSignal.timeout(options.timeoutMs ?? this.timeoutMs),
      })
    } catch (error) {
      throw new HubRequestError(`the site hub ${new URL(this.url).host} did not answer: ${(error as Error).message}`, null)
    }
  }
}

async function failure(reply: Response, what: string): Promise<HubRequestError> {
  const text = await reply.text().catch(() => '')
  return new HubRequestError(`the site hub refused to ${what}: HTTP ${reply.status} ${text.slice(0, 200)}`, reply.status)
}
