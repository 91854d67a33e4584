/**
 * From the kept frame to a portrait ready to save: the descriptor computed on that frame, the frame
 * as JPEG to the core (`face.prepare`), which crops it with the same function as photo files,
 * stores it and matches it against the register.
 *
 *   finishCapture(engine, frame, bridge, { excludePersonId? }) → CaptureResult
 */
import type { Bridge } from '../../common/contract'
import { warningsOf, type CaptureMatch } from '../../common/face/capture-types'
import type { PhotoRef } from '../../common/model/person'
import type { FaceEngine } from './engine'
import { encodeJpeg } from './frame-analysis'
import type { CapturedFrame } from './live-capture'

/** What CaptureView hands to its parent (renderer/shared/capture-module.ts expects the first three). */
export interface CaptureResult {
  /** The cropped standard portrait, JPEG, base64: the bytes of `photo`. */
  jpegBase64: string
  quality: { score: number; failures: Array<{ code: string; message: string }> }
  descriptor?: number[]
  /** Already stored by the core: saving the person with `jpegBase64` attaches this same file. */
  photo: PhotoRef
  /** Blacklist entries first, then registered persons close enough to be the same. */
  matches: CaptureMatch[]
  /** Who took it: AutoCapture, or the button / Space bar. */
  auto: boolean
}

export async function finishCapture(engine: FaceEngine, frame: CapturedFrame, bridge: Bridge, options: { excludePersonId?: string } = {}): Promise<CaptureResult> {
  const face = frame.report.face
  const landmarks = frame.faces[0]?.landmarks
  if (!face || !landmarks) throw new Error('no face in the kept frame')
  const [descriptor, jpeg] = await Promise.all([engine.describe(frame.image, landmarks), encodeJpeg(frame.image)])
  const failures = frame.report.failures.map(({ code, message }) => ({ code, message }))
  const prepared = await bridge.invoke('face.prepare', {
    frame: jpeg,
    eyes: face.eyes,
    descriptor: Array.from(descriptor),
    quality: { score: frame.report.score, passed: frame.report.passed, failures },
    excludePersonId: options.excludePersonId,
  })
  return {
    jpegBase64: prepared.portrait,
    quality: { score: prepared.quality, failures },
    descriptor: prepared.descriptor,
    photo: prepared.photo,
    matches: warningsOf(prepared.matches),
    auto: frame.auto,
  }
}

