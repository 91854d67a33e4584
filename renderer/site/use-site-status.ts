import { useCallback, useEffect, useState } from 'react'
import { getBridge } from '../store/bridge-holder'
import type { SiteStatus } from '../../common/site/site-status'

const POLL_MS = 5_000

/** This desk's site status, asked again every few seconds (and at once through `refresh`). */
export function useSiteStatus(): { status: SiteStatus | null; refresh: () => void } {
  const [status, setStatus] = useState<SiteStatus | null>(null)
  const [asked, setAsked] = useState(0)
  const refresh = useCallback(() => setAsked((n) => n + 1), [])
  useEffect(() => {
    let current = true
    const poll = () =>
      getBridge()
        .invoke('site.status', {})
        .then((next) => current && setStatus(next))
        .catch(() => current && setStatus(null))
    void poll()
    const timer = setInterval(poll, POLL_MS)
    return () => {
      current = false
      clearInterval(timer)
    }
  }, [asked])
  return { status, refresh }
}
