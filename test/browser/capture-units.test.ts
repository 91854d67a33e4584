/**
 * The capture's pure parts, in Node: the frames kept for AutoCapture's best frame (checked against
 * AutoCapture itself on many random sequences), the backend order, the detector sizes, the camera
 * problems, the warnings worth stopping for, and every sentence in both languages.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { AutoCapture } from '../../common/face/auto-capture'
import type { CaptureMatch } from '../../common/face/capture-types'
import { GUIDANCE_CODES, GUIDANCE_MESSAGES, type QualityReport } from '../../common/face/quality'
import { backendOrder, isSoftwareRenderer } from '../../renderer/capture/backend-choice'
import { BestFrames, type ScoredFrame } from '../../renderer/capture/best-frames'
import { cameraProblem } from '../../renderer/capture/camera'
import { warningsOf } from '../../common/face/capture-types'
import { DetectorSizes, LIVE_INPUT_SIZES } from '../../renderer/capture/detector-sizes'
import { captureText } from '../../renderer/capture/messages'

function report(score: number, passed: boolean, eyeX: number): QualityReport {
  const eyes = { left: { x: eyeX, y: 200 }, right: { x: eyeX + 80, y: 200 } }
  return {
    score,
    passed,
    measures: { faceCount: 1 } as QualityReport['measures'],
    failures: passed ? [] : [{ measure: 'sharpness', code: 'blurry', message: GUIDANCE_MESSAGES.blurry }],
    face: { box: { x: eyeX - 40, y: 150, width: 160, height: 200 }, eyes },
  }
}

describe('BestFrames keeps the frame AutoCapture names', () => {
  test('on 300 random sequences: every capture is handed over, and few frames are held', () => {
    let seed = 7
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32)
    let captures = 0
    let mostHeld = 0
    for (let sequence = 0; sequence < 300; sequence++) {
      const auto = new AutoCapture<number>()
      const kept = new BestFrames<ScoredFrame>(auto.options)
      let time = 0
      let eyeX = 300
      for (let id = 1; id <= 80; id++) {
        time += random() < 0.05 ? 600 : 30 + random() * 70 // now and then a stall longer than maxFrameGapMs
        if (random() < 0.05) eyeX += 40 // a step aside: the window restarts without a failing frame
        const frame = { id, timestamp: time, report: report(50 + Math.floor(random() * 50), random() > 0.08, eyeX) }
        const status = auto.push(frame)
        kept.keep(frame, status)
        mostHeld = Math.max(mostHeld, kept.size)
        if (status.state === 'captured') {
          captures++
          assert.equal(kept.take(status.best.id)?.id, status.best.id, `sequence ${sequence}, frame ${id}`)
          auto.reset()
        }
      }
    }
    assert.ok(captures > 200, `only ${captures} captures: the sequences do not exercise the window`)
    assert.ok(mostHeld <= 12, `held up to ${mostHeld} frames`)
  })
})

describe('backend choice', () => {
  test('software renderers are recognised by name', () => {
    for (const name of [
      'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
      'llvmpipe (LLVM 15.0.6, 256 bits)',
      'ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0, D3D11)',
    ]) {
      assert.equal(isSoftwareRenderer(name), true, name)
    }
    for (const name of ['ANGLE (Intel, Intel(R) UHD Graphics 620 Direct3D11 vs_5_0 ps_5_0, D3D11)', 'ANGLE (NVIDIA, NVIDIA GeForce GTX 1650 Direct3D11 vs_5_0 ps_5_0, D3D11)', 'Mali-G52']) {
      assert.equal(isSoftwareRenderer(name), false, name)
    }
  })

  test('WebGL first on a GPU, WASM first on a software renderer or without WebGL, CPU always last; a pinned backend alone', () => {
    assert.deepEqual(backendOrder({ available: true, renderer: 'ANGLE (Intel, Intel(R) UHD Graphics 620)' }), ['webgl', 'wasm', 'cpu'])
    assert.deepEqual(backendOrder({ available: true, renderer: 'SwiftShader driver' }), ['wasm', 'webgl', 'cpu'])
    assert.deepEqual(backendOrder({ available: false, renderer: null }), ['wasm', 'cpu'])
    assert.deepEqual(backendOrder({ available: true, renderer: 'SwiftShader driver' }, 'cpu'), ['cpu'])
  })
})

describe('detector input sizes', () => {
  test('keeps the size that finds the face, tries the next after a miss, goes back to the first for a big face', () => {
    const sizes = new DetectorSizes()
    assert.equal(sizes.current, LIVE_INPUT_SIZES[0])
    sizes.next(0.4)
    assert.equal(sizes.current, LIVE_INPUT_SIZES[0])
    sizes.next(0)
    assert.equal(sizes.current, LIVE_INPUT_SIZES[1])
    sizes.next(0.12) // a small face found at the larger size: stay there
    assert.equal(sizes.current, LIVE_INPUT_SIZES[1])
    sizes.next(0.3)
    assert.equal(sizes.current, LIVE_INPUT_SIZES[0])
    const seen = LIVE_INPUT_SIZES.map(() => {
      sizes.next(0)
      return sizes.current
    })
    assert.deepEqual([...seen].sort((a, b) => a - b), [...LIVE_INPUT_SIZES].sort((a, b) => a - b), 'with nobody there, the sizes take turns')
    assert.equal(sizes.current, LIVE_INPUT_SIZES[0])
  })
})

describe('camera problems', () => {
  test("getUserMedia's errors are grouped by what the desk can do about them", () => {
    const kinds = Object.fromEntries(
      ['NotAllowedError', 'SecurityError', 'NotReadableError', 'AbortError', 'NotFoundError', 'OverconstrainedError', 'TypeError'].map((name) => [
        name,
        cameraProblem(new DOMException('message', name)).kind,
      ]),
    )
    assert.deepEqual(kinds, {
      NotAllowedError: 'denied',
      SecurityError: 'denied',
      NotReadableError: 'busy',
      AbortError: 'busy',
      NotFoundError: 'no_camera',
      OverconstrainedError: 'no_camera',
      TypeError: 'failed',
    })
    assert.equal(cameraProblem(new DOMException('Could not start video source', 'NotReadableError')).detail, 'NotReadableError: Could not start video source')
  })
})

describe('warnings before saving', () => {
  const match = (name: string, blacklist: boolean, likely: boolean): CaptureMatch => ({
    personId: name,
    code: name,
    name,
    type: blacklist ? 'blacklist' : 'visitor',
    reason: '',
    blacklist,
    distance: likely ? 0.4 : 0.55,
    likely,
    photoHash: null,
  })
  test('every blacklist candidate, and registered persons only when probably the same', () => {
    const shown = warningsOf([match('banned look-alike', true, false), match('same person', false, true), match('look-alike', false, false)])
    assert.deepEqual(
      shown.map((m) => m.name),
      ['banned look-alike', 'same person'],
    )
  })
})

describe('what the view says', () => {
  test('every guidance code has its sentence in Chinese and in English (the core wording)', () => {
    const chinese = new Set<string>()
    for (const code of GUIDANCE_CODES) {
      assert.equal(captureText('en', code), GUIDANCE_MESSAGES[code])
      const zh = captureText('zh-CN', code)
      assert.match(zh, /[\u4e00-\u9fff]/, `${code}: ${zh}`)
      chinese.add(zh)
    }
    assert.equal(chinese.size, GUIDANCE_CODES.length, 'no two codes share a Chinese sentence')
  })

  test('values are put in their place', () => {
    assert.equal(captureText('en', 'blacklistTitle', { name: 'Zhao Lei' }), 'BLACKLIST: Zhao Lei')
    assert.equal(captureText('zh-CN', 'blacklistReason', { reason: '威胁员工' }), '原因：威胁员工')
    assert.equal(captureText('en', 'camera.failed', { detail: 'TypeError: x' }), 'The camera could not start (TypeError: x).')
  })
})
