import type { Person } from '../../../common/model/person'

/**
 * What the persons list needs to answer a keystroke over 100,000 persons quickly: a lower-cased
 * haystack per person, and orderings sorted once and then kept in order as persons change (a
 * binary search and one splice per change, instead of re-sorting 100,000 after every edit).
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
    // haystacks are built on first search (or by warmUp), not at start: opening 100k persons stays fast
    if (after) this.byCode.set(after.code.toLowerCase(), after.id)
    for (const [key, list] of this.sorted) {
      const compare = COMPARATORS[key]
      if (before) {
        const at = lowerBound(list, before, compare)
        if (list[at]?.id === before.id) list.splice(at, 1)
        else {
          // the list held a different object for this id (should not happen): rebuild it later
          this.sorted.delete(key)
          continue
        }
      }
      if (after) list.splice(lowerBound(list, after, compare), 0, after)
    }
  }

  /** Builds what the first search and the first sorted page would otherwise build, in small steps. */
  async warmUp(): Promise<void> {
    let done = 0
    for (const person of this.all()) {
      if (!this.haystacks.has(person.id)) this.haystacks.set(person.id, haystack(person))
      if (++done % 5_000 === 0) await new Promise((resolve) => setImmediate(resolve))
    }
    this.ordered('name')
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
      list = [...this.all()].sort(COMPARATORS[key])
      this.sorted.set(key, list)
    }
    return list
  }
}

const byId = (a: Person, b: Person) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** Total orders (ties broken by id), so a binary search finds one exact person. */
const COMPARATORS: Record<PersonSortKey, (a: Person, b: Person) => number> = {
  name: (a, b) => collator.compare(a.name, b.name) || collator.compare(a.code, b.code) || byId(a, b),
  code: (a, b) => collator.compare(a.code, b.code) || byId(a, b),
  createdAt: (a, b) => byText(a.createdAt, b.createdAt) || byId(a, b),
  updatedAt: (a, b) => byText(a.updatedAt, b.updatedAt) || byId(a, b),
}

function lowerBound(list: Person[], person: Person, compare: (a: Person, b: Person) => number): number {
  let low = 0
  let high = list.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (compare(list[middle], person) < 0) low = middle + 1
    else high = middle
  }
  return low
}

function haystack(person: Person): string {
  return [person.name, person.code, person.phone ?? '', person.company, person.department, person.certificate?.number ?? '']
    .join('\u0001')
    .toLowerCase()
}
