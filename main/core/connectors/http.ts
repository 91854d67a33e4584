import { kindLabel } from './definitions'
import { refusalWording } from './failure-wording'
import { ConnectorFailure, type FailureKind, type FailureReason, type TargetKind } from './types'

export const DEFAULT_TIMEOUT_MS = 15_000

export interface HttpClient {
  kind: TargetKind
  fetch: typeof fetch
  timeoutMs: number
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  url: string
  headers?: Record<string, string>
  body?: string
  signal?: AbortSignal
}

export interface HttpReply {
  status: number
  headers: Headers
  text: string
}

/**
 * One HTTP exchange with a timeout. Network errors and timeouts become `retry` failures; the
 * caller's own abort is rethrown unchanged (the sync worker stopping is not a remote failure).
 * The status is not judged here: each back end says "no" in its own way.
 */
export async function send(client: HttpClient, request: HttpRequest): Promise<HttpReply> {
  const timeout = AbortSignal.timeout(client.timeoutMs)
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout
  const label = kindLabel(client.kind)
  try {
    const response = await client.fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal,
    })
    const text = await response.text()
    return { status: response.status, headers: response.headers, text }
  } catch (error) {
    if (request.signal?.aborted) throw request.signal.reason ?? error
    if (timeout.aborted) {
      const seconds = formatSeconds(client.timeoutMs)
      throw new ConnectorFailure('retry', `${label}: no answer within ${seconds}`, { target: client.kind, cause: error, messageCode: 'connector.timeout', params: { target: label, seconds } })
    }
    const host = originOf(request.url)
    const reason = networkReason(error)
    throw new ConnectorFailure('retry', `${label}: cannot reach ${host} (${reason})`, {
      target: client.kind,
      cause: error,
      messageCode: 'connector.unreachable',
      params: { target: label, host, reason },
    })
  }
}

/** How an HTTP status alone classifies, before a back end's body says more. */
export function kindForStatus(status: number): FailureKind | null {
  if (status >= 200 && status < 300) return null
  if (status === 401) return 'reauth'
  if (status === 408 || status === 429 || status >= 500) return 'retry'
  return 'refused'
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const value = headers.get('retry-after')?.trim()
  if (!value) return undefined
  if (/^\d+$/.test(value)) return Number(value) * 1000
  const at = Date.parse(value)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}

export interface RemoteError {
  code?: string | number
  message?: string
  reason?: FailureReason
}

/** Builds the failure for a refusal, keeping the back end's code and message verbatim. */
export function remoteFailure(
  kind: FailureKind,
  target: TargetKind,
  reply: Pick<HttpReply, 'status' | 'headers'> | null,
  remote: RemoteError,
  fallback = 'the request was not accepted',
): ConnectorFailure {
  const label = kindLabel(target)
  const said = remote.message?.trim() || fallback
  const code = remote.code !== undefined && remote.code !== null && remote.code !== '' ? ` (code ${remote.code})` : ''
  const http = reply && (reply.status < 200 || reply.status >= 300) ? ` [HTTP ${reply.status}]` : ''
  const wording = refusalWording(label, kind, remote.reason, reply && (reply.status < 200 || reply.status >= 300) ? reply.status : undefined, `${said}${code}`)
  return new ConnectorFailure(kind, `${label}: ${said}${code}${http}`, {
    ...wording,
    target,
    status: reply?.status,
    remoteCode: remote.code,
    remoteMessage: remote.message,
    retryAfterMs: reply ? retryAfterMs(reply.headers) : undefined,
    reason: remote.reason,
  })
}

/** An answer that is not what the back end's document describes (wrong base URL, a proxy page…). */
export function unexpectedReply(target: TargetKind, reply: HttpReply, what: string): ConnectorFailure {
  const kind = kindForStatus(reply.status) ?? 'refused'
  const excerpt = reply.text.replace(/\s+/g, ' ').trim().slice(0, 160)
  const label = kindLabel(target)
  return new ConnectorFailure(kind, `${label}: unexpected answer to ${what} [HTTP ${reply.status}]${excerpt ? `: ${excerpt}` : ''}`, {
    messageCode: 'connector.bad_answer',
    params: { target: label, what, status: String(reply.status), remote: excerpt },
    target,
    status: reply.status,
    remoteMessage: excerpt || undefined,
    retryAfterMs: retryAfterMs(reply.headers),
  })
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Joins a configured base URL (which may carry a path prefix) and an API path. */
export function joinUrl(baseUrl: string, path: string, query?: Record<string, string | number | undefined>): string {
  const base = baseUrl.replace(/\/+$/, '')
  const url = new URL(`${base}/${path.replace(/^\/+/, '')}`)
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value))
  return url.toString()
}

function originOf(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}

function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause
  return cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error)
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(2))} s`
}

/**
 * A refusal of a request that cleared fields (sent "" for a value the target was given before)
 * says so: the back end may not take an empty value for "none", and then the field has to be
 * cleared on its side. Other failures are returned as they are.
 */
export function noteClearing(failure: ConnectorFailure, cleared: readonly string[]): ConnectorFailure {
  if (failure.kind !== 'refused' || cleared.length === 0) return failure
  const label = failure.target ? kindLabel(failure.target) : 'the back end'
  return new ConnectorFailure('refused', `${failure.message}; the station was clearing ${cleared.join(', ')} (empty now, set before): if ${label} takes no empty value there, clear it in ${label} itself`, {
    messageCode: 'connector.refused_clearing',
    params: { target: label, remote: String(failure.params.remote ?? failure.remoteMessage ?? ''), fields: cleared.join(', ') },
    status: failure.status,
    remoteCode: failure.remoteCode,
    remoteMessage: failure.remoteMessage,
    retryAfterMs: failure.retryAfterMs,
    target: failure.target,
    reason: failure.reason,
    cause: failure.cause,
  })
}

/** The members of a request body sent as "" (clearing a value). */
export function clearedMembers(body: Record<string, unknown>): string[] {
  return Object.keys(body).filter((key) => body[key] === '')
}
