/**
 * Which frames to hold on to so that AutoCapture's "best frame of the steady window" can be handed
 * over with its pixels. PURE (tested in Node against AutoCapture itself).
 *
 *   const kept = new BestFrames(auto.options)
 *   kept.keep(frame, status)     after every AutoCapture.push
 *   kept.take(id)                the frame AutoCapture named
 *
 * A window always ends at the newest frame, so an older frame scoring no more than a newer one can
 * never be the best (ties go to the later frame) and is let go, as is anything older than the
 * longest window that can still fire. What stays is short, and so is the memory it holds
 * (a 1280×720 frame is 3.7 MB).
 */
import type { AutoCaptureOptions, AutoCaptureStatus } from '../../common/face/auto-capture'
import type { QualityReport } from '../../common/face/quality'

export interface ScoredFrame {
  id: number
  timestamp: number
  report: QualityReport
}

export class BestFrames<F extends ScoredFrame> {
  private frames: F[] = []

  constructor(private readonly options: Pick<AutoCaptureOptions, 'steadyMs' | 'maxFrameGapMs'>) {}

  get size(): number {
    return this.frames.length
  }

  keep(frame: F, status: AutoCaptureStatus<number>): void {
    if (status.state === 'waiting') {
      this.frames = []
      return
    }
    const horizon = frame.timestamp - this.options.steadyMs - this.options.maxFrameGapMs
    this.frames = this.frames.filter((kept) => kept.report.score > frame.report.score && kept.timestamp >= horizon)
    this.frames.push(frame)
  }

  take(id: number): F | undefined {
    const found = this.frames.find((frame) => frame.id === id)
    this.frames = []
    return found
  }

  clear(): void {
    this.frames = []
  }
}
