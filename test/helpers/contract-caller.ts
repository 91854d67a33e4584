import assert from 'node:assert/strict'
import type { Station } from '../../main/core/station'
import { createHandlers, dispatch, type DispatchResult } from '../../main/core/api/handlers'
import type { Channel, ChannelInput, ChannelResult } from '../../common/contract'

export type BridgeRefusal = Extract<DispatchResult, { ok: false }>['error']

/**
 * Calls a station through the contract's own dispatch, as the UI and the CLI do: `ok` fails the
 * test on a refusal, `refused` fails it on success. `onReply` sees every reply as sent.
 */
export function contractCaller(station: Station, options: { actor?: string; onReply?(outcome: DispatchResult): void } = {}) {
  const handlers = createHandlers(station, options.actor ?? 'desk')
  const send = async (channel: Channel, input: unknown) => {
    const outcome = await dispatch(handlers, channel, input)
    options.onReply?.(outcome)
    return outcome
  }
  return {
    async ok<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelResult<C>> {
      const outcome = await send(channel, input)
      if (!outcome.ok) assert.fail(`${channel}: ${outcome.error.message}`)
      return outcome.result as ChannelResult<C>
    },
    async refused(channel: Channel, input: unknown): Promise<BridgeRefusal> {
      const outcome = await send(channel, input)
      assert.equal(outcome.ok, false, `${channel} should be refused`)
      return (outcome as Extract<DispatchResult, { ok: false }>).error
    },
  }
}
