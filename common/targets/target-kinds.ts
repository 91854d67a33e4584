/** The back ends the station can push persons to, one connector each. */
export const TARGET_KINDS = ['sophon', 'tuya', 'isdp', 'hyapi', 'yce'] as const
export type TargetKind = (typeof TARGET_KINDS)[number]

/** A custom header's value travels in a target's secrets under this prefix and the header's name (`header:X-Api-Key`). */
export const HEADER_SECRET_PREFIX = 'header:'

export const TARGET_KIND_LABELS: Record<TargetKind, string> = {
  sophon: 'SophonFogSys',
  tuya: 'Tuya',
  isdp: 'ISDP',
  hyapi: 'HYAPI',
  yce: 'YCE',
}

/**
 * What a back end's document lets the station do. `notes` are plain-language gaps the user sees
 * next to the target ("ISDP documents no create: link each person to an existing personId").
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
  notes: string[]
}
