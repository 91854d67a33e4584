/**
 * How a photo file's failing measures read in its refusal ("photo: …"). PURE.
 *
 *   photoFault(failure, measures) → { messageCode, params }
 *
 * The gate's guidance speaks to a visitor at the camera ("Raise your chin"); a file is judged by
 * whoever chose it, so a pose is described as it is in the photo, with its direction (the
 * person's own left and right, which do not depend on how the picture is shown) and its angle.
 * Every other measure keeps the guidance's words.
 */
import type { QualityFailure, QualityMeasures } from '../../../common/face/quality'
import type { ErrorParams, MessageCode } from '../../../common/errors/message-codes'

/** One reason a photo file is refused, by its message code (`photo.head_turned`, `photo.chin_tilted`, else `photo.fault` by the guidance code). */
export function photoFault(failure: QualityFailure, measures: QualityMeasures): { messageCode: MessageCode; params: ErrorParams } {
  const degrees = (angle: number | null) => String(Math.round(Math.abs(angle ?? 0)))
  switch (failure.code) {
    // turn_right: the face is turned to the person's own left (see turnTowardsCamera)
    case 'turn_right':
      return { messageCode: 'photo.head_turned', params: { side: 'left', degrees: degrees(measures.yaw) } }
    case 'turn_left':
      return { messageCode: 'photo.head_turned', params: { side: 'right', degrees: degrees(measures.yaw) } }
    case 'chin_down':
      return { messageCode: 'photo.chin_tilted', params: { way: 'raised', degrees: degrees(measures.pitch) } }
    case 'chin_up':
      return { messageCode: 'photo.chin_tilted', params: { way: 'lowered', degrees: degrees(measures.pitch) } }
    default:
      return { messageCode: 'photo.fault', params: { guidance: failure.code } }
  }
}
