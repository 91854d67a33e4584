/**
 * React hook around camera.ts: opens the remembered camera into a <video>, lists the others,
 * switches and remembers, stops the tracks when the view goes away, and reports why it failed.
 */
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react'
import { cameraProblem, listCameras, openCamera, rememberCamera, stopStream, type CameraChoice, type CameraProblem } from './camera'

export interface CameraState {
  cameras: CameraChoice[]
  deviceId: string | null
  /** performance.now() when the video started playing; null before. */
  playingAt: number | null
  problem: CameraProblem | null
  choose(deviceId: string): void
  retry(): void
}

export function useCamera(video: RefObject<HTMLVideoElement | null>): CameraState {
  const [cameras, setCameras] = useState<CameraChoice[]>([])
  const [deviceId, setDeviceId] = useState<string | null>(null)
  const [playingAt, setPlayingAt] = useState<number | null>(null)
  const [problem, setProblem] = useState<CameraProblem | null>(null)
  const [attempt, setAttempt] = useState(0)
  const wanted = useRef<string | null | undefined>(undefined)

  useEffect(() => {
    let stream: MediaStream | null = null
    let cancelled = false
    setProblem(null)
    setPlayingAt(null)
    ;(async () => {
      try {
        const opened = await openCamera(wanted.current)
        stream = opened.stream
        if (cancelled) return stopStream(stream)
        const element = video.current
        if (!element) return
        element.srcObject = stream
        await element.play()
        if (cancelled) return
        setPlayingAt(performance.now())
        setDeviceId(opened.deviceId)
        setCameras(await listCameras())
      } catch (error) {
        // play() is interrupted when the view closes mid-start: not a camera problem
        if (!cancelled) setProblem(cameraProblem(error))
      }
    })()
    return () => {
      cancelled = true
      stopStream(stream)
      if (video.current) video.current.srcObject = null
    }
  }, [video, attempt])

  const choose = useCallback((id: string) => {
    rememberCamera(id)
    wanted.current = id
    setAttempt((n) => n + 1)
  }, [])
  const retry = useCallback(() => setAttempt((n) => n + 1), [])

  return { cameras, deviceId, playingAt, problem, choose, retry }
}
