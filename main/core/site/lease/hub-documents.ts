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
    this.authorization = url.username ? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}` : null
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

  private async request(method: 'GET' | 'PUT', path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' }
    if (this.authorization) headers.authorization = this.authorization
    if (body !== undefined) headers['content-type'] = 'application/json'
    try {
      return await this.fetch(`${this.url}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
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
