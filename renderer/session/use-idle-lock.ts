import { useEffect } from 'react'

/** What counts as someone working at the desk. */
const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const

/**
 * Calls `onIdle` once nobody has touched the page for `minutes` (0: never). Activity only notes
 * the time; one timer checks at the deadline and sleeps again if someone was busy meanwhile, so
 * moving the mouse costs nothing.
 */
export function useIdleLock(minutes: number, onIdle: () => void): void {
  useEffect(() => {
    if (!(minutes > 0)) return
    const limit = minutes * 60_000
    let lastActivity = Date.now()
    const noteActivity = () => {
      lastActivity = Date.now()
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
  }, [minutes, onIdle])
}
