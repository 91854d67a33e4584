/**
 * The `face.prepareFile` channel's input and result (PURE: the contract and the renderer import it).
 * The work itself is in ./prepare-file.ts (Node).
 */
import { z } from 'zod'
import type { PreparedCapture } from './capture-types'
import { schemaWording } from '../errors/core-error'

/**
 * Base64 of the largest file the pipeline reads (PHOTO_LIMITS.maxBytes, 25 MB) is ~33.4 M
 * characters; the schema lets a little more through so that a file just over the limit is refused
 * by decodePhoto with its size in the message ("photo: the file is too large (26 MB; at most 25 MB)").
 */
const MAX_FILE_BASE64 = 36_000_000

export const PrepareFileInputSchema = z
  .object({
    /** The photo file as chosen (JPEG, PNG or WebP), base64. */
    base64: z.string().min(1, schemaWording('field.required')).max(MAX_FILE_BASE64, schemaWording('field.photo_too_large')),
    /** The person whose photo this replaces: their own (old) face is not a duplicate of them. */
    excludePersonId: z.string().trim().min(1).optional(),
  })
  .strict()
export type PrepareFileInput = z.output<typeof PrepareFileInputSchema>

export interface PreparedFile extends PreparedCapture {
  /** Failing quality measures the photo was kept despite (none: a single photo file is held to every measure). */
  failures: Array<{ code: string; message: string }>
}
