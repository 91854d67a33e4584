import type { Station } from '../station'
import type { OperatorSession } from './session'
import { coreError } from '../../../common/errors/core-error'
import { CHANNEL_RULES, atLeast, can, canWritePerson, type ChannelRule } from '../../../common/operators/roles'
import type { Person, PersonType } from '../../../common/model/person'
import type { PersonPage } from '../../../common/persons/person-page'
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

  /** The result as this role may see it: blacklist reasons and notes left out for reception. */
  shown(channel: string, result: unknown): unknown {
    const role = this.session.role()
    if (can(role, 'blacklist.details')) return result
    if (channel === 'person.list') {
      const page = result as PersonPage
      return { ...page, items: page.items.map(withoutBlacklistDetails) }
    }
    if (channel === 'person.show') return withoutBlacklistDetails(result as Person)
    // a field match is an alert for every role; why the entry is listed is security's to read
    if (channel === 'blacklist.matchFields') return (result as FieldMatch[]).map(withoutMatchReason)
    if ((channel === 'person.add' || channel === 'person.edit') && (result as CheckedPerson).blacklistMatches) {
      const person = result as CheckedPerson
      return { ...person, blacklistMatches: person.blacklistMatches!.map(withoutMatchReason) }
    }
    if (channel === 'person.history') return this.historyWithoutBlacklistDetails(result as AuditEntry[])
    return result
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

function withoutBlacklistDetails(person: Person): Person {
  return person.type === 'blacklist' ? { ...person, reason: '', note: '' } : person
}
