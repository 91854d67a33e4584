/**
 * Photos from files (the CLI's --photo, the UI's file picker, CSV imports) go through the same
 * detector, quality gate and standard crop as camera captures. Camera and single photos are
 * strict: a failing measure refuses the photo. Bulk imports of old photos keep a slightly soft or
 * turned face, with the failing measures reported as warnings (no face or several faces are still
 * refused: a register photo must show exactly the person).
 */
import type { FaceProcessor } from '../photos/photo-service'
import { processPhoto } from './pipeline'
import type { QualityThresholds } from '../../../common/face/quality'

/** `thresholds` is read for every photo, so a change in Settings applies to the next one. */
export function createFaceProcessor(options: { thresholds?: () => QualityThresholds } = {}): FaceProcessor {
  return async (bytes, source) => {
    const processed = await processPhoto(bytes, { strict: source !== 'import', thresholds: options.thresholds?.() })
    return {
      jpeg: processed.jpeg,
      quality: processed.quality.score,
      descriptor: processed.descriptor,
      warnings: processed.warnings.map((failure) => failure.message),
    }
  }
}
