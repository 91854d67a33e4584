import type { Person } from '../../common/model/person'
import type { AuditEntry } from '../core/store/journal'
import { escapeForTerminal, escapeJsonForTerminal } from '../../common/model/plain-text'
import type { FieldMatch, FieldMatchField } from '../../common/persons/field-match'

/** Text for the terminal: control characters, ANSI escapes and bidi overrides shown as escapes, never obeyed. */
export function terminalSafe(text: string): string {
  return escapeForTerminal(text)
}

/** `--json` output: still valid JSON, with the same characters as \u escapes. */
export function terminalSafeJson(value: unknown, indent = 2): string {
  return escapeJsonForTerminal(JSON.stringify(value, null, indent) ?? 'null')
}

export function personLine(person: Person): string {
  const flags = [person.deletedAt ? 'deleted' : '', person.enabled ? '' : 'disabled'].filter(Boolean).join(',')
  return `${person.code.padEnd(14)} ${person.name.padEnd(16)} ${person.type.padEnd(9)} ${person.phone ?? ''}${flags ? `  [${flags}]` : ''}`
}

export function describePerson(person: Person, history?: AuditEntry[]): string {
  const rows: Array<[string, unknown]> = [
    ['id', person.id],
    ['code', person.code],
    ['name', person.name],
    ['type', person.type],
    ['gender', person.gender],
    ['phone', person.phone],
    ['email', person.email],
    ['certificate', person.certificate ? `${person.certificate.type} ${person.certificate.number}` : null],
    ['company', person.company],
    ['department', person.department],
    ['position', person.position],
    ['groups', person.groups.join(', ')],
    ['valid', person.validFrom || person.validUntil ? `${person.validFrom ?? '…'} → ${person.validUntil ?? '…'}` : null],
    ['enabled', person.enabled],
    ['photo', person.photo ? `${person.photo.width}×${person.photo.height}, quality ${person.photo.quality ?? 'n/a'}, ${person.photo.hash.slice(0, 12)}…` : null],
    ['reason', person.reason],
    ['note', person.note],
    ['version', person.version],
    ['updated', `${person.updatedAt} by ${person.updatedBy}`],
    ['deleted', person.deletedAt],
  ]
  const lines = rows.filter(([, value]) => value !== null && value !== '').map(([key, value]) => `${key.padEnd(12)} ${value}`)
  if (history) {
    lines.push('history:')
    for (const entry of history) {
      const fields = Object.keys(entry.changes ?? {}).join(', ')
      lines.push(`  ${entry.at}  ${entry.actor.padEnd(10)} ${entry.action}${fields ? ` (${fields})` : ''}`)
    }
  }
  return lines.join('\n')
}

const FIELD_WORDS: Record<FieldMatchField, string> = {
  certificate: 'certificate number',
  phone: 'phone',
  name: 'same name',
  pinyin: 'same pinyin',
}

/**
 * A blacklist entry found by the person's fields, worded like the face match's warning: loud for
 * a certificate number or phone, a hint to check for a name alone.
 */
export function fieldMatchLine(match: FieldMatch): string {
  const who = `${match.name} (${match.code})`
  const fields = match.matched.map((field) => FIELD_WORDS[field]).join(', ')
  const reason = match.reason ? ` — ${match.reason}` : ''
  return terminalSafe(
    match.strength === 'strong'
      ? `BLACKLIST MATCH by ${fields}: ${who}${reason}`
      : `possible blacklist match by ${fields} only: ${who}${reason}; check their certificate`,
  )
}
