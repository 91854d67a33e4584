import type { Role } from '../../../common/operators/roles'
import type { SessionOperator } from '../../../common/operators/operator-types'

/**
 * One caller's session: the Electron window, a loopback-host browser token, or one CLI run. It
 * says who is signed in and whether the session is locked; the access guard
 * (main/core/operators/access-guard.ts) reads it before every channel.
 *
 * A trusted session is the machine's own administrator (the CLI run by the owner of the data
 * folder, tests that drive the core in-process): always signed in, never idle-locked.
 */
export class OperatorSession {
  private signedIn: SessionOperator | null
  private lockedNow = false
  private lastActivity: number

  constructor(
    readonly trusted: boolean = false,
    operator: SessionOperator | null = null,
    private readonly clock: () => number = Date.now,
  ) {
    this.signedIn = operator
    this.lastActivity = clock()
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
    this.signedIn = null
    this.lockedNow = false
  }

  lock(): void {
    if (this.signedIn) this.lockedNow = true
  }

  /** The operator's account as the register now has it (renamed, role changed), or signed out when it is gone or disabled. */
  refresh(current: SessionOperator | null): void {
    if (this.trusted || !this.signedIn) return
    if (!current) this.signOut()
    else this.signedIn = { ...current }
  }

  /** Locks the session when it has been idle longer than `idleLockMinutes` (0: never); true when it is locked. */
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
  return new OperatorSession(true, { id: name, name, role: 'administrator' })
}
