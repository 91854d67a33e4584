/**
 * The live camera with guidance and auto-capture, feature-agnostic: Enroll, Blacklist and
 * the person detail all use it the same way.
 *
 *   <CaptureView language="zh-CN" onCapture={(result) => …} thresholds={…settings} />
 *
 * Flow: camera and face engine start together → every analysed frame draws the face box and says
 * what to change → AutoCapture fires after a steady good window (or Capture / Space) → the core
 * crops, stores and matches the kept frame → no match: onCapture at once; a match: the portrait
 * with the warning (loud for the blacklist) until the user keeps the photo or retakes.
 * data-* attributes on the root (phase, backend, ready and capture times) serve diagnostics and tests.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { QualityThresholdsSchema, type GuidanceCode, type QualityThresholdsInput } from '../../common/face/quality'
import type { Bridge } from '../../common/contract'
import type { Language } from '../i18n/language'
import { getBridge } from '../store/bridge-holder'
import { isTyping } from '../shared/keyboard'
import { finishCapture, type CaptureResult } from './capture-flow'
import { CaptureReview } from './CaptureReview'
import { LiveCapture, type CapturedFrame, type LiveState } from './live-capture'
import { captureText, type CaptureMessageKey } from './messages'
import { errorText } from '../../common/i18n/error-text'
import { sharedTranslator } from '../../common/i18n/translator'
import { clearOverlay, drawOverlay } from './overlay'
import { useCamera } from './use-camera'
import { useFaceEngine } from './use-face-engine'
import './capture.css'

export interface CaptureViewProps {
  onCapture(result: CaptureResult): void
  language: Language
  /** The quality limits from Settings; the documented defaults otherwise. */
  thresholds?: QualityThresholdsInput
  /** A retake for this person: their own stored face is not a duplicate. */
  excludePersonId?: string
}

type Phase = 'live' | 'processing' | 'review'

const NOTICE_MS = 5000

function currentBridge(): Bridge | null {
  try {
    return getBridge()
  } catch {
    return null
  }
}

export function CaptureView({ onCapture, language, thresholds, excludePersonId }: CaptureViewProps) {
  const say = useCallback((key: CaptureMessageKey, values?: Record<string, string | number>) => captureText(language, key, values), [language])
  const video = useRef<HTMLVideoElement>(null)
  const overlay = useRef<HTMLCanvasElement>(null)
  const bridge = useMemo(currentBridge, [])
  const camera = useCamera(video)
  const { engine, readyAt, error: engineError, retry: retryEngine } = useFaceEngine(bridge, camera.playingAt !== null)
  const thresholdsKey = JSON.stringify(thresholds ?? {})
  const limits = useMemo(() => QualityThresholdsSchema.parse(JSON.parse(thresholdsKey)), [thresholdsKey])
  const [live, setLive] = useState<LiveState | null>(null)
  const [phase, setPhase] = useState<Phase>('live')
  const [review, setReview] = useState<CaptureResult | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [captured, setCaptured] = useState<{ at: number; auto: boolean } | null>(null)
  const loop = useRef<LiveCapture | null>(null)
  const latest = useRef({ onCapture, say, excludePersonId })
  latest.current = { onCapture, say, excludePersonId }

  const finish = useRef(async (_frame: CapturedFrame) => {})
  finish.current = async (frame: CapturedFrame) => {
    setCaptured({ at: performance.now(), auto: frame.auto })
    setPhase('processing')
    setNotice(null)
    try {
      if (!engine || !bridge) throw new Error('the station is not connected')
      const result = await finishCapture(engine, frame, bridge, { excludePersonId: latest.current.excludePersonId })
      if (result.matches.length === 0) return latest.current.onCapture(result)
      setReview(result)
      setPhase('review')
    } catch (error) {
      setNotice(latest.current.say('captureFailed', { message: errorText(error, sharedTranslator(language)) }))
      setPhase('live')
      loop.current?.resume()
    }
  }

  useEffect(() => {
    const element = video.current
    if (!engine || camera.playingAt === null || !element) return
    const capture = new LiveCapture(engine, element, {
      thresholds: limits,
      onState: (state) => {
        setLive(state)
        if (overlay.current) drawOverlay(overlay.current, state)
      },
      onCapture: (frame) => void finish.current(frame),
      onError: (error) => setNotice(latest.current.say('engineFailed', { message: error.message })),
    })
    loop.current = capture
    capture.start()
    return () => {
      capture.stop()
      loop.current = null
      clearOverlay(overlay.current)
    }
  }, [engine, camera.playingAt, limits])

  // a refusal of the button ("only one person please") is a moment's advice, not a state
  useEffect(() => {
    if (!notice || phase !== 'live') return
    const timer = setTimeout(() => setNotice(null), NOTICE_MS)
    return () => clearTimeout(timer)
  }, [notice, phase])

  const captureNow = useCallback(() => {
    const outcome = loop.current?.captureNow()
    if (!outcome) return
    if (typeof outcome === 'string') setNotice(latest.current.say(outcome))
    else void finish.current(outcome)
  }, [])

  useEffect(() => {
    if (phase !== 'live') return
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== ' ' || event.repeat || isTyping(event.target) || document.querySelector('dialog[open]')) return
      event.preventDefault()
      captureNow()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [phase, captureNow])

  const retake = () => {
    setReview(null)
    setCaptured(null)
    setPhase('live')
    loop.current?.resume()
  }

  if (phase === 'review' && review) {
    return <CaptureReview result={review} language={language} bridge={bridge} onUse={() => onCapture(review)} onRetake={retake} />
  }

  const problem = camera.problem
  const guidance: GuidanceCode | null = live?.guidance ?? null
  const message = problem
    ? say(`camera.${problem.kind}`, { detail: problem.detail })
    : engineError
      ? say('engineFailed', { message: engineError.message })
      : phase === 'processing'
        ? say('processing')
        : camera.playingAt === null
          ? say('starting')
          : !engine
            ? say('loading')
            : guidance
              ? say(guidance)
              : say('ready')
  const frame = live?.frame
  const info = engine?.info
  const ready = readyAt !== null && camera.playingAt !== null ? Math.max(readyAt, camera.playingAt) : null
  const steadying = live?.status?.state === 'steadying' ? live.status.progress : 0

  return (
    <div
      className="capture-view"
      data-phase={problem || engineError ? 'error' : phase}
      data-camera-problem={problem?.kind}
      data-backend={info?.backend}
      data-guidance={guidance ?? undefined}
      data-ready-at={ready !== null ? Math.round(ready) : undefined}
      data-captured-at={captured ? Math.round(captured.at) : undefined}
      data-capture-kind={captured ? (captured.auto ? 'auto' : 'manual') : undefined}
    >
      <div className="capture-view__stage" style={frame ? { aspectRatio: `${frame.width} / ${frame.height}` } : undefined}>
        <video ref={video} className="capture-view__video" muted playsInline autoPlay aria-label={say('videoLabel')} />
        <canvas ref={overlay} className="capture-view__overlay" aria-hidden="true" />
        <p
          className={`capture-view__guidance${problem || engineError ? ' capture-view__guidance--problem' : live?.report?.passed ? ' capture-view__guidance--good' : ''}`}
          role={problem || engineError ? 'alert' : 'status'}
          aria-live="polite"
        >
          {message}
        </p>
        {steadying > 0 && (
          <div className="capture-view__progress" aria-hidden="true">
            <div style={{ width: `${Math.round(steadying * 100)}%` }} />
          </div>
        )}
        {info && (
          <span className="capture-view__engine" title={`${info.reason}${info.webglRenderer ? ` · ${info.webglRenderer}` : ''} · input ${info.inputSizes.join('/')} · ${info.loadMs} ms`}>
            {say('engine', { engine: `${info.backend.toUpperCase()}${info.simd ? ' SIMD' : ''}` })}
            {live && live.fps > 0 ? ` · ${say('fps', { fps: live.fps.toFixed(0) })}` : ''}
          </span>
        )}
      </div>
      {notice && (
        <p className="capture-view__notice" role="alert">
          {notice}
        </p>
      )}
      <div className="capture-view__controls">
        {problem || engineError ? (
          <button
            type="button"
            className="button button--large"
            onClick={() => {
              if (problem) camera.retry()
              if (engineError) retryEngine()
            }}
          >
            {say('retry')}
          </button>
        ) : (
          <button type="button" className="button button--primary button--large" onClick={captureNow} disabled={phase !== 'live' || !live}>
            {say('capture')}
            <kbd>Space</kbd>
          </button>
        )}
        {camera.cameras.length > 1 && (
          <label className="capture-view__camera">
            <span>{say('camera')}</span>
            <select className="input" value={camera.deviceId ?? ''} onChange={(event) => camera.choose(event.target.value)}>
              {camera.cameras.map((choice) => (
                <option key={choice.deviceId} value={choice.deviceId}>
                  {choice.label}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
    </div>
  )
}
