import type { Store } from '../store/store'
import type { PersonService } from '../persons/person-service'
import { coreError, parseOrThrow } from '../../../common/errors/core-error'
import { type Person } from '../../../common/model/person'
import { GroupInputSchema, GroupPatchSchema, GroupSchema, RESERVED_IDS, type Group, type GroupInput, type GroupPatch } from '../../../common/model/group'
import { diffFields } from '../audit/diff'

const collator = new Intl.Collator(['zh-CN', 'en'], { sensitivity: 'base', numeric: true })

/** Permission groups: what a person may open. Back ends see them through each target's mapping. */
export class GroupService {
  constructor(
    private readonly store: Store,
    private readonly persons: PersonService,
  ) {}

  list(): Array<Group & { members: number }> {
    const members = new Map<string, number>()
    for (const person of this.store.values<Person>('persons')) {
      if (person.deletedAt) continue
      for (const id of person.groups) members.set(id, (members.get(id) ?? 0) + 1)
    }
    return [...this.store.values<Group>('groups')]
      .map((group) => ({ ...group, members: members.get(group.id) ?? 0 }))
      .sort((a, b) => collator.compare(a.name, b.name))
  }

  get(id: string): Group | undefined {
    return this.store.get<Group>('groups', id)
  }

  /** By id or by name, which is what people type. */
  require(idOrName: string): Group {
    const group = this.get(idOrName) ?? [...this.store.values<Group>('groups')].find((g) => g.name === idOrName)
    if (!group) throw coreError('not_found', 'group.not_found', { id: idOrName }, { field: 'group' })
    return group
  }

  async add(input: GroupInput, actor: string): Promise<Group> {
    const data = parseOrThrow(GroupInputSchema, input)
    return this.store.transact((tx) => {
      const id = data.id ?? slugFor(data.name, (candidate) => RESERVED_IDS.has(candidate) || tx.get('groups', candidate) !== undefined)
      if (tx.get('groups', id)) throw coreError('conflict', 'group.id_taken', { id }, { field: 'id' })
      this.assertNameFree(data.name, undefined)
      const at = new Date().toISOString()
      const group = parseOrThrow(GroupSchema, { id, name: data.name, description: data.description ?? '', createdAt: at, updatedAt: at, version: 1 })
      tx.put('groups', id, group)
      tx.audit({ entity: 'group', entityId: id, action: 'create', actor, changes: diffFields(undefined, group, ['createdAt', 'updatedAt', 'version']) })
      return group
    })
  }

  async edit(idOrName: string, patch: GroupPatch, actor: string): Promise<Group> {
    const changes = parseOrThrow(GroupPatchSchema, patch)
    const { id } = this.require(idOrName)
    return this.store.transact((tx) => {
      const current = tx.get<Group>('groups', id)
      if (!current) throw coreError('not_found', 'group.gone', { id: idOrName }, { field: 'group' })
      if (changes.name !== undefined) this.assertNameFree(changes.name, id)
      const next = parseOrThrow(GroupSchema, { ...current, ...changes, updatedAt: new Date().toISOString(), version: current.version + 1 })
      tx.put('groups', id, next)
      tx.audit({ entity: 'group', entityId: id, action: 'update', actor, changes: diffFields(current, next, ['updatedAt', 'version']) })
      return next
    })
  }

  /** Who would lose this group if it were deleted: shown to the user before they confirm. */
  members(idOrName: string): Person[] {
    const { id } = this.require(idOrName)
    return [...this.store.values<Person>('persons')].filter((person) => person.groups.includes(id))
  }

  /**
   * A group in use is not deleted silently: the caller must ask to detach it from its members,
   * which changes those persons (and so queues their sync) in the same durable step.
   */
  async delete(idOrName: string, actor: string, options: { detach?: boolean } = {}): Promise<{ group: Group; detached: number }> {
    const group = this.require(idOrName)
    const members = this.members(group.id)
    if (members.length > 0 && !options.detach) {
      throw coreError('in_use', 'group.in_use', { name: group.name, count: members.length }, { field: 'group' })
    }
    await this.persons.bulk(
      members.map((person) => person.id),
      actor,
      'detach-group',
      (person) => ({ ...person, groups: person.groups.filter((id) => id !== group.id) }),
      (tx) => {
        tx.delete('groups', group.id)
        tx.audit({ entity: 'group', entityId: group.id, action: 'delete', actor, changes: { name: [group.name, null] } })
      },
    )
    return { group, detached: members.length }
  }

  private assertNameFree(name: string, ownId: string | undefined): void {
    const clash = [...this.store.values<Group>('groups')].find((g) => g.id !== ownId && collator.compare(g.name, name) === 0)
    if (clash) throw coreError('conflict', 'group.name_taken', { name: clash.name }, { field: 'name' })
  }
}

/** Readable ids for ASCII names ("Lobby doors" → lobby-doors); others get g-<n>. */
function slugFor(name: string, taken: (id: string) => boolean): string {
  const base = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'g'
  if (base !== 'g' && !taken(base)) return base
  for (let n = 1; ; n++) if (!taken(`${base}-${n}`)) return `${base}-${n}`
}
