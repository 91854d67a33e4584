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
  /**
   * Per back end of this desk, which desk pushes to it (holds its pusher lease). Empty off site
   * mode; null when nobody can say: the desk runs no worker and the site's hub cannot be read.
   */
  pushers: SiteLeaseHolder[] | null
  /**
   * The hub still gives earlier revisions of records removed here (a purged person's fields, a
   * deleted photo), because it refused to compact for this desk's user; null when it gives none.
   */
  hubCompaction: HubCompactionOwed | null
  updatedAt: string
}

/** Since when, and in which of the site's databases, the hub keeps removed values until a site admin compacts it. */
export interface HubCompactionOwed {
  since: string
  databases: Array<'register' | 'photos' | 'audit'>
}

/** What compacting the hub with a site admin's name did. */
export interface HubCompactionReport {
  compacted: string[]
  /** What the hub still gives afterwards (removals not on the hub yet): null when nothing. */
  stillHeld: HubCompactionOwed | null
}

/** Who pushes to one back end: the holder of its pusher lease on the site's hub. */
export interface SiteLeaseHolder {
  targetId: string
  targetName: string
  /** The desk holding the lease; null when none does (handed back, or never claimed). */
  holder: string | null
  /** The holder is this desk. */
  mine: boolean
  /** When the lease runs out unless its holder renews it (null: nobody holds it). */
  expiresAt: string | null
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
  /** Back ends: this desk's sent up, merged with the site's of the same id (field by field), or retired for the site's. */
  targets: { uploaded: number; merged: number; replaced: number }
}
