import { z } from 'zod'
import { PrepareCaptureInputSchema, type PreparedCapture } from '../face/capture-types'
import { PrepareFileInputSchema, type PreparedFile } from '../face/prepare-file-types'
import type { CatchUpReport } from '../face/catch-up-report'
import { channel } from './channel'

export const faceChannels = {
  /**
   * A camera capture: the core crops the frame the renderer kept with the same function as photo
   * files, stores the portrait, and searches the register with the frame's descriptor (blacklist first).
   */
  'face.prepare': channel<PreparedCapture>()(PrepareCaptureInputSchema),
  /** Brings the register's face index up to date (the capture view calls it on opening, so the first capture does not wait). */
  'face.status': channel<CatchUpReport>()(z.object({}).strict()),

  /**
   * A photo file chosen at the desk, checked before saving: the core's file pipeline (detection,
   * quality gate, standard crop), the portrait stored, and the register searched (blacklist first);
   * `excludePersonId` leaves out the person whose photo is being replaced. Saved by reference like a capture.
   */
  'face.prepareFile': channel<PreparedFile>()(PrepareFileInputSchema),
}
