/**
 * React hook: the page's face engine (loaded once, shared by every CaptureView), and when it
 * became ready. Also asks the core to bring its face index up to date meanwhile, so the first
 * capture's match does not wait for it.
 */
import { useCallback, useEffect, useState } from 'react'
import type { Bridge } from '../../common/contract'
import { loadFaceEngine, type FaceEngine } from './engine'

export interface EngineState {
  engine: FaceEngine | null
  /** performance.now() when the models were ready for this view. */
  readyAt: number | null
  error: Error | null
  retry(): void
}

/** `wanted`: start loading only once there is a camera picture, so a PC without a camera never loads 7 MB of models. */
export function useFaceEngine(bridge: Bridge | null, wanted: boolean): EngineState {
  const [engine, setEngine] = useState<FaceEngine | null>(null)
  const [readyAt, setReadyAt] = useState<number | null>(null)
  const [error, setError] = useState<Error | null>(null)
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    if (!wanted) return
    let cancelled = false
    setError(null)
    loadFaceEngine().then(
      (loaded) => {
        if (cancelled) return
        setEngine(loaded)
        setReadyAt(performance.now())
      },
      (failure: unknown) => {
        if (!cancelled) setError(failure instanceof Error ? failure : new Error(String(failure)))
      },
    )
    return () => {
      cancelled = true
    }
  }, [attempt, wanted])

  useEffect(() => {
    if (!wanted) return
    // best effort: a capture also catches the index up, only later
    bridge?.invoke('face.status', {}).catch(() => undefined)
  }, [bridge, wanted])

  const retry = useCallback(() => setAttempt((n) => n + 1), [])
  return { engine, readyAt, error, retry }
}
