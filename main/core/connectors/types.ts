import { CoreError, type ErrorParams, type FieldIssue, type MessageCode, type SerializedCoreError } from '../../../common/errors/core-error'
import type { Person } from '../../../common/model/person'
import type { InPlaceRetryPolicy } from './retry-in-place'
import type { ConnectorCapabilities, TargetKind } from '../../../common/targets/target-kinds'
import type { PushOp } from '../../../common/sync/sync-status'

export type { ConnectorCapabilities, LocalizedText, TargetKind } from '../../../common/targets/target-kinds'

export type { PushOp } from '../../../common/sync/sync-status'

/**
 * Person fields that may be empty. A back end that marks one optional is sent nothing for it
 * when it is empty, except to clear a value the target was given before (see
 * PushChange.filledBefore).
 */
export const OPTIONAL_PERSON_FIELDS = ['phone', 'email', 'certificate', 'company', 'department', 'position', 'note', 'groups'] as const
export type OptionalPersonField = (typeof OPTIONAL_PERSON_FIELDS)[number]

/** The optional fields that hold a value in this version of the person. */
export function filledFields(person: Person): OptionalPersonField[] {
  return OPTIONAL_PERSON_FIELDS.filter((field) => {
    const value = person[field]
    return Array.isArray(value) ? value.length > 0 : value !== null && value !== undefined && value !== ''
  })
}

export interface PushChange {
  op: PushOp
  person: Person
  /** The face photo as stored (JPEG); the connector re-encodes it to what its back end accepts. */
  photoJpeg: Buffer | null
  /** The id this person has on this target (linked by a user or learned by a push); null → person.code. */
  remoteId: string | null
  /**
   * The optional fields that held a value in the last version of this person the target accepted
   * (none before the first push). An empty field is sent as empty only to clear one of these.
   */
  filledBefore?: readonly OptionalPersonField[]
}

/**
 * What a push learned before it ended. The sync queue keeps it at once, so when a later call of
 * the same push fails the next attempt starts from there (and its backoff counts the progress).
 */
export interface PushProgress {
  /** The remote person's id became known (a lookup found it, or an add made it). */
  remoteId(id: string): void
}

export interface PushResult {
  /** Record this as the person's remote id on the target: later pushes address it directly. */
  remoteId: string
  /** True only when this push made a new remote person. */
  created: boolean
  detail?: string
}

/**
 * - retry: try again later (network error, timeout, 5xx, rate limit); `retryAfterMs` is the back end's hint.
 * - reauth: the token or session is no longer valid; authenticate again, then retry.
 * - refused: the back end said no (validation, not found, duplicate, permission). Retrying the same
 *   push cannot help until someone changes the person, the mapping or the target's settings.
 */
export type FailureKind = 'retry' | 'reauth' | 'refused'

export interface ConnectorFailureDetails {
  status?: number
  /** The back end's own code and message, verbatim, for the user and for support. */
  remoteCode?: string | number
  remoteMessage?: string
  retryAfterMs?: number
  target?: TargetKind
  /** Set when the back end's answer says so: update-only back ends need a linked remote id on not_found. */
  reason?: FailureReason
  cause?: unknown
  /** What happened by name, for the page and the CLI to word in their language (the back end's words are among its params). */
  messageCode?: MessageCode
  params?: ErrorParams
}

export type FailureReason = 'not_found' | 'already_exists' | 'credentials'

export class ConnectorFailure extends CoreError {
  readonly kind: FailureKind
  readonly status: number | undefined
  readonly remoteCode: string | number | undefined
  readonly remoteMessage: string | undefined
  readonly retryAfterMs: number | undefined
  readonly target: TargetKind | undefined
  readonly reason: FailureReason | undefined

  constructor(kind: FailureKind, message: string, details: ConnectorFailureDetails = {}) {
    super('remote', message, { cause: details.cause, messageCode: details.messageCode, params: details.params })
    this.name = 'ConnectorFailure'
    this.kind = kind
    this.status = details.status
    this.remoteCode = details.remoteCode
    this.remoteMessage = details.remoteMessage
    this.retryAfterMs = details.retryAfterMs
    this.target = details.target
    this.reason = details.reason
  }

  override toJSON(): SerializedConnectorFailure {
    return {
      ...super.toJSON(),
      kind: this.kind,
      status: this.status,
      remoteCode: this.remoteCode,
      remoteMessage: this.remoteMessage,
      retryAfterMs: this.retryAfterMs,
      target: this.target,
      reason: this.reason,
    }
  }
}

export interface SerializedConnectorFailure extends SerializedCoreError {
  kind: FailureKind
  status?: number
  remoteCode?: string | number
  remoteMessage?: string
  retryAfterMs?: number
  target?: TargetKind
  reason?: FailureReason
}

export function isConnectorFailure(error: unknown): error is ConnectorFailure {
  return error instanceof ConnectorFailure
}

/** A passed connection test: its English line (logs) and the same by message code, for the page and the CLI. */
export interface TestSummary {
  message: string
  messageCode: MessageCode
  params: ErrorParams
}

export interface Connector {
  readonly kind: TargetKind
  readonly capabilities: ConnectorCapabilities
  /** Checks at the desk, before anything is sent: photo format, required fields, mapping. */
  validate(change: PushChange): FieldIssue[]
  /** Authenticates and makes one harmless call; resolves to a one-line summary, else throws ConnectorFailure. */
  testConnection(signal?: AbortSignal): Promise<TestSummary>
  /** One person, one operation. Idempotent: repeating a push leaves one remote person. */
  push(change: PushChange, signal?: AbortSignal, progress?: PushProgress): Promise<PushResult>
}

export interface ConnectorOptions {
  fetch?: typeof fetch
  /** Per HTTP call; default 15 s. */
  timeoutMs?: number
  /** Clock in ms since the epoch (Tuya signs with it; token expiry uses it). */
  now?: () => number
  /** Idempotent calls that fail with `retry` are tried again inside the push (see retry-in-place.ts). */
  retryInPlace?: Partial<InPlaceRetryPolicy>
  /**
   * Tuya only: turns a JPEG into an `imagePath`. Tuya's personnel API takes an imagePath produced
   * by an upload step its document does not show; without this hook photos are not pushed to Tuya.
   */
  uploadTuyaFace?: (jpeg: Buffer, person: Person, signal?: AbortSignal) => Promise<string>
}
