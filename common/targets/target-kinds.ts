import type { Language } from '../i18n/languages'

/**
 * The kind of back end a target pushes to ("tuya", "isdp"…). The contract checks only its shape
 * (TargetKindSchema in target-config.ts); which kinds exist is the core's list of connector
 * definitions (main/core/connectors/definitions.ts), read by the UI through `target.kinds`.
 */
export type TargetKind = string

/** A word a back end's definition gives the user, in each language the station speaks. */
export type LocalizedText = Readonly<Record<Language, string>>

/** A custom header's value travels in a target's secrets under this prefix and the header's name (`header:X-Api-Key`). */
export const HEADER_SECRET_PREFIX = 'header:'

/**
 * What a back end's document lets the station do. `notes` are plain-language gaps the user sees
 * next to the target ("ISDP documents no create: link each person to an existing personId"), in
 * each language.
 */
export interface ConnectorCapabilities {
  create: boolean
  update: boolean
  disable: boolean
  delete: boolean
  photo: boolean
  /** The back end can be asked whether a person exists (so a create is never repeated blindly). */
  lookup: boolean
  /**
   * false: testConnection can show only that the address answers, because the back end documents
   * no call that checks the credential without changing a record; the first push checks it.
   * Absent: the test signs in or makes an authenticated call.
   */
  testChecksCredentials?: false
  notes: LocalizedText[]
}
