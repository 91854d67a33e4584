import type { Station } from '../station'
import type { HubCompactionReport, SiteJoinReport, SiteStatus } from '../../../common/site/site-status'

/** The contract's site channels, for main/core/api/handlers.ts. */
export function siteChannels(station: Station) {
  return {
    'site.status': (): Promise<SiteStatus> => station.site.status(),
    'site.join': (input: { url: string; user: string; password: string; mode: 'upload' | 'replace'; desk?: string; resolver?: boolean }): Promise<SiteJoinReport> =>
      station.site.join(input),
    'site.leave': (): Promise<{ kept: number }> => station.site.leave(),
    'site.compactHub': (input: { user: string; password: string }): Promise<HubCompactionReport> => station.site.compactHub(input),
  }
}
