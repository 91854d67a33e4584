import { request } from 'node:http'
import { createHash } from 'node:crypto'

export interface RawResponse {
  status: number
  body: any
  headers: Record<string, unknown>
}

export interface RawRequest {
  method?: string
  /** Sent exactly as given: not normalised or percent-encoded by a URL parser. */
  path: string
  headers?: Record<string, string>
  body?: Buffer | string
}

/**
 * Raw HTTP to the loopback host: fetch forbids setting Host and Origin and would clean up the
 * malformed paths these tests send on purpose. A connection the server drops counts as status 0.
 */
export function rawCall(port: number, call: RawRequest): Promise<RawResponse> {
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, agent: false, path: call.path, method: call.method ?? 'GET', headers: { Host: `127.0.0.1:${port}`, ...call.headers } },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', () => resolve({ status: 0, body: null, headers: {} }))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          let body: unknown = text
          try {
            body = JSON.parse(text)
          } catch {}
          resolve({ status: res.statusCode ?? 0, body, headers: res.headers })
        })
      },
    )
    req.setTimeout(15_000, () => req.destroy())
    req.on('error', () => resolve({ status: 0, body: null, headers: {} }))
    req.end(call.body)
  })
}

/** A contract call with the bearer header. */
export async function apiCall(port: number, token: string, channel: string, input: unknown): Promise<RawResponse> {
  return rawCall(port, {
    method: 'POST',
    path: `/api/${channel}`,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(input),
  })
}

/** What the register holds, as the contract shows it: persons (with the recycle bin), groups and counts. */
export async function registerDigest(port: number, token: string): Promise<string> {
  const persons = await apiCall(port, token, 'person.list', { deleted: 'include', limit: 10_000 })
  const groups = await apiCall(port, token, 'group.list', {})
  if (persons.status !== 200 || groups.status !== 200) throw new Error(`the register could not be read: ${persons.status} ${groups.status}`)
  return createHash('sha256').update(JSON.stringify([persons.body.result, groups.body.result])).digest('hex')
}
