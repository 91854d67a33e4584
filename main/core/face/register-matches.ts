/**
 * Who in the register a new face looks like, described for the desk (Node-free, but searches
 * through the given 1:N search): blacklist entries first, then the nearest registered persons.
 *
 *   registerMatches(descriptor, lookup, options?) → CaptureMatch[]    at most 5
 */
import type { Person } from '../../../common/model/person'
import type { CaptureMatch } from '../../../common/face/capture-types'
import { CANDIDATE_DISTANCE, MATCH_DISTANCE, type FaceMatch, type SearchOptions } from './face-index'

export interface RegisterLookup {
  person(id: string): Person | undefined
  /** The register's 1:N search (register-faces.ts); null: matching is unavailable, no matches. */
  search: ((descriptor: ArrayLike<number>, options?: SearchOptions) => Promise<FaceMatch[]>) | null
}

const MAX_MATCHES = 5

export async function registerMatches(
  descriptor: ArrayLike<number>,
  lookup: RegisterLookup,
  options: { excludePersonId?: string } = {},
): Promise<CaptureMatch[]> {
  if (!lookup.search) return []
  // one more than shown, so leaving out the excluded person still leaves five
  const found = await lookup.search(descriptor, { limit: MAX_MATCHES + (options.excludePersonId ? 1 : 0), maxDistance: CANDIDATE_DISTANCE })
  const matches: CaptureMatch[] = []
  for (const match of found) {
    if (match.key === options.excludePersonId) continue
    const person = lookup.person(match.key)
    if (!person || person.deletedAt) continue
    matches.push({
      personId: person.id,
      code: person.code,
      name: person.name,
      type: person.type,
      reason: person.reason,
      blacklist: match.blacklist,
      distance: Math.round(match.distance * 1000) / 1000,
      likely: match.distance <= MATCH_DISTANCE,
      photoHash: person.photo?.hash ?? null,
    })
  }
  return matches.slice(0, MAX_MATCHES)
}
