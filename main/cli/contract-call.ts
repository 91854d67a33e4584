import type { Station } from '../core/station'
import { dispatch, type Handlers } from '../core/api/handlers'
import { guardOf } from '../core/operators/session-bound'
import { BridgeError, type StationEvent } from '../../common/contract'
import type { CliContext } from './command'

/**
 * The CLI's one way into the core: every command calls the contract's `dispatch`, the same
 * validation and handlers as the UI (IPC) and the loopback host, so a refusal is the same refusal
 * (code, field, words) wherever it is asked. A refusal is thrown as the BridgeError the UI receives.
 */
export function contractCall(handlers: Handlers): CliContext['call'] {
  return async (channel, input) => {
    const outcome = await dispatch(handlers, channel, input)
    if (!outcome.ok) throw new BridgeError(outcome.error)
    return outcome.result as never
  }
}

/** The same rule `dispatch` would apply to `channel` for these handlers' session, for a command that works on the station directly. */
export function contractAdmit(handlers: Handlers): CliContext['admit'] {
  return (channel) => {
    const guard = guardOf(handlers)
    if (!guard) throw new Error('these handlers have no session')
    guard.admitChannel(channel)
  }
}

/** Shows a channel's `progress` events (the same ones the UI's progress bars hear) through `show`, until the returned function is called. */
export function followProgress(station: Station, task: string, show: CliContext['progress']): () => void {
  return station.events.subscribe((event: StationEvent) => {
    if (event.type === 'progress' && event.task === task) show(event.done, event.total, event.label ?? '')
  })
}
