import { lazy, type ComponentType } from 'react'
import type { Language } from '../i18n/language'
import type { CaptureMatch } from '../../common/face/capture-types'
import type { QualityThresholdsInput } from '../../common/face/quality'

/** What renderer/capture/index.ts provides (loaded lazily, below). */
export interface CaptureResult {
  jpegBase64: string
  quality: { score: number; failures: Array<{ code: string; message: string }> }
  descriptor?: number[]
  /** Blacklist entries and likely duplicates the user saw and chose to keep the photo despite. */
  matches?: CaptureMatch[]
  /** The portrait as the core stored it (face.prepare); saved by reference. */
  photo: { hash: string }
}

export interface CaptureViewProps {
  onCapture(result: CaptureResult): void
  language: Language
  /** The quality limits saved in Settings (useCaptureThresholds); the defaults without them. */
  thresholds?: QualityThresholdsInput
  /** A retake for this person: their own stored face is not a duplicate. */
  excludePersonId?: string
}

interface CaptureModule {
  CaptureView: ComponentType<CaptureViewProps>
}

// A glob rather than an import: the build still succeeds while renderer/capture/ does not exist,
// and the camera code (face models, WASM) loads as its own chunk only when Enroll is shown.
const found = import.meta.glob<CaptureModule>('../capture/index.ts')
const load = Object.values(found)[0]

export const CaptureView: ComponentType<CaptureViewProps> | null = load ? lazy(async () => ({ default: (await load()).CaptureView })) : null
