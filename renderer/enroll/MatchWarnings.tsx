import type { PhotoDraft } from '../shared/photo-draft'

/**
 * The slot for "this face is already registered" and, loudly, "this face matches a blacklist
 * entry" before Save. The face matcher (issue 8) will offer it through the contract; until that
 * channel exists there is nothing truthful to show, so this renders nothing.
 */
export function MatchWarnings(_props: { photo: PhotoDraft | null }) {
  return null
}
