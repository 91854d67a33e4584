/**
 * How a photo file's failing measures read in its refusal ("photo: …"). PURE.
 *
 *   photoFault(failure, measures) → string
 *
 * The gate's guidance speaks to a visitor at the camera ("Raise your chin"); a file is judged by
 * whoever chose it, so a pose is described as it is in the photo, with its direction (the
 * person's own left and right, which do not depend on how the picture is shown) and its angle.
 * Every other measure keeps the guidance's words.
 */
import type { QualityFailure, QualityMeasures } from '../../../common/face/quality'

const STRAIGHT = 'choose a photo looking straight into the camera'

export function photoFault(failure: QualityFailure, measures: QualityMeasures): string {
  const yaw = Math.round(Math.abs(measures.yaw ?? 0))
  const pitch = Math.round(Math.abs(measures.pitch ?? 0))
  switch (failure.code) {
    // turn_right: the face is turned to the person's own left (see turnTowardsCamera)
    case 'turn_right':
      return `the head is turned ${yaw}° to the person's left: ${STRAIGHT}`
    case 'turn_left':
      return `the head is turned ${yaw}° to the person's right: ${STRAIGHT}`
    case 'chin_down':
      return `the chin is raised ${pitch}°: ${STRAIGHT}`
    case 'chin_up':
      return `the chin is lowered ${pitch}°: ${STRAIGHT}`
    default:
      return failure.message.charAt(0).toLowerCase() + failure.message.slice(1)
  }
}
