import { diffFields } from '../audit/diff'
import { connectorCapabilities, createConnector, secretKeys, targetIssues } from '../connectors'
import type { Connector, ConnectorCapabilities, ConnectorOptions, TestSummary } from '../connectors/types'
import { coreError, issuesError, parseOrThrow, type CoreError } from '../../../common/errors/core-error'
import type { CodedMessage } from '../../../common/errors/message-codes'
import type { Group } from '../../../common/model/group'
import type { Store, Transaction } from '../store/store'
import {
  RemoteLinkSchema,
  remoteLinkKey,
  TargetConfigSchema,
  TargetInputSchema,
  TargetPatchSchema,
  type RemoteLink,
  type TargetConfig,
  type TargetInput,
  type TargetPatch,
} from '../../../common/targets/target-config'
import { reachabilityOfFailure, type Reachability } from './reachability'
import type { SecretVault } from './secrets'

/** Runs inside the transaction that removes a target, so dependent records (its queue) go with it. */
export type TargetRemovalHook = (tx: Transaction, target: TargetConfig) => void

/** Told what each connection test learned about a target's reachability (the sync worker's health listens). */
export type TargetTestListener = (targetId: string, reachability: Reachability, wording: { message: string } & CodedMessage) => void

export interface TargetServiceOptions {
  /** fetch, timeouts, clock and the Tuya upload hook for every connector this service builds. */
  connectorOptions?: ConnectorOptions
  now?: () => Date
}

/**
 * Configured back ends: add, list, test, map groups, remove; and the connectors the sync queue
 * pushes through (one per target, kept while the target's configuration is unchanged, so tokens
 * and sessions are reused). Configs are in the register; secrets only in the vault.
 */
export class TargetService {
  private readonly connectors = new Map<string, { version: number; connector: Promise<Connector> }>()
  private readonly removalHooks: TargetRemovalHook[] = []
  private readonly testListeners = new Set<TargetTestListener>()
  private readonly now: () => Date

  constructor(
    private readonly store: Store,
    private readonly vault: SecretVault,
    private readonly options: TargetServiceOptions = {},
  ) {
    this.now = options.now ?? (() => new Date())
  }

  onRemove(hook: TargetRemovalHook): void {
    this.removalHooks.push(hook)
  }

  list(): TargetConfig[] {
    return [...this.store.values<TargetConfig>('targets')].sort((a, b) => a.name.localeCompare(b.name))
  }

  get(id: string): TargetConfig | undefined {
    return this.store.get<TargetConfig>('targets', id)
  }

  /** By id or by name, which is what people type. */
  require(idOrName: string): TargetConfig {
    const target = this.get(idOrName) ?? this.list().find((t) => t.name === idOrName)
    if (!target) throw coreError('not_found', 'target.not_found', { id: idOrName }, { field: 'target' })
    return target
  }

  capabilities(idOrName: string): ConnectorCapabilities {
    return connectorCapabilities(this.require(idOrName), this.options.connectorOptions)
  }

  /** Secrets are checked with the settings and written before the config, so a target never lacks them. */
  async add(input: TargetInput, secrets: Record<string, string>, actor: string): Promise<TargetConfig> {
    const data = parseOrThrow(TargetInputSchema, input)
    this.assertNameFree(data.name, undefined)
    this.assertUsable({ ...data }, secrets)
    const id = uniqueId(data.name, (candidate) => this.get(candidate) !== undefined)
    const at = this.now().toISOString()
    const target = parseOrThrow(TargetConfigSchema, { id, ...data, createdAt: at, updatedAt: at, version: 1 })
    await this.vault.set(id, pickSecrets(target, secrets))
    return this.store.transact((tx) => {
      if (tx.get('targets', id)) throw coreError('conflict', 'target.just_added', { name: data.name }, { field: 'name' })
      tx.put('targets', id, target)
      tx.audit({ entity: 'target', entityId: id, action: 'create', actor, changes: diffFields(undefined, target, ['createdAt', 'updatedAt', 'version']) })
      return target
    })
  }

  /** `secrets`, when given, replaces the stored ones (keys left out are kept). */
  async update(idOrName: string, patch: TargetPatch, actor: string, secrets?: Record<string, string>): Promise<TargetConfig> {
    const changes = parseOrThrow(TargetPatchSchema, patch)
    const current = this.require(idOrName)
    if (changes.name !== undefined) this.assertNameFree(changes.name, current.id)
    const next = parseOrThrow(TargetConfigSchema, { ...current, ...changes, updatedAt: this.now().toISOString(), version: current.version + 1 })
    const stored = await this.vault.get(current.id)
    const mergedSecrets = { ...stored, ...(secrets ?? {}) }
    // a desk that never had this back end's secrets (it came from another desk) may edit it without
    // them; secrets typed here, or kept here, must be complete
    this.assertUsable(next, secrets || !lacksSecrets(current, stored) ? mergedSecrets : null)
    if (secrets) await this.vault.set(current.id, pickSecrets(next, mergedSecrets))
    return this.store.transact((tx) => {
      const stored = tx.get<TargetConfig>('targets', current.id)
      if (!stored || stored.version !== current.version) throw coreError('stale', 'target.changed_meanwhile', {}, { field: 'target' })
      tx.put('targets', current.id, next)
      const diff = diffFields(current, next, ['updatedAt', 'version'])
      if (secrets) diff.secrets = ['(hidden)', '(changed)']
      tx.audit({ entity: 'target', entityId: current.id, action: 'update', actor, changes: diff })
      return next
    })
  }

  /** Maps a local group to remote ids on one target; an empty list removes the mapping. */
  async mapGroup(idOrName: string, groupIdOrName: string, remoteIds: string[], actor: string): Promise<TargetConfig> {
    const target = this.require(idOrName)
    const group = this.requireGroup(groupIdOrName)
    const groups = { ...target.mapping.groups }
    const ids = [...new Set(remoteIds.map((id) => id.trim()).filter(Boolean))]
    if (ids.length > 0) groups[group.id] = ids
    else delete groups[group.id]
    return this.update(target.id, { mapping: { ...target.mapping, groups } }, actor)
  }

  async remove(idOrName: string, actor: string): Promise<TargetConfig> {
    const target = this.require(idOrName)
    await this.store.transact((tx) => this.removeInside(tx, target, 'delete', actor))
    await this.vault.remove(target.id)
    return target
  }

  /**
   * Takes a back end out inside the caller's transaction, with its queue and its remote ids (a
   * removal another desk of the site made, a desk's own back end retired when it joins a site).
   * Its secrets go with `forgetSecrets` once the transaction is durable.
   */
  removeInside(tx: Transaction, target: TargetConfig, action: string, actor: string): void {
    for (const hook of this.removalHooks) hook(tx, target)
    for (const link of this.store.values<RemoteLink>('remote_links')) {
      if (link.targetId === target.id) tx.delete('remote_links', remoteLinkKey(link.personId, link.targetId))
    }
    tx.delete('targets', target.id)
    tx.audit({ entity: 'target', entityId: target.id, action, actor, changes: diffFields(target, undefined, ['createdAt', 'updatedAt', 'version']) })
    this.connectors.delete(target.id)
  }

  /**
   * A back end as another desk of the site saved it (`next`, already checked against the schema),
   * inside the register bridge's transaction, with this desk's next version so its connector is
   * rebuilt; `undefined`: removed there. The secrets stay this desk's own.
   */
  putReplicated(tx: Transaction, id: string, next: TargetConfig | undefined, actor: string): void {
    const current = tx.get<TargetConfig>('targets', id)
    if (!next) {
      if (current) this.removeInside(tx, current, 'replicated', actor)
      return
    }
    const record: TargetConfig = { ...next, id, version: (current?.version ?? 0) + 1 }
    tx.put('targets', id, record)
    tx.audit({ entity: 'target', entityId: id, action: 'replicated', actor, changes: diffFields(current, record, ['createdAt', 'updatedAt', 'version']) })
  }

  async forgetSecrets(targetId: string): Promise<void> {
    if (!this.get(targetId)) await this.vault.remove(targetId)
  }

  /** This desk's secrets for a back end go even though it stays: under its id is now another back end (a site's, at another address). */
  async dropSecrets(targetId: string): Promise<void> {
    await this.vault.remove(targetId)
  }

  /**
   * Whether a secret this back end requires is missing from this desk's vault: a back end another
   * desk of the site added arrives without them (they never leave the desk that has them), and
   * this desk never pushes to it until they are entered here.
   */
  async secretsNeeded(idOrName: string): Promise<boolean> {
    return (await this.secretState(this.require(idOrName))).needed
  }

  /** Authenticates and makes one harmless call with a fresh connector; throws ConnectorFailure when it does not work. */
  async test(idOrName: string, signal?: AbortSignal): Promise<TestSummary> {
    const target = this.require(idOrName)
    const connector = createConnector(target, await this.vault.get(target.id), this.options.connectorOptions)
    try {
      const summary = await connector.testConnection(signal)
      this.reportTest(target.id, 'answered', summary)
      return summary
    } catch (error) {
      const reachability = signal?.aborted ? null : reachabilityOfFailure(error)
      if (reachability) this.reportTest(target.id, reachability, { message: (error as Error).message, messageCode: (error as CoreError).messageCode, params: (error as CoreError).params })
      throw error
    }
  }

  onTested(listener: TargetTestListener): () => void {
    this.testListeners.add(listener)
    return () => this.testListeners.delete(listener)
  }

  /** The connector the sync queue pushes through; rebuilt when the target's configuration changes. */
  connector(idOrName: string): Promise<Connector> {
    const target = this.require(idOrName)
    const cached = this.connectors.get(target.id)
    if (cached && cached.version === target.version) return cached.connector
    const connector = this.vault.get(target.id).then((secrets) => createConnector(target, secrets, this.options.connectorOptions))
    this.connectors.set(target.id, { version: target.version, connector })
    connector.catch(() => this.connectors.delete(target.id))
    return connector
  }

  private reportTest(targetId: string, reachability: Reachability, wording: { message: string } & CodedMessage): void {
    for (const listener of this.testListeners) listener(targetId, reachability, wording)
  }

  // ---- remote ids ------------------------------------------------------------------------

  remoteLink(personId: string, targetId: string): RemoteLink | undefined {
    return this.store.get<RemoteLink>('remote_links', remoteLinkKey(personId, targetId))
  }

  /** For update-only back ends: the id of this person's existing record there (ISDP personId, HYAPI account id, YCE user name). */
  async linkRemote(personId: string, targetIdOrName: string, remoteId: string, actor: string): Promise<RemoteLink> {
    const target = this.require(targetIdOrName)
    if (!this.store.get('persons', personId)) throw coreError('not_found', 'person.not_found', { id: personId }, { field: 'person' })
    return this.store.transact((tx) => putRemoteLink(tx, { personId, targetId: target.id, remoteId, linkedBy: 'user' }, actor, this.now()))
  }

  async unlinkRemote(personId: string, targetIdOrName: string, actor: string): Promise<void> {
    const target = this.require(targetIdOrName)
    await this.store.transact((tx) => {
      const key = remoteLinkKey(personId, target.id)
      const before = tx.get<RemoteLink>('remote_links', key)
      if (!before) return
      tx.delete('remote_links', key)
      tx.audit({ entity: 'person', entityId: personId, action: 'unlink-remote', actor, changes: { [`remoteId@${target.id}`]: [before.remoteId, null] } })
    })
  }

  /** Secret keys the target expects and which of them are set; values are never returned. */
  async secretStatus(idOrName: string): Promise<Record<string, boolean>> {
    return (await this.secretState(this.require(idOrName))).status
  }

  /**
   * Which of the target's secrets are set here, and whether any it needs is missing, from one read
   * of the vault. It takes the config itself, not its id: another desk of the site may remove the
   * target while the vault is read, and a list being described must not fail half way.
   */
  async secretState(target: TargetConfig): Promise<{ status: Record<string, boolean>; needed: boolean }> {
    const secrets = await this.vault.get(target.id)
    return {
      status: Object.fromEntries(secretKeys(target.kind, target.settings).map((key) => [key, Boolean(secrets[key])])),
      needed: lacksSecrets(target, secrets),
    }
  }

  private assertUsable(target: Pick<TargetConfig, 'kind' | 'baseUrl' | 'settings' | 'mapping'>, secrets: Record<string, string> | null): void {
    const issues = targetIssues(target, secrets)
    if (issues.length > 0) throw issuesError(issues)
  }

  private assertNameFree(name: string, exceptId: string | undefined): void {
    const clash = this.list().find((t) => t.name === name && t.id !== exceptId)
    if (clash) throw coreError('conflict', 'target.name_taken', { name }, { field: 'name' })
  }

  private requireGroup(idOrName: string): Group {
    const group = this.store.get<Group>('groups', idOrName) ?? [...this.store.values<Group>('groups')].find((g) => g.name === idOrName)
    if (!group) throw coreError('not_found', 'group.not_found', { id: idOrName }, { field: 'group' })
    return group
  }
}

/**
 * Records a person's id on a target inside the caller's transaction: the sync queue calls this in
 * the same durable step that marks the push done, with linkedBy 'push'.
 */
export function putRemoteLink(tx: Transaction, link: Omit<RemoteLink, 'updatedAt'>, actor: string, at: Date = new Date()): RemoteLink {
  const key = remoteLinkKey(link.personId, link.targetId)
  const before = tx.get<RemoteLink>('remote_links', key)
  const next = parseOrThrow(RemoteLinkSchema, { ...link, updatedAt: at.toISOString() })
  if (before && before.remoteId === next.remoteId && before.linkedBy === next.linkedBy) return before
  tx.put('remote_links', key, next)
  tx.audit({ entity: 'person', entityId: link.personId, action: 'link-remote', actor, changes: { [`remoteId@${link.targetId}`]: [before?.remoteId ?? null, next.remoteId] } })
  return next
}

function lacksSecrets(target: TargetConfig, secrets: Record<string, string>): boolean {
  return targetIssues(target, secrets).some((issue) => issue.field.startsWith('secrets.'))
}

/** Only the keys this kind of target uses are kept; anything else typed by mistake is dropped. */
function pickSecrets(target: Pick<TargetConfig, 'kind' | 'settings'>, secrets: Record<string, string>): Record<string, string> {
  return Object.fromEntries(secretKeys(target.kind, target.settings).filter((key) => secrets[key]).map((key) => [key, secrets[key]]))
}

function uniqueId(name: string, taken: (id: string) => boolean): string {
  const base =
    name
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'target'
  if (!taken(base)) return base
  for (let n = 2; ; n++) if (!taken(`${base}-${n}`)) return `${base}-${n}`
}
