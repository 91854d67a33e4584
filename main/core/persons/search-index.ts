import type { Person } from '../model/person'

/**
 * What the persons list needs to answer a keystroke over 100,000 persons quickly: a lower-cased
 * haystack per person and orderings sorted once and kept until the next change.
 */
export type PersonSortKey = 'name' | 'code' | 'createdAt' | 'updatedAt'

const collator = new Intl.Collator(['zh-CN', 'en'], { sensitivity: 'base', numeric: true })

export class PersonSearchIndex {
  private readonly haystacks = new Map<string, string>()
  private readonly byCode = new Map<string, string>()
  private sorted = new Map<PersonSortKey, Person[]>()

  constructor(private readonly all: () => Iterable<Person>) {}

  update(before: Person | undefined, after: Person | undefined): void {
    if (before) {
      this.haystacks.delete(before.id)
      if (this.byCode.get(before.code.toLowerCase()) === before.id) this.byCode.delete(before.code.toLowerCase())
    }
    // haystacks are built on first search, not at start: opening 100k persons stays fast
    if (after) this.byCode.set(after.code.toLowerCase(), after.id)
    this.sorted.clear()
  }

  /** Codes are unique without regard to case: several back ends compare them that way. */
  idForCode(code: string): string | undefined {
    return this.byCode.get(code.toLowerCase())
  }

  matches(person: Person, needle: string): boolean {
    let text = this.haystacks.get(person.id)
    if (text === undefined) {
      text = haystack(person)
      this.haystacks.set(person.id, text)
    }
    return text.includes(needle)
  }

  ordered(key: PersonSortKey): Person[] {
    let list = this.sorted.get(key)
    if (!list) {
      list = [...this.all()]
      if (key === 'name') list.sort((a, b) => collator.compare(a.name, b.name) || collator.compare(a.code, b.code))
      else if (key === 'code') list.sort((a, b) => collator.compare(a.code, b.code))
      else list.sort((a, b) => (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0))
      this.sorted.set(key, list)
    }
    return list
  }
}

function haystack(person: Person): string {
  return [person.name, person.code, person.phone ?? '', person.company, person.department, person.certificate?.number ?? '']
    .join('\u0001')
    .toLowerCase()
}
