import { randomBytes } from 'node:crypto'
import sharp from 'sharp'
import type { TargetKind } from '../../main/core/connectors/types'
import type { Faults, FaultCounts } from './server'

/** What a test or `enroll target add` needs to talk to a running simulator. */
export interface SimCredentials {
  baseUrl: string
  settings: Record<string, unknown>
  secrets: Record<string, string>
  /** The options of `enroll target add <kind> --name … --base-url …` that configure this simulator. */
  cliArgs: string[]
}

/** One remote person as the back end holds it, in a shape common to all five. */
export interface SimRecord {
  remoteId: string
  personCode: string | null
  name: string | null
  /** null where the back end has no such notion. */
  enabled: boolean | null
  /** In a recycle bin (Tuya); deleted records of other back ends are gone from records(). */
  deleted: boolean
  raw: Record<string, unknown>
}

export interface PreloadEntry {
  remoteId: string
  name?: string
  personCode?: string
}

export interface SimStats {
  requests: number
  creates: number
  updates: number
  deletes: number
  logins: number
  faults: FaultCounts
}

export interface Simulator {
  kind: TargetKind
  url: string
  port: number
  credentials: SimCredentials
  records(): SimRecord[]
  stats(): SimStats
  /** Existing remote persons (update-only back ends need them). */
  preload(entries: PreloadEntry[]): void
  setFaults(faults: Faults): void
  /** Takes the back end down (connections cut); start() brings it back on the same port. */
  stop(): Promise<void>
  start(): Promise<void>
  close(): Promise<void>
}

export interface SimOptions {
  port?: number
  seed?: number
  faults?: Faults
  /** Token / session lifetime; the back ends' documents give none except ISDP's expires_in sample. */
  tokenTtlMs?: number
  /** The simulator's clock (Tuya checks the request time against it). */
  now?: () => number
}

export class Counters {
  creates = 0
  updates = 0
  deletes = 0
  logins = 0
}

/**
 * Tokens and sessions: each expires after its lifetime, and after `tokenExpiresEveryCalls`
 * authenticated calls when that fault is set (read at each call, so setFaults applies at once).
 */
export class TokenBook {
  private readonly tokens = new Map<string, { expiresAt: number; calls: number; owner: string }>()

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
    private readonly faults: () => Faults,
  ) {}

  issue(owner = ''): string {
    const token = randomBytes(16).toString('hex')
    this.tokens.set(token, { expiresAt: this.now() + this.ttlMs, calls: 0, owner })
    return token
  }

  revoke(token: string): void {
    this.tokens.delete(token)
  }

  get ttlSeconds(): number {
    return Math.round(this.ttlMs / 1000)
  }

  /** Counts the call and says whether the token may make it. */
  use(token: string | undefined): { state: 'ok'; owner: string } | { state: 'missing' | 'unknown' | 'expired' } {
    if (!token) return { state: 'missing' }
    const entry = this.tokens.get(token)
    if (!entry) return { state: 'unknown' }
    const limit = this.faults().tokenExpiresEveryCalls
    if (entry.expiresAt <= this.now() || (limit !== undefined && entry.calls >= limit)) return { state: 'expired' }
    entry.calls++
    return { state: 'ok', owner: entry.owner }
  }
}

/** Really decodes the image (as the device would), so a corrupt or non-JPEG photo is refused. */
export async function checkJpeg(bytes: Buffer, maxBytes: number): Promise<string | null> {
  if (bytes.length === 0) return 'the image is empty'
  if (bytes.length > maxBytes) return `the image is ${bytes.length} bytes, more than the ${maxBytes} allowed`
  try {
    const image = sharp(bytes, { failOn: 'error' })
    const meta = await image.metadata()
    if (meta.format !== 'jpeg') return `the image is ${meta.format}, not JPEG`
    await image.resize(16, 16, { fit: 'fill' }).raw().toBuffer()
    return null
  } catch (error) {
    return `the image cannot be decoded (${(error as Error).message})`
  }
}

export function isBase64(text: string): boolean {
  return text.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text)
}

export function readJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'))
  } catch {
    return undefined
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** How a document types a request field. */
export type FieldType = 'string' | 'int' | 'number' | 'boolean' | 'object' | 'string[]' | 'object[]'

export interface FieldRule {
  type: FieldType
  required?: boolean
  /** The value set the document lists. */
  values?: readonly (string | number)[]
  /** The form a given string must have (a mobile number, an id): "" fails it too. */
  pattern?: RegExp
  /** A string that is given must hold something (the document shows no empty value for it). */
  nonEmpty?: boolean
}

export type FieldProblem =
  | { field: string; problem: 'unknown' }
  | { field: string; problem: 'required' }
  | { field: string; problem: 'type'; expected: FieldType }
  | { field: string; problem: 'value'; value: unknown; allowed: readonly (string | number)[] }
  | { field: string; problem: 'empty' }
  | { field: string; problem: 'format'; value: string }

/**
 * Holds a request body to a document's table of fields: a field the table does not list, a
 * required one missing, one of another type, outside the listed values or not in the required
 * form is the first problem found (null when there is none). `null` counts as absent.
 */
export function checkFields(body: Record<string, unknown>, table: Record<string, FieldRule>, prefix = ''): FieldProblem | null {
  for (const field of Object.keys(body)) if (!(field in table)) return { field: prefix + field, problem: 'unknown' }
  for (const [name, rule] of Object.entries(table)) {
    const field = prefix + name
    const value = body[name]
    if (value === undefined || value === null) {
      if (rule.required) return { field, problem: 'required' }
      continue
    }
    if (!hasType(value, rule.type)) return { field, problem: 'type', expected: rule.type }
    if (typeof value === 'string') {
      if (rule.nonEmpty && value.trim() === '') return { field, problem: 'empty' }
      if (rule.pattern && !rule.pattern.test(value)) return { field, problem: 'format', value }
    }
    if (rule.values && !rule.values.includes(value as string | number)) return { field, problem: 'value', value, allowed: rule.values }
  }
  return null
}

function hasType(value: unknown, type: FieldType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string'
    case 'int':
      return Number.isInteger(value)
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
    case 'boolean':
      return typeof value === 'boolean'
    case 'object':
      return isRecord(value)
    case 'string[]':
      return Array.isArray(value) && value.every((item) => typeof item === 'string')
    case 'object[]':
      return Array.isArray(value) && value.every(isRecord)
  }
}
