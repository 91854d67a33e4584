import type { SiteLeaseHolder } from '../../../../common/site/site-status'
import type { TargetConfig } from '../../../../common/targets/target-config'
import type { HubDatabase } from './hub-documents'
import { leaseDocumentId, type LeaseDocument, type LeaseView } from './pusher-lease'

type Target = Pick<TargetConfig, 'id' | 'name'>

/** Who holds each of this desk's back ends' leases, as this desk's running leases see them. */
export function holdersFromViews(views: LeaseView[], deskId: string, targets: Target[]): SiteLeaseHolder[] {
  const byTarget = new Map(views.map((view) => [view.targetId, view]))
  return targets.map((target) => {
    const view = byTarget.get(target.id)
    return holderOf(target, view?.holder ?? null, deskId, view?.expiresAt ?? null)
  })
}

/**
 * Who holds each of this desk's back ends' leases, as the hub's lease documents say (a desk
 * running no worker has no leases of its own to ask). The expiry is the holder's last renewal plus
 * the lease's duration on the holder's own clock: for people to read, never to decide anything.
 */
export async function readHolders(hub: HubDatabase, deskId: string, targets: Target[]): Promise<SiteLeaseHolder[]> {
  const docs = await hub.allWithPrefix<LeaseDocument>(leaseDocumentId(''))
  const byTarget = new Map(docs.filter((doc) => doc.type === 'pusher-lease').map((doc) => [doc.targetId, doc]))
  return targets.map((target) => {
    const doc = byTarget.get(target.id)
    return holderOf(target, doc?.holder ?? null, deskId, doc ? documentExpiry(doc) : null)
  })
}

/** When a lease document says its lease runs out: the holder's last renewal plus its duration, on the holder's clock (null: nobody holds it). */
export function documentExpiry(doc: LeaseDocument): string | null {
  const renewed = doc.holder ? Date.parse(doc.renewedAt) : NaN
  return Number.isFinite(renewed) ? new Date(renewed + doc.durationMs).toISOString() : null
}

function holderOf(target: Target, holder: string | null, deskId: string, expiresAt: string | null): SiteLeaseHolder {
  return { targetId: target.id, targetName: target.name, holder, mine: holder !== null && holder === deskId, expiresAt: holder ? expiresAt : null }
}
