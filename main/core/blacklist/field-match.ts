/**
 * The blacklist's fields as lookup tables, for catching a banned person without their face
 * (a visitor with no usable photo, or a new one): the certificate number and the phone exactly
 * (after normalisation), the name loosely — the same name, or for Chinese names the same pinyin.
 *
 *   const matcher = new BlacklistFieldMatcher(store)
 *   matcher.match({ name, phone, certificate }, { excludePersonId }) → FieldMatch[]   strong first
 *
 * Only blacklist entries are indexed (a handful to a few thousand), so a check costs a few map
 * look-ups whatever the register's size; the tables are built on first use by one pass over the
 * persons and then follow every change of the register.
 */
import { createRequire } from 'node:module'
import type * as PinyinPro from 'pinyin-pro'
import type { Store } from '../store/store'
import type { Person } from '../../../common/model/person'
import { certificateKey, hasChineseCharacters, nameKey } from '../../../common/model/match-keys'
import { strengthOf, type FieldMatch, type FieldMatchField } from '../../../common/persons/field-match'

export interface FieldCandidate {
  name?: string | null
  /** E.164, as the register stores phones (normalizePhone). */
  phone?: string | null
  certificate?: { number: string } | null
}

/**
 * pinyin-pro is required on the first Chinese name, not imported: its 320 KB would otherwise be
 * parsed at every start of the CLI bundle, which most commands never need.
 */
let pinyinPro: typeof PinyinPro | undefined
function pinyin(): typeof PinyinPro.pinyin {
  return (pinyinPro ??= createRequire(import.meta.url)('pinyin-pro') as typeof PinyinPro).pinyin
}

/** How a Chinese name sounds, without tones: 张伟 and 章玮 are both "zhangwei". */
export function pinyinKey(name: string | null | undefined): string | null {
  if (!name || !hasChineseCharacters(name)) return null
  const syllables = pinyin()(name.normalize('NFKC'), { toneType: 'none', type: 'array', nonZh: 'removed', v: true })
  const key = syllables.join('').toLowerCase()
  return key === '' ? null : key
}

type Table = Map<string, Set<string>>

const FIELDS: ReadonlyArray<{ field: FieldMatchField; keyOf: (person: FieldCandidate) => string | null }> = [
  { field: 'certificate', keyOf: (person) => certificateKey(person.certificate?.number) },
  { field: 'phone', keyOf: (person) => person.phone || null },
  { field: 'name', keyOf: (person) => nameKey(person.name) },
  { field: 'pinyin', keyOf: (person) => pinyinKey(person.name) },
]

export class BlacklistFieldMatcher {
  private tables: Map<FieldMatchField, Table> | null = null

  constructor(private readonly store: Store) {
    store.onChange((changes) => {
      if (!this.tables) return
      for (const change of changes) {
        if (change.collection !== 'persons') continue
        this.remove(change.before as Person | undefined)
        this.add(change.after as Person | undefined)
      }
    })
  }

  /** A saved person checked against the blacklist (a blacklist entry itself is not: it is one). */
  matchPerson(person: Person): FieldMatch[] {
    return person.type === 'blacklist' ? [] : this.match(person, { excludePersonId: person.id })
  }

  /** The blacklist entries whose fields agree with the candidate's; strong matches first, at most `limit`. */
  match(candidate: FieldCandidate, options: { excludePersonId?: string; limit?: number } = {}): FieldMatch[] {
    const tables = this.build()
    const matchedBy = new Map<string, FieldMatchField[]>()
    for (const { field, keyOf } of FIELDS) {
      const key = keyOf(candidate)
      if (key === null) continue
      for (const id of tables.get(field)!.get(key) ?? []) {
        if (id === options.excludePersonId) continue
        matchedBy.set(id, [...(matchedBy.get(id) ?? []), field])
      }
    }
    const matches: FieldMatch[] = []
    for (const [id, matched] of matchedBy) {
      const person = this.store.get<Person>('persons', id)
      if (!person || !isListed(person)) continue
      // the same written name always sounds the same: "name" says it, "pinyin" would only repeat it
      const fields = matched.includes('name') ? matched.filter((field) => field !== 'pinyin') : matched
      matches.push({
        personId: person.id,
        code: person.code,
        name: person.name,
        reason: person.reason,
        matched: fields,
        strength: strengthOf(fields),
        photoHash: person.photo?.hash ?? null,
      })
    }
    matches.sort((a, b) => Number(b.strength === 'strong') - Number(a.strength === 'strong') || b.matched.length - a.matched.length)
    return matches.slice(0, options.limit ?? 5)
  }

  private build(): Map<FieldMatchField, Table> {
    if (this.tables) return this.tables
    this.tables = new Map(FIELDS.map(({ field }) => [field, new Map()]))
    for (const person of this.store.values<Person>('persons')) this.add(person)
    return this.tables
  }

  private add(person: Person | undefined): void {
    if (!person || !isListed(person) || !this.tables) return
    for (const { field, keyOf } of FIELDS) {
      const key = keyOf(person)
      if (key === null) continue
      const table = this.tables.get(field)!
      const ids = table.get(key) ?? new Set<string>()
      ids.add(person.id)
      table.set(key, ids)
    }
  }

  private remove(person: Person | undefined): void {
    if (!person || !isListed(person) || !this.tables) return
    for (const { field, keyOf } of FIELDS) {
      const key = keyOf(person)
      if (key === null) continue
      const ids = this.tables.get(field)!.get(key)
      ids?.delete(person.id)
      if (ids?.size === 0) this.tables.get(field)!.delete(key)
    }
  }
}

/** A live blacklist entry: one in the recycle bin no longer bars anyone. */
function isListed(person: Person): boolean {
  return person.type === 'blacklist' && !person.deletedAt
}
