import type { Migration } from './index'
import { savePhotoFile } from '../../photos/photo-files'

/**
 * 002: face images must live in content-addressed JPEG files, never inside the JSON (a register
 * with inline base64 photos is ten times larger and slow to load). Any person still carrying a
 * `legacyPhotoDataUrl` gets a photo file and a PhotoRef; an undecodable one is reported, not lost:
 * the data URL stays in `note`-free field `legacyPhotoDataUrl` until a user replaces the photo.
 */
export const moveInlinePhotosToFiles: Migration = {
  version: 2,
  name: 'move inline data-URL photos into photo files',
  async up({ dataDir, collections, warn }) {
    const persons = collections.get('persons')!
    let moved = 0
    for (const [id, value] of persons) {
      const person = value as Record<string, unknown>
      const dataUrl = person.legacyPhotoDataUrl
      if (typeof dataUrl !== 'string') continue
      const match = /^data:image\/(jpeg|jpg|png|webp);base64,(.+)$/s.exec(dataUrl)
      if (!match) {
        warn(`Person ${person.code ?? id}: the old inline photo is not a data URL; it was left in place for review.`)
        continue
      }
      try {
        const photo = await savePhotoFile(dataDir, Buffer.from(match[2], 'base64'), { source: 'import', quality: null })
        const { legacyPhotoDataUrl: _dropped, ...rest } = person
        persons.set(id, { ...rest, photo })
        moved++
      } catch (error) {
        warn(`Person ${person.code ?? id}: the old inline photo could not be decoded (${(error as Error).message}); it was left in place for review.`)
      }
    }
    if (moved > 0) warn(`Moved ${moved} inline photos into photo files.`)
  },
}
