/**
 * One live frame through the gate: pixels from the video, faces with landmarks, quality report.
 *
 *   const grabber = new FrameGrabber()
 *   grabber.grab(video) → ImageData | null          the current video frame (at most MAX_ANALYSIS_SIDE)
 *   analyseFrame(engine, image, thresholds, inputSize?) → { faces, report }
 *
 * The report comes from the core's own assessPixels (common/face/quality.ts), the very code the
 * Node import runs, on the grayscale face region of this frame.
 */
import { assessPixels, type FaceCandidate, type QualityReport, type QualityThresholds } from '../../common/face/quality'
import type { FaceEngine } from './engine'

/**
 * Frames are analysed at the camera's resolution up to this side: the quality limits are in camera
 * pixels (a 1280×720 webcam at arm's length gives ~80–90 px between the eyes), and the frame kept
 * for the portrait keeps every pixel the crop can use. Larger cameras are scaled down to it.
 */
export const MAX_ANALYSIS_SIDE = 1280

export class FrameGrabber {
  private canvas: HTMLCanvasElement | null = null
  private context: CanvasRenderingContext2D | null = null

  grab(video: HTMLVideoElement): ImageData | null {
    const { videoWidth, videoHeight } = video
    if (!videoWidth || !videoHeight || video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) return null
    const scale = Math.min(1, MAX_ANALYSIS_SIDE / Math.max(videoWidth, videoHeight))
    const width = Math.round(videoWidth * scale)
    const height = Math.round(videoHeight * scale)
    if (!this.canvas) {
      this.canvas = document.createElement('canvas')
      // read back every frame: keep the canvas in memory rather than on the GPU
      this.context = this.canvas.getContext('2d', { willReadFrequently: true })
    }
    if (!this.context) return null
    if (this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas.width = width
      this.canvas.height = height
    }
    this.context.drawImage(video, 0, 0, width, height)
    return this.context.getImageData(0, 0, width, height)
  }
}

export interface FrameAnalysis {
  faces: FaceCandidate[]
  report: QualityReport
}

export async function analyseFrame(engine: FaceEngine, image: ImageData, thresholds: QualityThresholds, inputSize?: number): Promise<FrameAnalysis> {
  const faces = await engine.detect(image, { landmarks: true, inputSize })
  const report = assessPixels({ data: image.data, width: image.width, height: image.height, channels: 4 }, faces, thresholds)
  return { faces, report }
}

/** A frame as JPEG for the core (which crops it with the same function as photo files). */
export async function encodeJpeg(image: ImageData, quality = 0.92): Promise<string> {
  const canvas = document.createElement('canvas')
  canvas.width = image.width
  canvas.height = image.height
  canvas.getContext('2d')!.putImageData(image, 0, 0)
  const blob = await new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((result) => (result ? resolve(result) : reject(new Error('the frame could not be encoded as JPEG'))), 'image/jpeg', quality),
  )
  return base64Of(new Uint8Array(await blob.arrayBuffer()))
}

function base64Of(bytes: Uint8Array): string {
  let binary = ''
  const chunk = 0x8000
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk))
  return btoa(binary)
}
