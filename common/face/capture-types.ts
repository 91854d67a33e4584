/**
 * The `face.prepare` channel's input and result (PURE: the contract and the renderer import it).
 * The work itself is in ./prepare-capture.ts (Node).
 */
import { z } from 'zod'
import type { PersonType, PhotoRef } from '../model/person'
import { DESCRIPTOR_LENGTH } from './descriptor-length'
import { schemaWording } from '../errors/core-error'

const PointSchema = z.object({ x: z.number().finite(), y: z.number().finite() }).strict()

/** A 1280×720 JPEG frame is ~150–400 KB; 12 MB of base64 leaves room for a 4K camera. */
const MAX_FRAME_BASE64 = 12_000_000

export const PrepareCaptureInputSchema = z
  .object({
    /** The captured camera frame, JPEG, base64. */
    frame: z.string().min(1, schemaWording('field.required')).max(MAX_FRAME_BASE64, schemaWording('field.frame_too_large')),
    /** Eye centres in the frame's pixels (image-left and image-right eye). */
    eyes: z.object({ left: PointSchema, right: PointSchema }).strict(),
    descriptor: z.array(z.number().finite()).length(DESCRIPTOR_LENGTH).optional(),
    /** The person whose photo this retake replaces: their own face is not reported as a duplicate. */
    excludePersonId: z.string().min(1).max(64).optional(),
    /** The live quality report of that frame, kept with the photo. */
    quality: z
      .object({
        score: z.number().min(0).max(100),
        passed: z.boolean(),
        failures: z.array(z.object({ code: z.string().max(40), message: z.string().max(200) }).strict()).max(20),
      })
      .strict(),
  })
  .strict()
export type PrepareCaptureInput = z.output<typeof PrepareCaptureInputSchema>

export interface CaptureMatch {
  personId: string
  code: string
  name: string
  type: PersonType
  /** Why a blacklist entry is there (empty when nobody wrote it down). */
  reason: string
  blacklist: boolean
  distance: number
  /** distance ≤ MATCH_DISTANCE: probably the same person; above: a look-alike to judge. */
  likely: boolean
  photoHash: string | null
}

export interface PreparedCapture {
  /** The stored portrait, ready to attach to a person. */
  photo: PhotoRef
  /** The same portrait's JPEG, base64, for the preview. */
  portrait: string
  quality: number
  descriptor: number[]
  /** Blacklist matches first, then the nearest registered persons; at most 5. */
  matches: CaptureMatch[]
}

/**
 * The matches a desk must see before saving: every blacklist candidate the search returned
 * (within its candidate distance: better a look-alike checked by the guard than a banned person
 * let in), and registered persons only when probably the same face (distance ≤ MATCH_DISTANCE);
 * farther look-alikes would only be noise. One rule for camera captures and photo files.
 */
export function warningsOf(matches: readonly CaptureMatch[]): CaptureMatch[] {
  return matches.filter((match) => match.blacklist || match.likely)
}
