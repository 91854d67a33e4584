import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Store } from '../store/store'
import { diffFields } from '../audit/diff'
import { coreError, isCoreError, parseOrThrow } from '../../../common/errors/core-error'
import { OperatorNameSchema, PasswordSchema, RoleSchema, type OperatorView, type SessionOperator } from '../../../common/operators/operator-types'
import type { Role } from '../../../common/operators/roles'
import { decoyHash, hashPassword, verifyPassword, type PasswordHash } from './password-hash'

/** An operator as the register keeps it (collection `operators`). */
export interface StoredOperator extends OperatorView {
  /** The name folded for comparing: names are unique whatever their case. */
  nameKey: string
  password: PasswordHash
  /** Wrong passwords in a row since the last good sign-in. */
  failedAttempts: number
  /** ISO time until which sign-in is refused after too many wrong passwords. */
  lockedUntil: string | null
  version: number
}

/** How long a lock-out lasts once `maxFailedAttempts` wrong passwords came in a row. */
export const LOCKOUT_SECONDS = 5 * 60
/** The wait after the n-th wrong password in a row: 0.25 s, 0.5 s, 1 s, … up to 8 s. */
export function failureDelayMs(failedAttempts: number): number {
  return Math.min(250 * 2 ** Math.max(0, failedAttempts - 1), 8000)
}

/** The register refused a write (a full disk, an I/O error): the change was not saved. */
function isStorageFailure(error: unknown): boolean {
  return isCoreError(error) && (error.code === 'storage' || error.code === 'disk_full')
}

export function nameKeyOf(name: string): string {
  return name.trim().normalize('NFKC').toLocaleLowerCase('en')
}

export function viewOf(stored: StoredOperator): OperatorView {
  const { id, name, role, disabled, createdAt, createdBy, updatedAt, updatedBy } = stored
  return { id, name, role, disabled, createdAt, createdBy, updatedAt, updatedBy }
}

export function sessionOperatorOf(stored: StoredOperator): SessionOperator {
  return { id: stored.id, name: stored.name, role: stored.role }
}

export interface OperatorServiceOptions {
  /** A read-only register (a CLI beside a running app): wrong passwords are counted in memory only. */
  readOnly?: boolean
  now?: () => Date
}

/**
 * Operator accounts and signing in. Wrong passwords for one name are taken one at a time, each
 * answered only after a delay that doubles, and after `maxFailedAttempts` in a row the name is
 * locked out for a while; every sign-in, failure and lock-out is in the audit trail (never the
 * password). An unknown name is answered like a wrong password, after the same scrypt work.
 */
export class OperatorService {
  private readonly queues = new Map<string, Promise<unknown>>()
  /** Failures for names with no account, on a read-only register, or that the register could not save (a full disk). */
  private readonly unsaved = new Map<string, { failedAttempts: number; lockedUntil: string | null }>()
  private readonly now: () => Date

  constructor(
    private readonly store: Store,
    private readonly options: OperatorServiceOptions = {},
  ) {
    this.now = options.now ?? (() => new Date())
  }

  list(): OperatorView[] {
    return [...this.store.values<StoredOperator>('operators')].map(viewOf).sort((a, b) => a.name.localeCompare(b.name, ['zh-CN', 'en']))
  }

  count(): number {
    return this.store.count('operators')
  }

  get(id: string): StoredOperator | undefined {
    return this.store.get<StoredOperator>('operators', id)
  }

  byName(name: string): StoredOperator | undefined {
    const key = nameKeyOf(name)
    for (const operator of this.store.values<StoredOperator>('operators')) if (operator.nameKey === key) return operator
    return undefined
  }

  /** The account a session is signed in as, as it is now: null when it is gone or disabled. */
  current(id: string): SessionOperator | null {
    const stored = this.get(id)
    return stored && !stored.disabled ? sessionOperatorOf(stored) : null
  }

  /** The first administrator, on a station with no operators yet. */
  async setUp(input: { name: string; password: string }): Promise<StoredOperator> {
    const name = parseOrThrow(OperatorNameSchema, input.name, 'name')
    const password = await hashPassword(parseOrThrow(PasswordSchema, input.password, 'password'))
    return this.store.transact((tx) => {
      if (this.count() > 0) throw coreError('conflict', 'session.already_set_up')
      const operator = this.newRecord(name, 'administrator', password, name)
      tx.put('operators', operator.id, operator)
      tx.audit({ entity: 'operator', entityId: operator.id, action: 'create', actor: name, changes: diffFields(undefined, viewOf(operator), ['id', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy']) })
      tx.audit({ entity: 'operator', entityId: operator.id, action: 'sign_in', actor: name })
      return operator
    })
  }

  async add(input: { name: string; role: Role; password: string }, actor: string): Promise<OperatorView> {
    const name = parseOrThrow(OperatorNameSchema, input.name, 'name')
    const role = parseOrThrow(RoleSchema, input.role, 'role')
    const password = await hashPassword(parseOrThrow(PasswordSchema, input.password, 'password'))
    const view = await this.store.transact((tx) => {
      if (this.byName(name)) throw coreError('conflict', 'operator.name_taken', { name }, { field: 'name' })
      const operator = this.newRecord(name, role, password, actor)
      tx.put('operators', operator.id, operator)
      tx.audit({ entity: 'operator', entityId: operator.id, action: 'create', actor, changes: diffFields(undefined, viewOf(operator), ['id', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy']) })
      return viewOf(operator)
    })
    // guesses at the name before it had an account are not the new operator's
    this.unsaved.delete(nameKeyOf(name))
    return view
  }

  /**
   * Role, disabled flag, new password. A new password, or `disabled: false`, also lifts a lock-out.
   * The last enabled administrator can be neither disabled nor demoted.
   */
  async edit(input: { id: string; role?: Role; disabled?: boolean; password?: string }, actor: string): Promise<OperatorView> {
    const password = input.password === undefined ? undefined : await hashPassword(parseOrThrow(PasswordSchema, input.password, 'password'))
    let lifted: string | null = null
    const view = await this.store.transact((tx) => {
      const before = this.get(input.id) ?? this.byName(input.id)
      if (!before) throw coreError('not_found', 'operator.not_found', { id: input.id }, { field: 'id' })
      const after: StoredOperator = {
        ...before,
        ...(input.role !== undefined && { role: input.role }),
        ...(input.disabled !== undefined && { disabled: input.disabled }),
        ...(password && { password }),
        ...((password || input.disabled === false) && { failedAttempts: 0, lockedUntil: null }),
        updatedAt: this.now().toISOString(),
        updatedBy: actor,
        version: before.version + 1,
      }
      const wasAdministrator = before.role === 'administrator' && !before.disabled
      const staysAdministrator = after.role === 'administrator' && !after.disabled
      if (wasAdministrator && !staysAdministrator && this.enabledAdministrators().filter((o) => o.id !== before.id).length === 0) {
        throw coreError('conflict', 'operator.last_administrator', {}, { field: input.disabled ? 'disabled' : 'role' })
      }
      const changes = diffFields(viewOf(before), viewOf(after), ['updatedAt', 'updatedBy'])
      // the audit says that the password changed, never what it is
      if (password) changes.password = ['(set)', '(changed)']
      if (before.lockedUntil && !after.lockedUntil) changes.lockedUntil = [before.lockedUntil, null]
      if (Object.keys(changes).length === 0) return viewOf(before)
      tx.put('operators', after.id, after)
      tx.audit({ entity: 'operator', entityId: after.id, action: 'update', actor, changes })
      if (password || input.disabled === false) lifted = after.nameKey
      return viewOf(after)
    })
    // failures counted in memory only (the register could not save them) are lifted as well
    if (lifted !== null) this.unsaved.delete(lifted)
    return view
  }

  /**
   * Checks a name and password. Attempts for one name run one after another, so parallel guesses
   * wait their turn and each wrong one its delay.
   */
  authenticate(name: string, password: string, maxFailedAttempts: number): Promise<StoredOperator> {
    const key = nameKeyOf(name)
    const previous = this.queues.get(key) ?? Promise.resolve()
    const attempt = previous.catch(() => undefined).then(() => this.attempt(key, name, password, maxFailedAttempts))
    this.queues.set(key, attempt)
    void attempt.finally(() => {
      if (this.queues.get(key) === attempt) this.queues.delete(key)
    }).catch(() => undefined)
    return attempt
  }

  /** Audits a sign-out, a lock or an idle lock of a session. */
  async record(operator: SessionOperator, action: 'sign_in' | 'sign_out' | 'lock' | 'idle_lock'): Promise<void> {
    if (this.options.readOnly) return
    await this.store.transact((tx) => tx.audit({ entity: 'operator', entityId: operator.id, action, actor: operator.name }))
  }

  private async attempt(key: string, name: string, password: string, maxFailedAttempts: number): Promise<StoredOperator> {
    const stored = this.byName(name)
    // a read-only register (a CLI beside the running app) still honours the lock-out the register holds
    const saved = stored && { failedAttempts: stored.failedAttempts, lockedUntil: stored.lockedUntil }
    // failures the register could not save are held in memory, and count all the same
    const state = this.unsaved.get(key) ?? saved ?? { failedAttempts: 0, lockedUntil: null }
    const now = this.now().getTime()
    const lockedUntil = state.lockedUntil ? Date.parse(state.lockedUntil) : 0
    const entity = stored ? { entity: 'operator', entityId: stored.id } : { entity: 'session', entityId: key }
    if (lockedUntil > now) {
      await this.audit({ ...entity, action: 'sign_in_refused', actor: name.trim(), changes: { lockedUntil: [state.lockedUntil, state.lockedUntil] } })
      throw coreError('unauthorized', 'session.locked_out', { retryAfterSeconds: Math.ceil((lockedUntil - now) / 1000) }, { field: 'password' })
    }
    // a lock-out that has run out starts the count again
    const failedBefore = lockedUntil ? 0 : state.failedAttempts
    const matches = await verifyPassword(password, stored?.password ?? (await decoyHash()))
    if (stored && matches) {
      if (stored.disabled) {
        await this.audit({ ...entity, action: 'sign_in_refused', actor: stored.name, changes: { disabled: [true, true] } })
        throw coreError('unauthorized', 'session.operator_disabled', {}, { field: 'name' })
      }
      this.unsaved.delete(key)
      const fresh = { ...stored, failedAttempts: 0, lockedUntil: null }
      if (!this.options.readOnly) {
        await this.store.transact((tx) => {
          if (stored.failedAttempts !== 0 || stored.lockedUntil !== null) tx.put('operators', stored.id, fresh)
          tx.audit({ ...entity, action: 'sign_in', actor: stored.name })
        })
      }
      return fresh
    }
    const failedAttempts = failedBefore + 1
    const lockOut = failedAttempts >= maxFailedAttempts
    const next = { failedAttempts, lockedUntil: lockOut ? new Date(now + LOCKOUT_SECONDS * 1000).toISOString() : null }
    const changes = { failedAttempts: [failedBefore, failedAttempts] as [unknown, unknown], ...(lockOut && { lockedUntil: [null, next.lockedUntil] as [unknown, unknown] }) }
    if (stored && !this.options.readOnly) {
      try {
        await this.store.transact((tx) => {
          tx.put('operators', stored.id, { ...stored, ...next })
          tx.audit({ ...entity, action: lockOut ? 'locked_out' : 'sign_in_failed', actor: name.trim(), changes })
        })
        this.unsaved.delete(key)
      } catch (error) {
        // a full or failing disk must not let guesses go uncounted and unanswered by the delay
        if (!isStorageFailure(error)) throw error
        this.unsaved.set(key, next)
      }
    } else {
      this.unsaved.set(key, next)
      await this.audit({ ...entity, action: lockOut ? 'locked_out' : 'sign_in_failed', actor: name.trim(), changes })
    }
    await sleep(failureDelayMs(failedAttempts))
    if (lockOut) throw coreError('unauthorized', 'session.locked_out', { retryAfterSeconds: LOCKOUT_SECONDS }, { field: 'password' })
    throw coreError('unauthorized', 'session.wrong_password', { remaining: maxFailedAttempts - failedAttempts }, { field: 'password' })
  }

  /** The audit entry of a refused sign-in: the refusal stands even when the register cannot save it. */
  private async audit(entry: { entity: string; entityId: string; action: string; actor: string; changes?: Record<string, [unknown, unknown]> }): Promise<void> {
    if (this.options.readOnly) return
    await this.store.transact((tx) => tx.audit(entry)).catch((error: unknown) => {
      if (!isStorageFailure(error)) throw error
    })
  }

  private enabledAdministrators(): StoredOperator[] {
    return [...this.store.values<StoredOperator>('operators')].filter((operator) => operator.role === 'administrator' && !operator.disabled)
  }

  private newRecord(name: string, role: Role, password: PasswordHash, actor: string): StoredOperator {
    const at = this.now().toISOString()
    return { id: randomUUID(), name, nameKey: nameKeyOf(name), role, disabled: false, password, failedAttempts: 0, lockedUntil: null, createdAt: at, createdBy: actor, updatedAt: at, updatedBy: actor, version: 1 }
  }
}
