/**
 * A photo file checked before it is saved with anyone (Node): the same detector, quality gate and
 * standard crop as `enroll person add --photo` (processPhoto, strict), the portrait stored by its
 * hash, and the 1:N match (blacklist first) — what face.prepare does for a camera frame, so the
 * desk shows the cropped portrait and the match warnings before Save and then saves by reference.
 *
 *   prepareFile(input, deps) → PreparedFile      or throws CoreError on `photo` (no face, corrupt, too large…)
 *   registerLookup(station) → RegisterLookup     the station's persons and face search, for deps
 */
import type { Station } from '../station'
import { savePhotoFile } from '../photos/photo-files'
import type { PrepareFileInput, PreparedFile } from '../../../common/face/prepare-file-types'
import { processPhoto } from './pipeline'
import type { QualityThresholds } from '../../../common/face/quality'
import { registerFaces } from './register-faces'
import { registerMatches, type RegisterLookup } from './register-matches'

export interface PrepareFileDeps extends RegisterLookup {
  dataDir: string
  /** The quality gate's limits (the station's settings); the documented defaults when absent. */
  thresholds?: QualityThresholds
}

export async function prepareFile(input: PrepareFileInput, deps: PrepareFileDeps): Promise<PreparedFile> {
  // strict, as for every single photo: a failing measure refuses the file with its reasons
  const processed = await processPhoto(Buffer.from(input.base64, 'base64'), { thresholds: deps.thresholds })
  const photo = await savePhotoFile(deps.dataDir, processed.jpeg, { source: 'file', quality: processed.quality.score })
  const descriptor = Array.from(processed.descriptor)
  return {
    photo,
    portrait: processed.jpeg.toString('base64'),
    quality: processed.quality.score,
    descriptor,
    matches: await registerMatches(descriptor, deps, { excludePersonId: input.excludePersonId }),
    failures: processed.warnings.map(({ code, message }) => ({ code, message })),
  }
}

export function registerLookup(station: Station): RegisterLookup {
  return {
    person: (personId) => station.persons.get(personId),
    search: async (descriptor, options) => (await registerFaces(station)).search(descriptor, options),
  }
}
