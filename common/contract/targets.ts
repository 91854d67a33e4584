import { z } from 'zod'
import { TargetAddInputSchema, TargetEditInputSchema, TargetIdInputSchema, TargetLinkInputSchema, TargetMapGroupInputSchema } from '../targets/target-inputs'
import type { RemoteLink } from '../targets/target-config'
import type { TargetKindInfo, TargetTestResult, TargetView } from '../targets/target-view'
import { channel } from './channel'

/** The back ends the station pushes to, as Settings configures them. */
export const targetChannels = {
  /** Configured back ends; secrets appear only as "set or not" per key, never their values. */
  'target.list': channel<TargetView[]>()(z.object({}).strict()),
  /** Each kind of back end with the settings fields and secrets its form needs. */
  'target.kinds': channel<TargetKindInfo[]>()(z.object({}).strict()),
  'target.add': channel<TargetView>()(TargetAddInputSchema),
  /** Secrets left blank (or out) keep the stored ones; settings the form does not show are kept. */
  'target.edit': channel<TargetView>()(TargetEditInputSchema),
  /** Authenticates and makes one harmless call; a failure is a result (what went wrong, the back end's words), not an error. */
  'target.test': channel<TargetTestResult>()(TargetIdInputSchema),
  'target.mapGroup': channel<TargetView>()(TargetMapGroupInputSchema),
  /** The person (id or code) on an update-only back end; `remoteId: null` unlinks (result null). */
  'target.link': channel<RemoteLink | null>()(TargetLinkInputSchema),
  /** Removes the target, its queue, its remote ids and its secrets. */
  'target.remove': channel<{ id: string; name: string }>()(TargetIdInputSchema),
}
