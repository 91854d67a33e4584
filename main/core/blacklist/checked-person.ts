import type { Station } from '../station'
import type { Person } from '../../../common/model/person'
import type { CheckedPerson } from '../../../common/persons/field-match'

/**
 * A person just saved, with the blacklist entries their certificate number, phone or name agree
 * with. Like a face match it warns and does not refuse: the guard decides, the record is kept.
 */
export function withBlacklistMatches(station: Station, person: Person): CheckedPerson {
  const matches = station.blacklistFields.matchPerson(person)
  return matches.length ? { ...person, blacklistMatches: matches } : person
}
