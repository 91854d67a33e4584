import { z } from 'zod'
import type { HubCompactionReport, SiteJoinReport, SiteStatus } from '../site/site-status'
import { channel, id } from './channel'

/** A desk's name on the site (its id in the site's audit trail and push state). */
export const SITE_DESK_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/

export const siteChannels = {
  /** Site mode (off, or the site's address), the connection state and when this desk last caught up. */
  'site.status': channel<SiteStatus>()(z.object({}).strict()),
  /**
   * Joins a site's CouchDB with this desk's own user: `upload` sends this desk's register up
   * (persons with a code the site already has are merged into the site's person, and reported),
   * `replace` takes the site's register instead of this desk's. The password is kept like back-end secrets.
   */
  'site.join': channel<SiteJoinReport>()(
    z
      .object({
        url: z.string().trim().min(1, 'is required').max(2048),
        user: id.max(128),
        password: z.string().min(1, 'is required').max(1024),
        mode: z.enum(['upload', 'replace']).default('upload'),
        desk: z.string().trim().regex(SITE_DESK_PATTERN, 'lowercase letters, digits and "-", at most 40').optional(),
        resolver: z.boolean().optional(),
      })
      .strict(),
  ),
  /** Leaves the site: replication stops and this desk keeps its register as it is. */
  'site.leave': channel<{ kept: number }>()(z.object({}).strict()),
  /**
   * Compacts the site's databases on the hub with a site admin's name and password (used for this
   * only, kept nowhere), so the hub gives no earlier revision of records removed here.
   */
  'site.compactHub': channel<HubCompactionReport>()(
    z
      .object({
        user: id.max(128),
        password: z.string().min(1, 'is required').max(1024),
      })
      .strict(),
  ),
}
