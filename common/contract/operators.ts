import { z } from 'zod'
import { channel, id } from './channel'
import { OperatorNameSchema, PasswordSchema, RoleSchema, type AuditListEntry, type OperatorView, type SessionOperator, type SessionStatus } from '../operators/operator-types'

const Credentials = z.object({ name: OperatorNameSchema, password: PasswordSchema }).strict()
/** Signing in checks the name and password against the register, not their form: a wrong one is a wrong password. */
const SignIn = z.object({ name: z.string().trim().min(1, 'is required').max(128), password: z.string().min(1, 'is required').max(256) }).strict()
const AuditFilter = {
  /** An operator's name (as the entries carry it, e.g. "alice" or "local:root"). */
  operator: z.string().trim().min(1).max(128).optional(),
  /** A person's id or code: that person's entries. */
  person: z.string().trim().min(1).max(128).optional(),
}

/** Who is at the desk (sessions), the operator accounts, and the audit trail that names them. */
export const operatorChannels = {
  'session.status': channel<SessionStatus>()(z.object({}).strict()),
  /** Creates the first administrator and signs in; refused (conflict) once any operator exists. */
  'session.setUp': channel<{ operator: SessionOperator }>()(Credentials),
  /** Signs in, or switches operator on a signed-in or locked session; wrong passwords wait longer each time and lock out after a number of tries (Settings). */
  'session.signIn': channel<{ operator: SessionOperator }>()(SignIn),
  'session.signOut': channel<Record<string, never>>()(z.object({}).strict()),
  /** Locks the session now (as the idle lock does): only public channels until signed in again. */
  'session.lock': channel<Record<string, never>>()(z.object({}).strict()),

  'operator.list': channel<OperatorView[]>()(z.object({}).strict()),
  'operator.add': channel<OperatorView>()(z.object({ name: OperatorNameSchema, role: RoleSchema, password: PasswordSchema }).strict()),
  /** The last enabled administrator can be neither disabled nor demoted. */
  'operator.edit': channel<OperatorView>()(
    z.object({ id, role: RoleSchema.optional(), disabled: z.boolean().optional(), password: PasswordSchema.optional() }).strict(),
  ),

  /** Newest first; `before` is an entry's `at` (ISO time) to page on from. */
  'audit.list': channel<AuditListEntry[]>()(
    z.object({ ...AuditFilter, limit: z.int().min(1).max(10_000).optional(), before: z.iso.datetime().optional() }).strict(),
  ),
  /** UTF-8 CSV with a BOM (Excel keeps Chinese names), formula cells guarded. */
  'audit.export': channel<{ base64: string; count: number }>()(z.object(AuditFilter).strict()),
}
