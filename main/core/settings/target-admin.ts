/**
 * The Settings screen's targets, over TargetService: what a target looks like to the UI (never a
 * secret value, only whether each is set), edits that keep what the form does not show, and a
 * connection test whose failure says what kind of problem it is.
 *
 *   TargetAdmin.list() / view(id)            TargetView[]: config, secrets set or not, capabilities
 *   TargetAdmin.add(input, actor)            secrets typed in the form go to the vault
 *   TargetAdmin.edit(input, actor)           blank secrets keep the stored ones; settings merged
 *   TargetAdmin.mapGroup / link / remove
 *   TargetAdmin.test(id) → TargetTestResult  ok (credential checked or not), or unreachable / credentials / refused / config
 */
import { connectorCapabilities, isConnectorFailure, kindLabel, type ConnectorCapabilities, type TargetKind } from '../connectors'
import { coreError, englishText, isCoreError } from '../../../common/errors/core-error'
import type { RemoteLink, TargetConfig, TargetInput, TargetPatch } from '../../../common/targets/target-config'
import { noHttpAnswer } from '../targets/reachability'
import type { TargetService } from '../targets/target-service'
import { settingsFieldKeys } from './target-kinds'
import type { TargetTestResult, TargetView } from '../../../common/targets/target-view'

export type { TargetProblem, TargetTestResult, TargetView } from '../../../common/targets/target-view'

export interface TargetEditInput {
  id: string
  /** The version the user edited; refused when someone saved a newer one meanwhile. */
  version?: number
  patch: TargetPatch
  /** Only the secrets typed again; a blank one keeps what the vault holds. */
  secrets?: Record<string, string>
}

export class TargetAdmin {
  constructor(private readonly targets: TargetService) {}

  list(): Promise<TargetView[]> {
    return Promise.all(this.targets.list().map((target) => this.describe(target)))
  }

  view(idOrName: string): Promise<TargetView> {
    return this.describe(this.targets.require(idOrName))
  }

  async add(input: TargetInput & { secrets?: Record<string, string> }, actor: string): Promise<TargetView> {
    const { secrets, ...config } = input
    const settings = mergeSettings(input.kind, {}, config.settings ?? {})
    return this.describe(await this.targets.add({ ...config, settings }, typedSecrets(secrets), actor))
  }

  async edit({ id, version, patch, secrets }: TargetEditInput, actor: string): Promise<TargetView> {
    const current = this.targets.require(id)
    if (version !== undefined && version !== current.version) {
      throw coreError('stale', 'target.edited_meanwhile', { name: current.name, now: String(current.version), mine: String(version) }, { field: 'version' })
    }
    const typed = typedSecrets(secrets)
    const merged = patch.settings === undefined ? patch : { ...patch, settings: mergeSettings(current.kind, current.settings, patch.settings) }
    const saved = await this.targets.update(current.id, merged, actor, Object.keys(typed).length > 0 ? typed : undefined)
    return this.describe(saved)
  }

  async mapGroup(target: string, group: string, remoteIds: string[], actor: string): Promise<TargetView> {
    return this.describe(await this.targets.mapGroup(target, group, remoteIds, actor))
  }

  /** The person's id on an update-only back end; null unlinks, and the person's code is used again. */
  async link(personId: string, target: string, remoteId: string | null, actor: string): Promise<RemoteLink | null> {
    if (remoteId !== null) return this.targets.linkRemote(personId, target, remoteId, actor)
    await this.targets.unlinkRemote(personId, target, actor)
    return null
  }

  async remove(idOrName: string, actor: string): Promise<{ id: string; name: string }> {
    const removed = await this.targets.remove(idOrName, actor)
    return { id: removed.id, name: removed.name }
  }

  async test(idOrName: string, signal?: AbortSignal): Promise<TargetTestResult> {
    const target = this.targets.require(idOrName)
    try {
      const { message, messageCode, params } = await this.targets.test(target.id, signal)
      return { ok: true, message, messageCode, params, credentialChecked: connectorCapabilities(target).testChecksCredentials !== false }
    } catch (error) {
      return classifyTestFailure(error)
    }
  }

  private async describe(target: TargetConfig): Promise<TargetView> {
    const { status, needed } = await this.targets.secretState(target)
    return {
      ...target,
      kindLabel: kindLabel(target.kind),
      secrets: status,
      secretsNeeded: needed ? { messageCode: 'target.secrets_needed_here', message: englishText('target.secrets_needed_here') } : null,
      capabilities: connectorCapabilities(target),
    }
  }
}

export function classifyTestFailure(error: unknown): Exclude<TargetTestResult, { ok: true }> {
  if (isConnectorFailure(error)) {
    const remote = { status: error.status, remoteCode: error.remoteCode, remoteMessage: error.remoteMessage, failure: error.toJSON() }
    if (noHttpAnswer(error)) return { ok: false, problem: 'unreachable', reachable: false, message: error.message, failure: error.toJSON() }
    if (error.reason === 'credentials' || error.kind === 'reauth') return { ok: false, problem: 'credentials', reachable: true, message: error.message, ...remote }
    // 5xx and "busy": it answered, but cannot serve now
    if (error.kind === 'retry') return { ok: false, problem: 'unreachable', reachable: true, message: error.message, ...remote }
    return { ok: false, problem: 'refused', reachable: true, message: error.message, ...remote }
  }
  if (isCoreError(error) && error.code === 'invalid') return { ok: false, problem: 'config', reachable: false, message: error.message, failure: error.toJSON() }
  throw error
}

/** A blank secret in a form means "not typed", never "erase it". */
export function typedSecrets(secrets: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(secrets ?? {}).filter(([, value]) => value.trim() !== ''))
}

/**
 * The form sends the settings of the kind's own fields. Those replace the stored ones (a field it
 * leaves out or blank goes back to its default); keys the form does not know, such as the sync
 * queue's limits, are kept.
 */
export function mergeSettings(kind: TargetKind, current: Record<string, unknown>, incoming: Record<string, unknown>): Record<string, unknown> {
  const owned = new Set(settingsFieldKeys(kind))
  const kept = Object.fromEntries(Object.entries(current).filter(([key]) => !owned.has(key)))
  const given = Object.fromEntries(Object.entries(incoming).filter(([, value]) => value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '')))
  return { ...kept, ...given }
}
