import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { AutoCapture, type AutoCaptureStatus } from '../../common/face/auto-capture'
import { findFaces, assessPhoto } from '../../main/core/face/pipeline'
import { DEFAULT_QUALITY_THRESHOLDS, type QualityReport } from '../../common/face/quality'
import { ensureFaceFixtures, openY4m } from './helpers'

function report(options: { passed?: boolean; score?: number; dx?: number; faces?: number; code?: 'too_dark' | 'multiple_faces' | 'no_face' } = {}): QualityReport {
  const { passed = true, score = 80, dx = 0, faces = 1 } = options
  const failures = passed ? [] : [{ measure: 'brightness' as const, code: options.code ?? ('too_dark' as const), message: 'x' }]
  return {
    score,
    passed,
    measures: { faceCount: faces } as QualityReport['measures'],
    failures,
    face: faces === 0 ? null : { box: { x: 0, y: 0, width: 100, height: 100 }, eyes: { left: { x: 100 + dx, y: 100 }, right: { x: 200 + dx, y: 100 } } },
  }
}

/** Feeds reports at 20 frames per second and returns every status. */
function feed(auto: AutoCapture, reports: QualityReport[]): AutoCaptureStatus<number>[] {
  return reports.map((r, id) => auto.push({ id, timestamp: id * 50, report: r }))
}

describe('AutoCapture (synthetic reports)', () => {
  it('fires after the steady window and names the best frame of it', () => {
    const auto = new AutoCapture({ steadyMs: 700 })
    const scores = [70, 75, 90, 72, 71, 74, 73, 70, 72, 71, 70, 73, 72, 71, 70, 75]
    const statuses = feed(auto, scores.map((score) => report({ score })))
    const firstCapture = statuses.findIndex((s) => s.state === 'captured')
    assert.equal(firstCapture, 14) // frame 14 is 700 ms after frame 0
    const status = statuses[firstCapture]
    assert.ok(status.state === 'captured')
    assert.equal(status.best.id, 2)
    assert.equal(status.best.report.score, 90)
    assert.equal(statuses[5].state, 'steadying')
    assert.equal(statuses[5].guidance, 'hold_still')
  })

  it('fires only once until reset', () => {
    const auto = new AutoCapture({ steadyMs: 200 })
    const statuses = feed(auto, Array.from({ length: 20 }, () => report()))
    const captured = statuses.filter((s) => s.state === 'captured')
    assert.ok(captured.length > 1)
    assert.ok(captured.every((s) => s.state === 'captured' && s.best.id === captured[0].best.id))
    auto.reset()
    assert.equal(auto.push({ id: 99, timestamp: 5000, report: report() }).state, 'steadying')
  })

  it('never fires when a failing frame keeps breaking the window', () => {
    const auto = new AutoCapture({ steadyMs: 700 })
    const reports = Array.from({ length: 200 }, (_, i) => report({ passed: i % 10 !== 9 }))
    const statuses = feed(auto, reports)
    assert.ok(statuses.every((s) => s.state !== 'captured'))
    const waiting = statuses[9]
    assert.ok(waiting.state === 'waiting')
    assert.equal(waiting.guidance, 'too_dark')
  })

  it('never fires with no face, two faces or a failing measure, however long they last', () => {
    for (const r of [report({ faces: 0, passed: false, code: 'no_face' }), report({ faces: 2, passed: false, code: 'multiple_faces' }), report({ passed: false })]) {
      const auto = new AutoCapture({ steadyMs: 100 })
      const statuses = feed(auto, Array.from({ length: 100 }, () => r))
      assert.ok(statuses.every((s) => s.state === 'waiting'))
      assert.equal(statuses.at(-1)!.state === 'waiting' && statuses.at(-1)!.guidance, r.failures[0].code)
    }
  })

  it('restarts the window while the face moves', () => {
    const auto = new AutoCapture({ steadyMs: 500, maxMovement: 0.2 })
    // 10 px per frame against a 100 px inter-eye distance: 0.2 is exceeded every third frame.
    const moving = feed(auto, Array.from({ length: 60 }, (_, i) => report({ dx: i * 10 })))
    assert.ok(moving.every((s) => s.state !== 'captured'))
    const still = feed(auto, Array.from({ length: 12 }, () => report({ dx: 600 })))
    assert.ok(still.some((s) => s.state === 'captured'))
  })

  it('restarts the window after a gap in the frames', () => {
    const auto = new AutoCapture({ steadyMs: 600, maxFrameGapMs: 300 })
    auto.push({ id: 1, timestamp: 0, report: report() })
    auto.push({ id: 2, timestamp: 200, report: report() })
    const afterGap = auto.push({ id: 3, timestamp: 900, report: report() })
    assert.equal(afterGap.state, 'steadying')
  })
})

describe('AutoCapture on the fake-camera videos (real detector and quality gate)', () => {
  let videos: Record<'good' | 'noFace' | 'twoFaces' | 'dark' | 'blurred', string>
  before(async () => {
    videos = (await ensureFaceFixtures({ videos: true })).videos!
  })

  /** Runs `frames` frames (every other one, like a detector at half the camera rate) through the gate. */
  async function run(path: string, frames: number) {
    const video = openY4m(path)
    const auto = new AutoCapture()
    const statuses: AutoCaptureStatus<number>[] = []
    for (let n = 0; n < frames; n += 2) {
      const image = video.frame(n)
      const report = assessPhoto(image, await findFaces(image), DEFAULT_QUALITY_THRESHOLDS)
      statuses.push(auto.push({ id: n, timestamp: (n * 1000) / video.fps, report }))
    }
    return statuses
  }

  it('captures the good video within its first second', async () => {
    const statuses = await run(videos.good, 16)
    const captured = statuses.find((s) => s.state === 'captured')
    assert.ok(captured && captured.state === 'captured', JSON.stringify(statuses.map((s) => s.state)))
    assert.ok(captured.best.report.passed && captured.best.report.score >= 50)
  })

  for (const [name, code] of [
    ['noFace', 'no_face'],
    ['twoFaces', 'multiple_faces'],
    ['dark', 'too_dark'],
    ['blurred', 'blurry'],
  ] as const) {
    it(`never captures the ${name} video and says "${code}"`, async () => {
      const statuses = await run(videos[name], 24)
      assert.ok(statuses.every((s) => s.state === 'waiting'))
      assert.ok(statuses.every((s) => s.state === 'waiting' && s.guidance === code), JSON.stringify(statuses.map((s) => s.state === 'waiting' && s.guidance)))
    })
  }
})
