/**
 * The live loop: every new video frame (when the previous one is done) → faces, landmarks, quality
 * report → AutoCapture; state for the overlay and the guidance; the frame to keep when it fires.
 *
 *   const live = new LiveCapture(engine, video, { thresholds, onState, onCapture })
 *   live.start() / live.stop()
 *   live.captureNow() → CapturedFrame | GuidanceCode     the Capture button and the Space bar
 *   live.resume()                                        after a retake
 *
 * Frames are dropped, never queued: the next frame is analysed only once the previous analysis is
 * over, so a slow PC shows fewer updates per second, not a growing delay.
 */
import { AutoCapture, type AutoCaptureOptions, type AutoCaptureStatus } from '../../common/face/auto-capture'
import type { FaceCandidate, GuidanceCode, QualityReport, QualityThresholds } from '../../common/face/quality'
import type { FaceEngine } from './engine'
import { BestFrames } from './best-frames'
import { DetectorSizes } from './detector-sizes'
import { analyseFrame, FrameGrabber } from './frame-analysis'

export interface CapturedFrame {
  image: ImageData
  faces: FaceCandidate[]
  report: QualityReport
  timestamp: number
  /** true when AutoCapture chose it, false for the button or Space. */
  auto: boolean
}

export interface LiveState {
  frame: { width: number; height: number } | null
  faces: FaceCandidate[]
  report: QualityReport | null
  status: AutoCaptureStatus<number> | null
  /** What to tell the visitor now (null: nothing to say yet). */
  guidance: GuidanceCode | null
  /** Analysed frames per second over the last second or so. */
  fps: number
}

export interface LiveCaptureOptions {
  thresholds: QualityThresholds
  autoCapture?: Partial<AutoCaptureOptions>
  onState(state: LiveState): void
  onCapture(frame: CapturedFrame): void
  /** An analysis failed (e.g. the GPU context was lost): the loop stops. */
  onError(error: Error): void
}

interface KeptFrame {
  id: number
  image: ImageData
  faces: FaceCandidate[]
  report: QualityReport
  timestamp: number
}

/** How old the last single-face frame may be for the Capture button to take it (a blink of the detector). */
const MANUAL_REACH_MS = 1000

type VideoWithFrameCallback = HTMLVideoElement & { requestVideoFrameCallback?(callback: () => void): number; cancelVideoFrameCallback?(handle: number): void }

export class LiveCapture {
  private readonly auto: AutoCapture<number>
  private readonly grabber = new FrameGrabber()
  private readonly sizes = new DetectorSizes()
  private running = false
  private paused = false
  private nextId = 1
  private pending: number | null = null
  private latest: KeptFrame | null = null
  /** The last frame with exactly one face: the detector misses a dim face now and then, the button should not. */
  private lastSingle: KeptFrame | null = null
  private readonly best: BestFrames<KeptFrame>
  private frameTimes: number[] = []

  constructor(
    private readonly engine: FaceEngine,
    private readonly video: HTMLVideoElement,
    private readonly options: LiveCaptureOptions,
  ) {
    this.auto = new AutoCapture<number>(options.autoCapture ?? {})
    this.best = new BestFrames<KeptFrame>(this.auto.options)
  }

  start(): void {
    if (this.running) return
    this.running = true
    this.schedule()
  }

  stop(): void {
    this.running = false
    const video = this.video as VideoWithFrameCallback
    if (this.pending !== null) {
      if (video.cancelVideoFrameCallback) video.cancelVideoFrameCallback(this.pending)
      else cancelAnimationFrame(this.pending)
    }
    this.pending = null
  }

  /** After a capture was shown and the user wants another: a fresh window, analysis on. */
  resume(): void {
    this.auto.reset()
    this.best.clear()
    this.lastSingle = null
    this.paused = false
  }

  /**
   * The frame on screen now, or the last one with a single face if that is under MANUAL_REACH_MS
   * old; never while two people are in the picture. Otherwise why not (with no face: the picture's
   * own cause first, e.g. too dark, as the live guidance says it).
   */
  captureNow(): CapturedFrame | GuidanceCode {
    if (this.latest && this.latest.report.measures.faceCount > 1) return 'multiple_faces'
    const frame = this.lastSingle
    if (!frame || performance.now() - frame.timestamp > MANUAL_REACH_MS) return this.latest?.report.failures[0]?.code ?? 'no_face'
    this.paused = true
    return { image: frame.image, faces: frame.faces, report: frame.report, timestamp: frame.timestamp, auto: false }
  }

  private schedule(): void {
    if (!this.running) return
    const video = this.video as VideoWithFrameCallback
    const run = () => {
      this.pending = null
      void this.tick()
    }
    this.pending = video.requestVideoFrameCallback ? video.requestVideoFrameCallback(run) : requestAnimationFrame(run)
  }

  private async tick(): Promise<void> {
    try {
      if (!this.paused) await this.analyse()
    } catch (error) {
      this.running = false
      this.options.onError(error instanceof Error ? error : new Error(String(error)))
      return
    }
    this.schedule()
  }

  private async analyse(): Promise<void> {
    const image = this.grabber.grab(this.video)
    if (!image) return
    const timestamp = performance.now()
    const { faces, report } = await analyseFrame(this.engine, image, this.options.thresholds, this.sizes.current)
    this.sizes.next(faces.length > 0 ? faces[0].box.width / image.width : 0)
    if (!this.running || this.paused) return
    const frame: KeptFrame = { id: this.nextId++, image, faces, report, timestamp }
    this.latest = frame
    if (report.face && report.measures.faceCount === 1) this.lastSingle = frame
    const status = this.auto.push({ id: frame.id, timestamp, report })
    this.best.keep(frame, status)
    this.options.onState({
      frame: { width: image.width, height: image.height },
      faces,
      report,
      status,
      guidance: status.state === 'waiting' ? status.guidance : 'hold_still',
      fps: this.measureFps(timestamp),
    })
    if (status.state === 'captured') {
      const best = this.best.take(status.best.id) ?? frame
      this.paused = true
      this.options.onCapture({ image: best.image, faces: best.faces, report: best.report, timestamp: best.timestamp, auto: true })
    }
  }

  private measureFps(now: number): number {
    this.frameTimes.push(now)
    while (this.frameTimes.length > 1 && now - this.frameTimes[0] > 1500) this.frameTimes.shift()
    const span = now - this.frameTimes[0]
    return span > 0 ? ((this.frameTimes.length - 1) * 1000) / span : 0
  }
}
