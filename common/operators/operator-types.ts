import { z } from 'zod'
import { lineText } from '../model/text-fields'
import { ROLES, type Role } from './roles'

/** An operator as the channels show it: never the password hash. */
export interface OperatorView {
  id: string
  name: string
  role: Role
  disabled: boolean
  createdAt: string
  createdBy: string
  updatedAt: string
  updatedBy: string
}

/** Who a session is signed in as. */
export interface SessionOperator {
  id: string
  name: string
  role: Role
}

export interface SessionStatus {
  operator: SessionOperator | null
  /** No operator exists yet: the first start asks for an administrator (`session.setUp`). */
  needsFirstAdministrator: boolean
  /** Idle-locked (or locked by hand): every non-public channel is refused until `session.signIn`. */
  locked: boolean
  idleLockMinutes: number
  /** The station this session runs on (the name its audit entries carry). */
  station: string
}

/** One audited change, naming the operator who made it and the station it was made on. */
export interface AuditListEntry {
  id: string
  at: string
  operator: string
  station: string
  entity: string
  entityId: string
  action: string
  changes?: Record<string, [unknown, unknown]>
}

/** The station's security settings (Settings, administrator). */
export interface SecuritySettings {
  /** Minutes without a call before a session locks; 0: never. */
  idleLockMinutes: number
  /** Wrong passwords in a row before an operator is locked out for a while. */
  maxFailedAttempts: number
}

export const DEFAULT_SECURITY_SETTINGS: SecuritySettings = { idleLockMinutes: 10, maxFailedAttempts: 5 }

export const SecuritySettingsPatchSchema = z
  .object({
    idleLockMinutes: z.int('must be a whole number').min(0).max(24 * 60).optional(),
    maxFailedAttempts: z.int('must be a whole number').min(1).max(100).optional(),
  })
  .strict()

/** Letters, digits, spaces and . _ - @ (no ":" — `local:<osuser>` names the machine's own administrator). */
export const OPERATOR_NAME_PATTERN = /^[^:\s](?:[^:]*[^:\s])?$/
export const OperatorNameSchema = lineText().trim().min(1, 'is required').max(64, 'at most 64 characters').regex(OPERATOR_NAME_PATTERN, 'may not contain ":"')
/** A password or a PIN: at least 4 characters. */
export const PasswordSchema = z.string().min(4, 'at least 4 characters').max(256, 'at most 256 characters')
export const RoleSchema = z.enum(ROLES)
