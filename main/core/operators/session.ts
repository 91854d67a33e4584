import type { Role } from '../../../common/operators/roles'
import type { SessionOperator } from '../../../common/operators/operator-types'

/**
 * One caller's session: the Electron window, a loopback-host browser token, or one CLI run. It
 * says who is signed in and whether the session is locked; the access guard
 * (main/core/operators/access-guard.ts) reads it before every channel.
 *
 * A trusted session belongs to the machine's own administrator (the CLI run by the owner of the
 * data folder, tests that drive the core in-process): signed in from the start, never locked, and
 * back to that administrator after a sign-out.
 */
export class OperatorSession {
  private signedIn: SessionOperator | null
  private lockedNow = false
  private lastActivity: number

  /** `localAdministrator`: the machine's own administrator, signed in from the start and again after a sign-out. */
  constructor(
    private readonly localAdministrator: SessionOperator | null = null,
    private readonly clock: () => number = Date.now,
  ) {
    this.signedIn = localAdministrator
    this.lastActivity = clock()
  }

  /** Signed in as the machine's own administrator: not an account in the register, never locked. */
  get trusted(): boolean {
    return this.localAdministrator !== null && this.signedIn === this.localAdministrator
  }

  get operator(): SessionOperator | null {
    return this.signedIn
  }

  get locked(): boolean {
    return this.lockedNow
  }

  /** The name the audit trail gives this session's changes ("" when nobody is signed in). */
  actor(): string {
    return this.signedIn?.name ?? ''
  }

  role(): Role | null {
    return this.signedIn?.role ?? null
  }

  signIn(operator: SessionOperator): void {
    this.signedIn = { ...operator }
    this.lockedNow = false
    this.lastActivity = this.clock()
  }

  signOut(): void {
    this.signedIn = this.localAdministrator
    this.lockedNow = false
  }

  lock(): void {
    if (this.signedIn && !this.trusted) this.lockedNow = true
  }

  /** The operator's account as the register now has it (role changed), or signed out when it is gone or disabled. */
  refresh(current: SessionOperator | null): void {
    if (this.trusted || !this.signedIn) return
    if (!current) this.signOut()
    else this.signedIn = { ...current }
  }

  /** Locks the session when it has been idle longer than `idleLockMinutes` (0: never); true when it locked it now. */
  lockIfIdle(idleLockMinutes: number): boolean {
    if (!this.trusted && this.signedIn && !this.lockedNow && idleLockMinutes > 0 && this.clock() - this.lastActivity > idleLockMinutes * 60_000) {
      this.lockedNow = true
      return true
    }
    return false
  }

  touch(): void {
    this.lastActivity = this.clock()
  }
}

/** The machine's own administrator, named as the audit trail should name it (e.g. `local:alice`). */
export function trustedSession(name: string): OperatorSession {
  return new OperatorSession({ id: name, name, role: 'administrator' })
}
