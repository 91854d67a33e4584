/** What the target channels show the Settings screen: a target (never a secret value), a connection test, each kind's form. */
import type { TargetConfig } from './target-config'
import type { ConnectorCapabilities, LocalizedText, TargetKind } from './target-kinds'
import type { ErrorParams, MessageCode, SerializedCoreError } from '../errors/core-error'

export interface TargetView extends TargetConfig {
  kindLabel: string
  /** Each secret key the target expects → whether the vault holds a value for it. */
  secrets: Record<string, boolean>
  /**
   * Set when this desk lacks a secret the back end requires (one another desk of the site added
   * arrives without them): it never pushes there until they are entered here (`target.edit`).
   */
  secretsNeeded: { messageCode: 'target.secrets_needed_here'; message: string } | null
  capabilities: ConnectorCapabilities
}

export type TargetProblem = 'unreachable' | 'credentials' | 'refused' | 'config'

export type TargetTestResult =
  | {
      ok: true
      /** The English line; `messageCode` and `params` word it in the reader's language (the back end's own words are among the params). */
      message: string
      messageCode?: MessageCode
      params?: ErrorParams
      /** false: only the address was verified; the back end's credential is checked by the first push. */
      credentialChecked: boolean
    }
  | {
      ok: false
      /**
       * unreachable: no answer (network, timeout, 5xx, busy); credentials: it answered and refused
       * who we are; refused: it answered and said no otherwise; config: nothing was sent.
       */
      problem: TargetProblem
      /** Whether the back end answered at all. */
      reachable: boolean
      message: string
      status?: number
      /** The back end's own code and words, verbatim. */
      remoteCode?: string | number
      remoteMessage?: string
      /** The failure as the core raised it (a connector failure adds its kind and reason): what the CLI prints with --json. */
      failure?: SerializedCoreError & { kind?: string; reason?: string; retryAfterMs?: number; target?: string }
    }

export type SettingInput = 'text' | 'number' | 'choice' | 'list'

export interface TargetSettingField {
  key: string
  label: LocalizedText
  input: SettingInput
  /** For 'list': whether its items are numbers. */
  numeric: boolean
  required: boolean
  default?: unknown
  choices?: string[]
  /** Rarely changed: the form shows these folded away. */
  advanced: boolean
}

export interface TargetSecretField {
  key: string
  label: LocalizedText
  required: boolean
}

export interface TargetKindInfo {
  kind: TargetKind
  label: string
  settings: TargetSettingField[]
  /** Secrets with a fixed key (client secret, password). */
  secrets: TargetSecretField[]
  /** Kinds that send custom headers (names in settings.headerNames, values secret); null otherwise. */
  headers: { label: LocalizedText; required: boolean } | null
  /** What a remote group id is on this kind of back end (the group mapping's hint). */
  remoteIdMeaning: LocalizedText
  capabilities: ConnectorCapabilities
}
