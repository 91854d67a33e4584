import { useEffect } from 'react'

/** What counts as someone working at the desk. */
const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const

/** How often, at most, someone's activity is reported to the core (whose own idle clock counts calls). */
const KEEP_ALIVE_MS = 60_000

/**
 * Calls `onIdle` once nobody has touched the page for `minutes` (0: never), and `onActive` at
 * most once a minute while someone is working (typing a long form makes no call, and the core
 * locks a session it has not heard from). Activity only notes the time; one timer checks at the
 * deadline and sleeps again if someone was busy meanwhile, so moving the mouse costs nothing.
 */
export function useIdleLock(minutes: number, onIdle: () => void, onActive: () => void): void {
  useEffect(() => {
    if (!(minutes > 0)) return
    const limit = minutes * 60_000
    let lastActivity = Date.now()
    let lastReport = lastActivity
    const noteActivity = () => {
      lastActivity = Date.now()
      if (lastActivity - lastReport >= KEEP_ALIVE_MS) {
        lastReport = lastActivity
        onActive()
      }
    }
    let timer: ReturnType<typeof setTimeout>
    const check = () => {
      const idle = Date.now() - lastActivity
      if (idle >= limit) onIdle()
      else timer = setTimeout(check, limit - idle)
    }
    timer = setTimeout(check, limit)
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, noteActivity, { capture: true, passive: true })
    return () => {
      clearTimeout(timer)
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, noteActivity, { capture: true })
    }
  }, [minutes, onIdle, onActive])
}
