import type { Station } from '../station'
import type { OperatorSession } from './session'
import { coreError } from '../../../common/errors/core-error'
import { CHANNEL_RULES, atLeast, can, canWritePerson, type ChannelRule } from '../../../common/operators/roles'
import type { PersonType } from '../../../common/model/person'
import type { AuditEntry } from '../../../common/persons/audit-entry'
import type { CheckedPerson, FieldMatch } from '../../../common/persons/field-match'

/** What a blacklist entry shows only to roles with `blacklist.details`. */
const BLACKLIST_DETAILS = ['reason', 'note'] as const

/**
 * The one place the rule table (common/operators/roles.ts) is enforced: `dispatch` asks it before
 * every handler, whoever calls (Electron window, loopback host, CLI), and lets it trim what a
 * role may not see from the result.
 */
export class AccessGuard {
  constructor(
    private readonly station: Station,
    readonly session: OperatorSession,
  ) {}

  /** Before the input is read: signed in, not locked, and the role the channel needs. */
  admitChannel(channel: string): ChannelRule {
    const rule: ChannelRule | undefined = Object.hasOwn(CHANNEL_RULES, channel) ? CHANNEL_RULES[channel as keyof typeof CHANNEL_RULES] : undefined
    // a channel the table does not know is refused to everyone (test/operators/role-table.test.ts keeps the table whole)
    if (rule === undefined) throw coreError('forbidden', 'session.forbidden', { channel, role: this.session.role() ?? 'signed_out' }, { field: 'channel' })
    if (rule === 'public') return rule
    const role = this.signedInRole(channel)
    if (rule !== 'by_person' && !atLeast(role, rule)) throw coreError('forbidden', 'session.forbidden', { channel, role }, { field: 'channel' })
    return rule
  }

  /** After the input is read: a `by_person` channel's persons, by their type before and after the change. */
  admitInput(channel: string, rule: ChannelRule, input: Record<string, unknown>): void {
    if (rule !== 'by_person') return
    const role = this.signedInRole(channel)
    for (const type of this.personTypes(channel, input)) {
      if (!canWritePerson(role, type)) throw coreError('forbidden', 'session.forbidden_person_type', { channel, role, type }, { field: 'type' })
    }
  }

  /**
   * The result as this role may see it: without `blacklist.details`, every blacklist entry in it
   * (a person, a face match, a field match) comes without its reason and note, and a blacklist
   * entry's history without the changes to them.
   */
  shown(channel: string, result: unknown): unknown {
    if (can(this.session.role(), 'blacklist.details')) return result
    if (channel === 'person.history') return this.historyWithoutBlacklistDetails(result as AuditEntry[])
    return withoutBlacklistDetails(result)
  }

  /** A call went through: the idle clock starts again. */
  touched(rule: ChannelRule): void {
    if (rule !== 'public') this.session.touch()
  }

  /** Brings the session up to date (account changed, idle lock) and says whether it is locked. */
  refreshSession(): void {
    const { session } = this
    const before = session.operator
    if (before && !session.trusted) session.refresh(this.station.operators.current(before.id))
    if (session.lockIfIdle(this.station.security.get().idleLockMinutes) && session.operator) {
      this.station.operators.record(session.operator, 'idle_lock').catch(() => undefined)
    }
  }

  private signedInRole(channel: string) {
    this.refreshSession()
    const role = this.session.role()
    if (role === null) throw coreError('unauthorized', 'session.signed_out', { channel }, { field: 'session' })
    if (this.session.locked) throw coreError('unauthorized', 'session.locked', { channel }, { field: 'session' })
    return role
  }

  private personTypes(channel: string, input: Record<string, unknown>): PersonType[] {
    const typeOf = (id: unknown): PersonType | null => (typeof id === 'string' ? (this.station.persons.find(id)?.type ?? null) : null)
    const types: Array<PersonType | null> = []
    if (channel === 'person.add') types.push((input.type as PersonType | undefined) ?? 'visitor')
    else if (channel === 'person.bulk') types.push(...(input.ids as string[]).map(typeOf))
    else {
      types.push(typeOf(input.id))
      if (channel === 'person.edit' && input.type !== undefined) types.push(input.type as PersonType)
    }
    // an unknown person is the handler's to refuse (not_found), whoever asks
    return types.filter((type): type is PersonType => type !== null)
  }

  private historyWithoutBlacklistDetails(entries: AuditEntry[]): AuditEntry[] {
    const person = entries[0] ? this.station.persons.find(entries[0].entityId) : undefined
    const wasBlacklisted = person?.type === 'blacklist' || entries.some((entry) => entry.changes?.type?.some((type) => type === 'blacklist'))
    if (!wasBlacklisted) return entries
    return entries.map((entry) => {
      if (!entry.changes) return entry
      const changes = Object.fromEntries(Object.entries(entry.changes).filter(([field]) => !(BLACKLIST_DETAILS as readonly string[]).includes(field)))
      return { ...entry, changes }
    })
  }
}

function withoutMatchReason(match: FieldMatch): FieldMatch {
  return { ...match, reason: '' }
}

/** True for a blacklist entry as any result carries it: a person, a face match, a field match. */
function isBlacklistEntry(record: Record<string, unknown>): boolean {
  return record.type === 'blacklist' || record.blacklist === true || (Array.isArray(record.matched) && 'strength' in record)
}

/** A copy of `value` with every blacklist entry's reason and note emptied; what holds none is returned as it is. */
function withoutBlacklistDetails(value: unknown): unknown {
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null
    value.forEach((item, index) => {
      const shown = withoutBlacklistDetails(item)
      if (shown !== item) (copy ??= [...value])[index] = shown
    })
    return copy ?? value
  }
  if (value === null || typeof value !== 'object') return value
  const record = value as Record<string, unknown>
  let copy: Record<string, unknown> | null = null
  for (const key in record) {
    const child = record[key]
    if (child === null || typeof child !== 'object') continue
    const shown = withoutBlacklistDetails(child)
    if (shown !== child) (copy ??= { ...record })[key] = shown
  }
  if (isBlacklistEntry(record)) {
    for (const field of BLACKLIST_DETAILS) if (typeof record[field] === 'string' && record[field] !== '') (copy ??= { ...record })[field] = ''
  }
  return copy ?? record
}
