/** Site mode as a desk shows it: its connection to the site's CouchDB and when it last caught up. */
export type SiteConnection = 'off' | 'connecting' | 'online' | 'offline' | 'error'

export interface SiteStatus {
  /** `off`: the single-desk station; `site`: joined to a site. */
  mode: 'off' | 'site'
  url: string | null
  user: string | null
  deskId: string | null
  connection: SiteConnection
  /** When this desk last finished exchanging changes with the site. */
  lastReplicatedAt: string | null
  /** The replication's or the bridge's last problem, verbatim. */
  lastError: string | null
  /** Local changes not yet written for the site. */
  pendingChanges: number
  updatedAt: string
}

/** What joining did: how many of this desk's records went up, which came down, which persons were the same by code. */
export interface SiteJoinReport {
  url: string
  deskId: string
  mode: 'upload' | 'replace'
  uploaded: number
  replaced: number
  /** Persons with the same code on the desk and on the site: merged into the site's person. */
  duplicates: Array<{ code: string; localId: string; siteId: string }>
}
