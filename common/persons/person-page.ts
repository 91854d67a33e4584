import type { Person } from '../model/person'

/** One page of `person.list`: the persons asked for, and how many match in all. */
export interface PersonPage {
  items: Person[]
  total: number
  offset: number
}
