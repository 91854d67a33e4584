import { randomUUID } from 'node:crypto'
import type { Store, Transaction } from '../store/store'
import { coreError, fieldCodeError, parseOrThrow } from '../../../common/errors/core-error'
import {
  PersonInputSchema,
  PersonPatchSchema,
  PersonSchema,
  type Person,
  type PersonInput,
  type PersonPatch,
  type PersonType,
  type PhotoRef,
} from '../../../common/model/person'
import { codeIsGenerated, generateCode } from './person-codes'
import { normalizePhone } from '../../../common/model/phone'
import { PersonSearchIndex, type PersonSortKey } from './search-index'
import { diffFields } from '../audit/diff'
import type { PersonPage } from '../../../common/persons/person-page'

export type { PersonPage } from '../../../common/persons/person-page'

export interface PersonQuery {
  text?: string
  type?: PersonType
  group?: string
  /** `only`: the recycle bin; `include`: both; default: live persons only. */
  deleted?: 'exclude' | 'include' | 'only'
  expired?: boolean
  enabled?: boolean
  ids?: string[]
  sort?: PersonSortKey
  order?: 'asc' | 'desc'
  offset?: number
  limit?: number
}

/** Runs inside the transaction of every person change, so dependent records (the sync outbox) commit with it. */
export type PersonChangeHook = (tx: Transaction, change: { before: Person | undefined; after: Person | undefined; actor: string }) => void

export interface PersonServiceOptions {
  now?: () => Date
  defaultCountryCode?: () => string
}

export class PersonService {
  private readonly index: PersonSearchIndex
  private readonly hooks: PersonChangeHook[] = []
  private readonly now: () => Date
  private readonly defaultCountryCode: () => string

  constructor(
    private readonly store: Store,
    options: PersonServiceOptions = {},
  ) {
    this.now = options.now ?? (() => new Date())
    this.defaultCountryCode = options.defaultCountryCode ?? (() => '+86')
    this.index = new PersonSearchIndex(() => this.store.values<Person>('persons'))
    for (const person of this.store.values<Person>('persons')) this.index.update(undefined, person)
    this.store.onChange((changes) => {
      for (const change of changes) {
        if (change.collection === 'persons') this.index.update(change.before as Person | undefined, change.after as Person | undefined)
      }
    })
  }

  /** For long-running hosts (the app, `enroll serve`): prepare search and sorting in the background. */
  warmUp(): Promise<void> {
    return this.index.warmUp()
  }

  onChange(hook: PersonChangeHook): void {
    this.hooks.push(hook)
  }

  // ---- reading ---------------------------------------------------------------------------

  get(id: string): Person | undefined {
    return this.store.get<Person>('persons', id)
  }

  /** By local id or by code, which is what people type. */
  find(idOrCode: string): Person | undefined {
    return this.get(idOrCode) ?? this.getByCode(idOrCode)
  }

  require(idOrCode: string): Person {
    const person = this.find(idOrCode)
    if (!person) throw coreError('not_found', 'person.not_found', { id: idOrCode }, { field: 'person' })
    return person
  }

  getByCode(code: string): Person | undefined {
    const id = this.index.idForCode(code)
    return id ? this.get(id) : undefined
  }

  list(query: PersonQuery = {}): PersonPage {
    const offset = Math.max(0, query.offset ?? 0)
    const limit = Math.min(Math.max(1, query.limit ?? 100), 10_000)
    const items: Person[] = []
    let total = 0
    for (const person of this.matching(query)) {
      if (total >= offset && items.length < limit) items.push(person)
      total++
    }
    return { items, total, offset }
  }

  /** Every person the query matches, in its order, one at a time (an export of the whole register); offset and limit are ignored. */
  *matching(query: Omit<PersonQuery, 'offset' | 'limit'> = {}): Generator<Person> {
    const needle = query.text?.trim().toLowerCase() ?? ''
    const deleted = query.deleted ?? 'exclude'
    const nowIso = this.now().toISOString()
    const ids = query.ids ? new Set(query.ids) : null
    const ordered = this.index.ordered(query.sort ?? 'name')
    const descending = query.order === 'desc'
    for (let i = 0; i < ordered.length; i++) {
      const person = ordered[descending ? ordered.length - 1 - i : i]
      if (deleted === 'exclude' && person.deletedAt) continue
      if (deleted === 'only' && !person.deletedAt) continue
      if (query.type && person.type !== query.type) continue
      if (query.group && !person.groups.includes(query.group)) continue
      if (query.enabled !== undefined && person.enabled !== query.enabled) continue
      if (query.expired !== undefined && isExpired(person, nowIso) !== query.expired) continue
      if (ids && !ids.has(person.id)) continue
      if (needle && !this.index.matches(person, needle)) continue
      yield person
    }
  }

  counts(): Record<PersonType | 'deleted' | 'total', number> {
    const counts = { employee: 0, visitor: 0, blacklist: 0, vip: 0, deleted: 0, total: 0 }
    for (const person of this.store.values<Person>('persons')) {
      if (person.deletedAt) counts.deleted++
      else {
        counts[person.type]++
        counts.total++
      }
    }
    return counts
  }

  history(id: string) {
    return this.store.history('person', id)
  }

  /** A phone as people type it, in the E.164 form the register stores (the desk's default country code for national numbers). */
  storedPhone(raw: string | null | undefined): string | null {
    return normalizePhone(raw, this.defaultCountryCode()) ?? null
  }

  /**
   * Site mode: the person as the site has it now (another desk's edit, or merged conflicts),
   * written inside the caller's transaction with its audit entry and the change hooks (the
   * outbox), like a local edit; `after` undefined: purged on the site.
   */
  putReplicated(tx: Transaction, id: string, after: Person | undefined, actor: string): void {
    const before = tx.get<Person>('persons', id)
    if (after) tx.put('persons', id, after)
    else if (before) tx.delete('persons', id)
    else return
    // a purge names no field: the record's values must not outlive it in the audit trail
    if (after) tx.audit({ entity: 'person', entityId: id, action: 'replicated', actor, changes: diffFields(before, after, ['updatedAt', 'updatedBy', 'version', 'createdAt', 'createdBy']) })
    else tx.audit({ entity: 'person', entityId: id, action: 'purge', actor })
    for (const hook of this.hooks) hook(tx, { before, after, actor })
  }

  // ---- writing ---------------------------------------------------------------------------

  async add(input: PersonInput & { photo?: PhotoRef | null }, actor: string): Promise<Person> {
    const { photo = null, ...fields } = input
    const data = parseOrThrow(PersonInputSchema, { ...fields, phone: normalizePhone(fields.phone, this.defaultCountryCode()) })
    return this.store.transact((tx) => {
      const now = this.now()
      const at = now.toISOString()
      const code = data.code ?? this.codeFor(data.type, now, tx)
      this.assertCodeFree(code, undefined, tx)
      this.assertGroupsExist(data.groups ?? [], tx)
      const person = parseOrThrow(PersonSchema, {
        id: randomUUID(),
        code,
        name: data.name,
        type: data.type,
        gender: data.gender,
        phone: data.phone ?? null,
        email: data.email ?? null,
        certificate: data.certificate ?? null,
        company: data.company ?? '',
        department: data.department ?? '',
        position: data.position ?? '',
        note: data.note ?? '',
        groups: unique(data.groups ?? []),
        validFrom: data.validFrom ?? (data.type === 'visitor' ? at : null),
        validUntil: data.validUntil ?? (data.type === 'visitor' ? endOfDay(now).toISOString() : null),
        enabled: data.enabled ?? true,
        photo,
        reason: data.reason ?? '',
        createdAt: at,
        createdBy: actor,
        updatedAt: at,
        updatedBy: actor,
        version: 1,
        deletedAt: null,
      } satisfies Person)
      assertConsistent(person)
      this.write(tx, undefined, person, actor, 'create')
      return person
    })
  }

  /**
   * Optimistic concurrency: the caller says which version it edited; if someone saved since,
   * the edit is refused rather than merged silently.
   */
  async edit(idOrCode: string, patch: PersonPatch, expectedVersion: number, actor: string): Promise<Person> {
    const changes = parseOrThrow(PersonPatchSchema, {
      ...patch,
      ...(patch.phone !== undefined ? { phone: normalizePhone(patch.phone, this.defaultCountryCode()) } : {}),
    })
    return this.mutate(idOrCode, actor, 'update', expectedVersion, (current, tx) => {
      if (changes.code !== undefined) this.assertCodeFree(changes.code, current.id, tx)
      if (changes.groups) this.assertGroupsExist(changes.groups, tx)
      return { ...current, ...changes, ...(changes.groups ? { groups: unique(changes.groups) } : {}) }
    })
  }

  setPhoto(idOrCode: string, photo: PhotoRef | null, actor: string, expectedVersion?: number): Promise<Person> {
    return this.mutate(idOrCode, actor, photo ? 'set-photo' : 'remove-photo', expectedVersion, (current) => ({ ...current, photo }))
  }

  /** Soft delete: the person goes to the recycle bin and back ends are told to remove them. */
  delete(idOrCode: string, actor: string, expectedVersion?: number): Promise<Person> {
    return this.mutate(idOrCode, actor, 'delete', expectedVersion, (current) => {
      if (current.deletedAt) throw coreError('conflict', 'person.already_deleted', { code: current.code }, { field: 'person' })
      return { ...current, deletedAt: this.now().toISOString() }
    })
  }

  restore(idOrCode: string, actor: string): Promise<Person> {
    return this.mutate(idOrCode, actor, 'restore', undefined, (current, tx) => {
      if (!current.deletedAt) throw coreError('conflict', 'person.not_deleted', { code: current.code }, { field: 'person' })
      // the code may have been given to someone else while this person was in the bin
      this.assertCodeFree(current.code, current.id, tx)
      return { ...current, deletedAt: null, groups: current.groups.filter((id) => tx.get('groups', id)) }
    })
  }

  /**
   * Erases persons for good in one durable step (VisitorRetention: the retention run and the
   * recycle bin's purge, which then erase their remains): their audit entry names the action
   * only, no field, and the change hooks (the outbox: the back ends' delete) see
   * `tombstone(person)`, which keeps what a remote delete needs and nothing personal. Persons already gone, or no
   * longer `stillDue` as they are now, are skipped. `inTheSameStep` writes in the same durable
   * step, knowing who was erased.
   */
  erase(
    ids: readonly string[],
    actor: string,
    action: string,
    tombstone: (person: Person) => Person,
    stillDue: (person: Person) => boolean = () => true,
    inTheSameStep?: (tx: Transaction, erased: Person[]) => void,
  ): Promise<Person[]> {
    return this.store.transact((tx) => {
      const erased: Person[] = []
      for (const id of ids) {
        const current = tx.get<Person>('persons', id)
        if (!current || !stillDue(current)) continue
        tx.delete('persons', id)
        tx.audit({ entity: 'person', entityId: id, action, actor })
        for (const hook of this.hooks) hook(tx, { before: tombstone(current), after: undefined, actor })
        erased.push(current)
      }
      inTheSameStep?.(tx, erased)
      return erased
    })
  }

  /** Used by group deletion and bulk actions: apply a change to many persons in one durable step. */
  async bulk(
    ids: string[],
    actor: string,
    action: string,
    change: (person: Person, tx: Transaction) => Person | null,
    inTheSameStep?: (tx: Transaction) => void,
  ): Promise<Person[]> {
    return this.store.transact((tx) => {
      const updated: Person[] = []
      for (const id of ids) {
        const current = tx.get<Person>('persons', id)
        if (!current) throw coreError('not_found', 'person.not_found', { id }, { field: 'person' })
        const next = change(current, tx)
        if (!next) continue
        updated.push(this.write(tx, current, this.bump(current, next, actor), actor, action))
      }
      inTheSameStep?.(tx)
      return updated
    })
  }

  // ---- internals -------------------------------------------------------------------------

  private async mutate(
    idOrCode: string,
    actor: string,
    action: string,
    expectedVersion: number | undefined,
    change: (current: Person, tx: Transaction) => Person,
  ): Promise<Person> {
    const { id } = this.require(idOrCode)
    return this.store.transact((tx) => {
      const current = tx.get<Person>('persons', id)
      if (!current) throw coreError('not_found', 'person.gone', { id: idOrCode }, { field: 'person' })
      if (expectedVersion !== undefined && expectedVersion !== current.version) {
        const versions = { now: String(current.version), mine: String(expectedVersion) }
        throw coreError('stale', 'person.changed_meanwhile', { code: current.code, by: current.updatedBy, at: current.updatedAt, ...versions }, { field: 'version' })
      }
      const next = this.bump(current, change(current, tx), actor)
      assertConsistent(next)
      return this.write(tx, current, next, actor, action)
    })
  }

  private bump(current: Person, next: Person, actor: string): Person {
    return parseOrThrow(PersonSchema, {
      ...next,
      id: current.id,
      createdAt: current.createdAt,
      createdBy: current.createdBy,
      updatedAt: this.now().toISOString(),
      updatedBy: actor,
      version: current.version + 1,
    })
  }

  private write(tx: Transaction, before: Person | undefined, after: Person, actor: string, action: string): Person {
    tx.put('persons', after.id, after)
    tx.audit({ entity: 'person', entityId: after.id, action, actor, changes: diffFields(before, after, ['updatedAt', 'updatedBy', 'version', 'createdAt', 'createdBy']) })
    for (const hook of this.hooks) hook(tx, { before, after, actor })
    return after
  }

  private codeFor(type: PersonType, now: Date, tx: Transaction): string {
    if (!codeIsGenerated(type)) throw fieldCodeError('code', 'person.work_number_required', { type })
    return generateCode(type, now, (code) => this.codeTaken(code, undefined, tx))
  }

  private assertCodeFree(code: string, ownId: string | undefined, tx: Transaction): void {
    if (this.codeTaken(code, ownId, tx)) {
      const holder = this.getByCode(code)
      throw coreError('conflict', 'person.code_taken', { code, holder: holder?.name ?? 'another person', inBin: holder?.deletedAt ? 'yes' : 'no' }, { field: 'code' })
    }
  }

  private codeTaken(code: string, ownId: string | undefined, tx: Transaction): boolean {
    const id = this.index.idForCode(code)
    if (!id || id === ownId) return false
    // the index may lag a pending change inside this same transaction; the transaction's view wins
    const holder = tx.get<Person>('persons', id)
    return holder !== undefined && holder.code.toLowerCase() === code.toLowerCase()
  }

  private assertGroupsExist(groups: string[], tx: Transaction): void {
    const missing = groups.filter((id) => !tx.get('groups', id))
    if (missing.length) throw fieldCodeError('groups', 'person.unknown_groups', { count: missing.length, groups: missing.join(', ') })
  }
}

function assertConsistent(person: Person): void {
  if (person.validFrom && person.validUntil && person.validUntil <= person.validFrom) {
    throw fieldCodeError('validUntil', 'person.valid_until_before_from')
  }
  if (person.type === 'blacklist' && !person.reason.trim()) {
    throw fieldCodeError('reason', 'person.blacklist_reason_required')
  }
}

export function isExpired(person: Person, nowIso: string): boolean {
  return person.validUntil !== null && person.validUntil < nowIso
}

function endOfDay(now: Date): Date {
  const end = new Date(now)
  end.setHours(23, 59, 59, 0)
  return end
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)]
}
