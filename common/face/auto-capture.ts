/**
 * Auto-capture: decides when the live picture is good enough to take. PURE (renderer).
 *
 *   const auto = new AutoCapture(options?)
 *   auto.push({ id, timestamp, report }) → AutoCaptureStatus   once per analysed frame
 *   auto.reset()                                               after the user retakes
 *
 * It fires once every frame of a window at least `steadyMs` long has passed the quality gate and
 * the face has barely moved, and then names the best frame (highest score) of that window: the
 * caller keeps the last second or so of frames by id to fetch its pixels. A frame with no face,
 * several faces or any failing measure empties the window, so it can never fire on one.
 */
import { z } from 'zod'
import { interEyeDistance } from './geometry'
import type { GuidanceCode, QualityFailure, QualityReport } from './quality'

export const AutoCaptureOptionsSchema = z.object({
  /** How long the face must stay good and still. ~0.7 s is long enough to skip a blink or a turn in passing, short enough not to feel slow. */
  steadyMs: z.number().min(100).max(5000).default(700),
  /** Allowed travel of the eye midpoint across the window, as a fraction of the inter-eye distance. */
  maxMovement: z.number().min(0).max(2).default(0.2),
  /** Allowed change of the inter-eye distance across the window (leaning in or out), as a fraction. */
  maxScaleChange: z.number().min(0).max(1).default(0.1),
  /** A longer gap between frames (the camera or the detector stalled) restarts the window. */
  maxFrameGapMs: z.number().min(50).max(5000).default(500),
})
export type AutoCaptureOptions = z.output<typeof AutoCaptureOptionsSchema>

export interface CaptureFrame<Id> {
  id: Id
  /** Milliseconds, monotonic (performance.now() or the video frame's timestamp). */
  timestamp: number
  report: QualityReport
}

export type AutoCaptureStatus<Id> =
  | { state: 'waiting'; guidance: GuidanceCode | null; failures: QualityFailure[]; progress: 0 }
  | { state: 'steadying'; guidance: 'hold_still'; progress: number }
  | { state: 'captured'; best: CaptureFrame<Id>; progress: 1 }

export class AutoCapture<Id = number> {
  readonly options: AutoCaptureOptions
  private window: CaptureFrame<Id>[] = []
  private captured: CaptureFrame<Id> | null = null

  constructor(options: z.input<typeof AutoCaptureOptionsSchema> = {}) {
    this.options = AutoCaptureOptionsSchema.parse(options)
  }

  reset(): void {
    this.window = []
    this.captured = null
  }

  push(frame: CaptureFrame<Id>): AutoCaptureStatus<Id> {
    if (this.captured) return { state: 'captured', best: this.captured, progress: 1 }
    const { report } = frame
    if (!report.passed || !report.face || report.measures.faceCount !== 1) {
      this.window = []
      return { state: 'waiting', guidance: report.failures[0]?.code ?? null, failures: report.failures, progress: 0 }
    }
    const anchor = this.window[0]
    const previous = this.window[this.window.length - 1]
    if (anchor && (frame.timestamp - previous.timestamp > this.options.maxFrameGapMs || this.moved(anchor.report, report))) {
      this.window = []
    }
    this.window.push(frame)
    const elapsed = frame.timestamp - this.window[0].timestamp
    if (elapsed < this.options.steadyMs) {
      return { state: 'steadying', guidance: 'hold_still', progress: Math.max(0, elapsed / this.options.steadyMs) }
    }
    // Ties go to the later frame: it is the one closest to what the visitor sees now.
    const best = this.window.reduce((a, b) => (b.report.score >= a.report.score ? b : a))
    this.captured = best
    this.window = []
    return { state: 'captured', best, progress: 1 }
  }

  private moved(from: QualityReport, to: QualityReport): boolean {
    const a = from.face!.eyes
    const b = to.face!.eyes
    const scale = interEyeDistance(a)
    const midA = { x: (a.left.x + a.right.x) / 2, y: (a.left.y + a.right.y) / 2 }
    const midB = { x: (b.left.x + b.right.x) / 2, y: (b.left.y + b.right.y) / 2 }
    const travel = Math.hypot(midB.x - midA.x, midB.y - midA.y) / scale
    const scaleChange = Math.abs(interEyeDistance(b) / scale - 1)
    return travel > this.options.maxMovement || scaleChange > this.options.maxScaleChange
  }
}
