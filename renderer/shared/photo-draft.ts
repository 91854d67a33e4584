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
}

export const ACCEPTED_PHOTO_TYPES = 'image/jpeg,image/png,image/webp'

export async function photoDraftFromFile(file: File): Promise<PhotoDraft> {
  return { base64: await readFileAsBase64(file), source: 'file', quality: null, previewUrl: URL.createObjectURL(file) }
}

export function photoDraftFromCapture(jpegBase64: string, quality: number, descriptor?: number[]): PhotoDraft {
  return { base64: jpegBase64, source: 'camera', quality, previewUrl: `data:image/jpeg;base64,${jpegBase64}`, descriptor }
}

export function releasePhotoDraft(draft: PhotoDraft | null): void {
  if (draft?.previewUrl.startsWith('blob:')) URL.revokeObjectURL(draft.previewUrl)
}
