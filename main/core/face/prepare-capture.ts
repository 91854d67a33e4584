/**
 * A camera capture made ready to save (Node): the frame the renderer kept, cropped by the same
 * cropPortrait as photo files, stored, and matched against the register.
 *
 *   (PrepareCaptureInputSchema and the result types are in ./capture-types: the contract imports them)
 *   prepareCapture(input, deps) → PreparedCapture   { photo, portrait, quality, matches }
 *
 * The renderer already found the face (landmarks → eye centres), judged it with the quality gate
 * and computed its 128-d descriptor on the captured frame, so the core does not detect again:
 * it crops around the given eyes and searches with the given descriptor. Without a descriptor
 * (an older renderer, a test) it is computed here from the portrait. The stored photo is the
 * portrait itself, so saving the person later attaches exactly these bytes (same SHA-256).
 */
import { savePhotoFile } from '../photos/photo-files'
import type { PrepareCaptureInput, PreparedCapture } from '../../../common/face/capture-types'
import { cropPortrait } from './crop'
import { registerMatches, type RegisterLookup } from './register-matches'
import { interEyeDistance } from '../../../common/face/geometry'
import { decodePhoto, photoError } from './image'

export interface PrepareCaptureDeps extends RegisterLookup {
  dataDir: string
  describe?(jpeg: Buffer): Promise<Float32Array>
}

/** The eyes must be this far apart in the frame for a portrait worth keeping (the gate asks 60). */
const MIN_EYE_DISTANCE_PX = 20

export async function prepareCapture(input: PrepareCaptureInput, deps: PrepareCaptureDeps): Promise<PreparedCapture> {
  if (interEyeDistance(input.eyes) < MIN_EYE_DISTANCE_PX) throw photoError('photo.eyes_too_close')
  const image = await decodePhoto(Buffer.from(input.frame, 'base64'))
  const portrait = await cropPortrait(image, input.eyes)
  const photo = await savePhotoFile(deps.dataDir, portrait.jpeg, { source: 'camera', quality: input.quality.score })
  const describe = deps.describe ?? (await import('./pipeline')).describePortrait
  const descriptor = input.descriptor ?? Array.from(await describe(portrait.jpeg))
  const matches = await registerMatches(descriptor, deps, { excludePersonId: input.excludePersonId })
  return { photo, portrait: portrait.jpeg.toString('base64'), quality: input.quality.score, descriptor, matches }
}
