/**
 * The page bench/face-browser.ts drives in headless Chromium: the real engine and the real frame
 * analysis on frames of the fake camera, with the backend pinned by ?backend=wasm|webgl|cpu.
 * Not part of the app (nothing imports it); built on its own by the benchmark.
 */
import { DEFAULT_QUALITY_THRESHOLDS } from '../../../common/face/quality'
import type { BackendName } from '../backend-choice'
import { openCamera, stopStream } from '../camera'
import { loadFaceEngine, type EngineInfo, type FaceEngine } from '../engine'
import { analyseFrame, FrameGrabber } from '../frame-analysis'
import { LiveCapture } from '../live-capture'

export type BenchStage = 'detector' | 'landmarks' | 'quality' | 'loop'

export interface FaceBench {
  open(): Promise<EngineInfo & { frame: { width: number; height: number } }>
  /** Keeps `count` successive camera frames for the timings. */
  grabFrames(count: number): Promise<number>
  /** ms per frame, one sample per call, cycling over the kept frames. */
  time(stage: BenchStage, runs: number, inputSize?: number): Promise<number[]>
  /** Faces found in each kept frame at this input size. */
  faceCounts(inputSize: number): Promise<number[]>
  memory(): { numTensors: number; numBytes: number }
  /**
   * The app's own camera request (1280×720 preferred) and live loop (LiveCapture, default limits):
   * ms from asking for the camera to the auto-capture, or null when none came within `timeoutMs`;
   * with how often each guidance was shown.
   */
  autoCapture(timeoutMs: number): Promise<AutoCaptureRun>
}

export interface AutoCaptureRun {
  ms: number | null
  frame: { width: number; height: number }
  guidance: Record<string, number>
  error?: string
}

declare global {
  interface Window {
    faceBench: FaceBench
  }
}

const video = document.getElementById('video') as HTMLVideoElement
const grabber = new FrameGrabber()
let engine: FaceEngine
let frames: ImageData[] = []

function nextVideoFrame(): Promise<void> {
  return new Promise((resolve) => video.requestVideoFrameCallback(() => resolve()))
}

window.faceBench = {
  async open() {
    const backend = (new URLSearchParams(location.search).get('backend') ?? undefined) as BackendName | undefined
    video.srcObject = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 } } })
    await video.play()
    engine = await loadFaceEngine({ backend })
    return { ...engine.info, frame: { width: video.videoWidth, height: video.videoHeight } }
  },
  async grabFrames(count) {
    frames = []
    while (frames.length < count) {
      await nextVideoFrame()
      const image = grabber.grab(video)
      if (image) frames.push(image)
    }
    return frames.length
  },
  async time(stage, runs, inputSize) {
    const samples: number[] = []
    for (let i = 0; i < runs; i++) {
      const image = frames[i % frames.length]
      const started = performance.now()
      if (stage === 'detector') await engine.detect(image, { landmarks: false, inputSize })
      else if (stage === 'landmarks') await engine.detect(image, { landmarks: true, inputSize })
      else if (stage === 'quality') await analyseFrame(engine, image, DEFAULT_QUALITY_THRESHOLDS, inputSize)
      else await analyseFrame(engine, grabber.grab(video)!, DEFAULT_QUALITY_THRESHOLDS, inputSize)
      samples.push(performance.now() - started)
    }
    return samples
  },
  async faceCounts(inputSize) {
    const counts: number[] = []
    for (const image of frames) counts.push((await engine.detect(image, { landmarks: false, inputSize })).length)
    return counts
  },
  memory: () => engine.memory(),
  async autoCapture(timeoutMs) {
    stopStream(video.srcObject as MediaStream | null)
    video.srcObject = null
    const started = performance.now()
    const { stream } = await openCamera(null)
    video.srcObject = stream
    await video.play()
    const frame = { width: video.videoWidth, height: video.videoHeight }
    const guidance: Record<string, number> = {}
    return new Promise<AutoCaptureRun>((resolve) => {
      const finish = (ms: number | null, error?: string) => {
        clearTimeout(timer)
        live.stop()
        resolve({ ms, frame, guidance, error })
      }
      const live = new LiveCapture(engine, video, {
        thresholds: DEFAULT_QUALITY_THRESHOLDS,
        onState: (state) => {
          if (state.guidance) guidance[state.guidance] = (guidance[state.guidance] ?? 0) + 1
        },
        onCapture: () => finish(performance.now() - started),
        onError: (error) => finish(null, error.message),
      })
      const timer = setTimeout(() => finish(null), timeoutMs)
      live.start()
    })
  },
}
