import assert from 'node:assert/strict'
import type { Station } from '../../main/core/station'
import { createHandlers, dispatch, type DispatchResult, type Handlers } from '../../main/core/api/handlers'
import { OperatorSession } from '../../main/core/operators/session'
import type { Role } from '../../common/operators/roles'

/** One operator per role, as the tests sign in. */
export const OPERATORS: Record<Role, { name: string; password: string }> = {
  reception: { name: 'Rita 前台', password: 'rita-pass' },
  security: { name: 'Sam Guard', password: 'sam-pass' },
  administrator: { name: 'Ada Admin', password: 'ada-pass' },
}

/** Adds the three operators through the contract, as the machine's own administrator. */
export async function addOperators(station: Station): Promise<void> {
  const owner = createHandlers(station, 'local:owner')
  for (const [role, who] of Object.entries(OPERATORS)) {
    const outcome = await dispatch(owner, 'operator.add', { ...who, role })
    assert.ok(outcome.ok, `operator.add ${who.name}: ${!outcome.ok && outcome.error.message}`)
  }
}

export interface SessionCaller {
  session: OperatorSession
  handlers: Handlers
  call(channel: string, input?: unknown): Promise<DispatchResult>
}

/** A fresh session (signed out) on the station, with the clock it reads the time from. */
export function sessionCaller(station: Station, clock: () => number = Date.now): SessionCaller {
  const session = new OperatorSession(null, clock)
  const handlers = createHandlers(station, session)
  return { session, handlers, call: (channel, input = {}) => dispatch(handlers, channel, input) }
}

/** A session signed in as the operator of `role` (see OPERATORS). */
export async function signedInAs(station: Station, role: Role, clock?: () => number): Promise<SessionCaller> {
  const caller = sessionCaller(station, clock)
  const outcome = await caller.call('session.signIn', OPERATORS[role])
  assert.ok(outcome.ok, `sign in as ${role}: ${!outcome.ok && outcome.error.message}`)
  return caller
}
