import { warningsOf, type CaptureMatch } from '../../common/face/capture-types'
import type { Bridge } from '../../common/contract'
import { BridgeError } from '../bridge'
import { errorMessage } from './errors'
import { currentTranslator } from '../i18n'
import { errorText } from '../../common/i18n/error-text'
import { readFileAsBase64 } from './files'

/**
 * A portrait chosen or captured but not yet saved with a person. Camera frames (face.prepare) and
 * photo files (face.prepareFile) alike were already cropped, stored and matched by the core, so
 * the draft is the stored portrait: the preview shows its bytes and saving names its hash.
 */
export interface PhotoDraft {
  /** SHA-256 of the stored portrait. */
  hash: string
  source: 'camera' | 'file'
  /** 0–100 from the quality gate. */
  quality: number
  /** data: URL of the portrait's JPEG. */
  previewUrl: string
  /** The 128-d face descriptor the match used. */
  descriptor?: number[]
  /** What the desk must see before saving (see warningsOf). */
  matches: CaptureMatch[]
}

/** What person.add / person.setPhoto take for this draft: the stored portrait, not the bytes again. */
export function photoInput(draft: PhotoDraft): { hash: string; quality: number; source: 'camera' | 'file' } {
  return { hash: draft.hash, quality: draft.quality, source: draft.source }
}

export const ACCEPTED_PHOTO_TYPES = 'image/jpeg,image/png,image/webp'

/**
 * The core's check of a chosen file: detection, quality gate, standard crop, stored, matched.
 * `excludePersonId`: the person whose photo this would replace (their old face is not a duplicate).
 * Throws the core's refusal (a BridgeError on `photo`) for no face, several faces, a damaged file…
 */
export async function checkPhotoFile(bridge: Bridge, file: Blob, options: { excludePersonId?: string } = {}): Promise<PhotoDraft> {
  const prepared = await bridge.invoke('face.prepareFile', { base64: await readFileAsBase64(file), excludePersonId: options.excludePersonId })
  return {
    hash: prepared.photo.hash,
    source: 'file',
    quality: prepared.quality,
    previewUrl: `data:image/jpeg;base64,${prepared.portrait}`,
    descriptor: prepared.descriptor,
    matches: warningsOf(prepared.matches),
  }
}

/** The capture view's result (matches already narrowed by warningsOf). */
export function photoDraftFromCapture(capture: { jpegBase64: string; quality: { score: number }; descriptor?: number[]; matches?: CaptureMatch[]; photo: { hash: string } }): PhotoDraft {
  return {
    hash: capture.photo.hash,
    source: 'camera',
    quality: capture.quality.score,
    previewUrl: `data:image/jpeg;base64,${capture.jpegBase64}`,
    descriptor: capture.descriptor,
    matches: capture.matches ?? [],
  }
}

/**
 * Why a file was refused, in the page's language, for next to the photo. The one refusal the core
 * files under the upload's key (`base64`: a file over the contract's size limit, or an empty one)
 * is about the photo too.
 */
export function photoRefusal(error: unknown): string {
  if (error instanceof BridgeError && error.field === 'base64') return errorText({ field: 'photo', message: error.message, messageCode: error.messageCode, params: error.params }, currentTranslator())
  return errorMessage(error)
}

/** True when a save was refused because of the photo (the message belongs next to the photo). */
export function isPhotoError(error: unknown): error is BridgeError {
  return error instanceof BridgeError && (error.field === 'photo' || error.issues.some((issue) => issue.field.startsWith('photo')))
}
