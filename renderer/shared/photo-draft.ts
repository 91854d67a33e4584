import type { CaptureMatch } from '../../main/core/face/capture-types'
import { readFileAsBase64 } from './files'

/** A photo chosen or captured but not yet saved with a person. */
export interface PhotoDraft {
  base64: string
  source: 'camera' | 'file'
  /** 0–100 from the capture's quality gate; null for a file the UI did not assess. */
  quality: number | null
  previewUrl: string
  /** The 128-d face descriptor the capture computed, kept for the match check before saving. */
  descriptor?: number[]
  /** What the register match found for this face (camera captures only). */
  matches?: CaptureMatch[]
  /** A camera portrait the core already cropped and stored: saved by reference, not uploaded again. */
  storedHash?: string
}

/** What person.add / person.setPhoto take for this draft. */
export function photoInput(draft: PhotoDraft): { hash: string; quality: number | null } | { base64: string; source: 'camera' | 'file' } {
  return draft.storedHash ? { hash: draft.storedHash, quality: draft.quality } : { base64: draft.base64, source: draft.source }
}

export const ACCEPTED_PHOTO_TYPES = 'image/jpeg,image/png,image/webp'

export async function photoDraftFromFile(file: File): Promise<PhotoDraft> {
  return { base64: await readFileAsBase64(file), source: 'file', quality: null, previewUrl: URL.createObjectURL(file) }
}

export function photoDraftFromCapture(capture: { jpegBase64: string; quality: { score: number }; descriptor?: number[]; matches?: CaptureMatch[]; photo?: { hash: string } }): PhotoDraft {
  return {
    base64: capture.jpegBase64,
    source: 'camera',
    quality: capture.quality.score,
    previewUrl: `data:image/jpeg;base64,${capture.jpegBase64}`,
    descriptor: capture.descriptor,
    matches: capture.matches,
    storedHash: capture.photo?.hash,
  }
}

export function releasePhotoDraft(draft: PhotoDraft | null): void {
  if (draft?.previewUrl.startsWith('blob:')) URL.revokeObjectURL(draft.previewUrl)
}
