/**
 * What the hub still holds of removed records. A removal leaves the record's earlier revisions
 * (a purged person's fields, a deleted photo's JPEG) on the hub until the hub compacts, and CouchDB
 * lets only a database admin compact. When the hub refuses the desk's own request, the desk notes
 * a few of the documents concerned per database (`site/hub-compaction-owed.json`, document ids
 * only) and asks the hub whether it still gives any of their earlier revisions; the note goes when
 * it gives none, whoever compacted (the desk with an admin's name, or the admin by hand).
 */
import { existsSync } from 'node:fs'
import { readFile, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { coreError } from '../../../common/errors/core-error'
import type { HubCompactionOwed } from '../../../common/site/site-status'
import { ensurePrivateDirectory, writeFileDurably } from '../store/durable-file'
import { siteDir, SITE_DATABASES, type SiteDatabaseName } from './site-config'

const NOTE = 'hub-compaction-owed.json'
/** Documents kept per database: one compaction drops every earlier revision, so a few tell. */
const WITNESSES_PER_DATABASE = 20
/** The databases a removal leaves values in (the push database holds leases, nothing personal). */
const COMPACTED = SITE_DATABASES.filter((name) => name !== 'push')
/** A hub that neither finishes nor fails a compaction does not hold up the caller for ever. */
const COMPACTION_TIMEOUT_MS = 10 * 60_000

interface HubCompactionNote {
  since: string
  witnesses: Partial<Record<SiteDatabaseName, string[]>>
  /** The note could not be read: the hub may hold removed values in any database, unknown which. */
  damaged?: boolean
}

type DatabaseOf = (name: SiteDatabaseName) => PouchDB.Database

const notePath = (dataDir: string) => join(siteDir(dataDir), NOTE)

/** Notes that the hub refused to compact `database` after removals touching `docIds`. */
export async function noteHubCompactionOwed(dataDir: string, database: SiteDatabaseName, docIds: Iterable<string>, now = new Date()): Promise<HubCompactionOwed> {
  const note: HubCompactionNote = (await readNote(dataDir)) ?? { since: now.toISOString(), witnesses: {} }
  const kept = [...new Set([...(note.witnesses[database] ?? []), ...docIds])]
  note.witnesses[database] = kept.slice(-WITNESSES_PER_DATABASE)
  await writeNote(dataDir, note)
  return summary(note)!
}

/** What the note says, for the site status; null when the hub owes nothing. */
export async function hubCompactionOwed(dataDir: string): Promise<HubCompactionOwed | null> {
  return summary(await readNote(dataDir))
}

/** A desk that leaves its site no longer answers for that hub. */
export async function forgetHubCompaction(dataDir: string): Promise<void> {
  await rm(notePath(dataDir), { force: true })
}

/**
 * Asks the hub about each noted document and drops those whose earlier revisions it no longer
 * gives; the note goes with the last. A hub that cannot be asked leaves the note as it is.
 */
export async function recheckHubCompaction(dataDir: string, local: DatabaseOf, remote: DatabaseOf): Promise<HubCompactionOwed | null> {
  const note = await readNote(dataDir)
  if (!note || note.damaged) return summary(note)
  for (const name of COMPACTED) {
    const ids = note.witnesses[name]
    if (!ids) continue
    const held: string[] = []
    for (const id of ids) if (await hubStillHolds(local(name), remote(name), id)) held.push(id)
    if (held.length) note.witnesses[name] = held
    else delete note.witnesses[name]
  }
  if (Object.keys(note.witnesses).length === 0) await rm(notePath(dataDir), { force: true })
  else await writeNote(dataDir, note)
  return summary(note)
}

/**
 * Compacts the hub's databases with a site admin's name (`remote` opens them with it), then asks
 * again what it holds. The admin's name and password are used for this and kept nowhere.
 */
export async function compactHub(dataDir: string, local: DatabaseOf, remote: DatabaseOf, user: string): Promise<{ compacted: SiteDatabaseName[]; stillHeld: HubCompactionOwed | null }> {
  const names = [...COMPACTED]
  for (const name of names) {
    try {
      await compactRemote(remote(name))
    } catch (error) {
      const status = (error as { status?: number }).status
      if (status === 401 || status === 403) throw coreError('invalid', 'site.hub_compaction_refused', { user }, { field: 'user' })
      throw coreError('remote', 'site.hub_compaction_failed', { database: name, reason: (error as Error).message ?? String(error) }, { field: 'site' })
    }
  }
  // every database was compacted just now: a note that named none of them is done with
  if ((await readNote(dataDir))?.damaged) await rm(notePath(dataDir), { force: true })
  return { compacted: names, stillHeld: await recheckHubCompaction(dataDir, local, remote) }
}

/**
 * Whether the hub still gives an earlier revision of `id` than this desk's latest: it does when it
 * has not got the latest yet (its own latest is then an earlier one), or when any revision before
 * it is still "available" (compaction marks them "missing").
 */
async function hubStillHolds(local: PouchDB.Database, remote: PouchDB.Database, id: string): Promise<boolean> {
  // a document this desk does not have tells nothing; a database that fails (closing) leaves the note as it is
  const leaves = await local.get(id, { open_revs: 'all' }).catch((error: { status?: number }) => {
    if (error.status === 404) return []
    throw error
  })
  for (const leaf of leaves as Array<{ ok?: { _rev: string } }>) {
    if (!leaf.ok) continue
    const atHub = await remote.get(id, { rev: leaf.ok._rev, revs_info: true }).catch((error: { status?: number }) => {
      if (error.status === 404) return null
      throw error
    })
    if (!atHub) return true
    if ((atHub._revs_info ?? []).slice(1).some((info) => info.status === 'available')) return true
  }
  return false
}

async function readNote(dataDir: string): Promise<HubCompactionNote | null> {
  if (!existsSync(notePath(dataDir))) return null
  try {
    const parsed = JSON.parse(await readFile(notePath(dataDir), 'utf8')) as Partial<HubCompactionNote>
    const witnesses: HubCompactionNote['witnesses'] = {}
    for (const name of SITE_DATABASES) {
      const ids = parsed.witnesses?.[name]
      if (Array.isArray(ids) && ids.length && ids.every((id) => typeof id === 'string')) witnesses[name] = ids
    }
    if (typeof parsed.since === 'string' && Object.keys(witnesses).length) return { since: parsed.since, witnesses, ...(parsed.damaged ? { damaged: true } : {}) }
  } catch {
    // below: what cannot be read still says the hub owes a compaction
  }
  const written = await stat(notePath(dataDir)).then((info) => info.mtime, () => new Date())
  return { since: written.toISOString(), witnesses: {}, damaged: true }
}

async function writeNote(dataDir: string, note: HubCompactionNote): Promise<void> {
  await ensurePrivateDirectory(siteDir(dataDir))
  await writeFileDurably(notePath(dataDir), `${JSON.stringify(note)}\n`)
}

function summary(note: HubCompactionNote | null): HubCompactionOwed | null {
  if (!note) return null
  const databases = note.damaged ? COMPACTED : COMPACTED.filter((name) => note.witnesses[name]?.length)
  return databases.length ? { since: note.since, databases: [...databases] } : null
}

/**
 * Asks the hub to compact one database and waits until it has (CouchDB compacts in the
 * background and says so in the database's info). PouchDB's own `compact()` on a remote database
 * polls the info for ever when the hub stops answering; this gives up after `timeoutMs` or when
 * `signal` aborts, and stops waiting for the hub to finish (without an error) once `stopped()`
 * says so. A refusal carries the hub's HTTP status.
 */
export async function compactRemote(remote: PouchDB.Database, options: { timeoutMs?: number; signal?: AbortSignal; stopped?: () => boolean } = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? COMPACTION_TIMEOUT_MS
  const http = remote as unknown as { fetch(path: string, init: { method: string; headers: Headers; signal: AbortSignal }): Promise<Response> }
  const headers = new Headers({ 'Content-Type': 'application/json', Accept: 'application/json' })
  const signal = options.signal ? AbortSignal.any([AbortSignal.timeout(timeoutMs), options.signal]) : AbortSignal.timeout(timeoutMs)
  const response = await http.fetch('_compact', { method: 'POST', headers, signal })
  const answer = (await response.json().catch(() => ({}))) as { reason?: string; error?: string }
  if (!response.ok) throw Object.assign(new Error(answer.reason ?? answer.error ?? `HTTP ${response.status}`), { status: response.status })
  const deadline = Date.now() + timeoutMs
  while (!options.stopped?.() && ((await remote.info()) as { compact_running?: boolean }).compact_running) {
    if (Date.now() > deadline) throw new Error(`the hub was still compacting after ${Math.round(timeoutMs / 1000)} s`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}
