/**
 * One desk as its own process, for the multi-desk tests: the real station on its own data folder,
 * driven over stdin/stdout with one JSON line per request.
 *
 *   → {"id":1,"channel":"person.add","input":{…}}     any contract channel, through dispatch
 *   → {"id":2,"op":"settle"}                           site bridge: exported and applied what it has
 *   → {"id":3,"op":"register"}                         the whole register, for comparing desks
 *   → {"id":4,"op":"conflicts"}                        site documents that still carry conflicting revisions
 *   → {"id":6,"op":"siteAudit","entityId":"…"}         the site's audit entries about one record (every desk's)
 *   → {"id":7,"op":"session","session":"s1","channel":"session.signIn","input":{…}}
 *                                                      a channel through dispatch as an operator session (one per name, signed out at first)
 *   → {"id":8,"op":"compacted"}                        site bridge: the compaction a removal started is done
 *   → {"id":9,"op":"startSync"}                        starts the sync worker (with --push: short pusher leases on a site desk)
 *   → {"id":5,"op":"close"}                            closes the station and exits (the worker hands its leases back)
 *   ← {"id":1,"ok":true,"result":…} | {"id":1,"ok":false,"error":{…}}
 *
 * Usage: node --import tsx test/site/desk-runner.ts <dataDir> <deskName> [--face] [--push]
 */
import { createInterface } from 'node:readline'
import { openStation } from '../../main/core/station'
import { createHandlers, dispatch } from '../../main/core/api/handlers'
import type { Person } from '../../common/model/person'
import { OperatorSession } from '../../main/core/operators/session'
import { FAST_SYNC } from '../sync/helpers'

/** Short pusher leases for desks started with --push, so a hand-over takes a moment. */
const PUSH_LEASE = { durationMs: 1_200, renewEveryMs: 250, guardMs: 120 }

const [dataDir, deskName, ...flags] = process.argv.slice(2)
const pushing = flags.includes('--push')
const station = await openStation({
  dataDir,
  faceProcessing: flags.includes('--face'),
  onWarning: (message) => process.stderr.write(`${message}\n`),
  ...(pushing ? { sync: FAST_SYNC, sitePusher: { lease: PUSH_LEASE, publishEveryMs: 20 } } : {}),
})
const handlers = createHandlers(station, deskName)
const sessions = new Map<string, ReturnType<typeof createHandlers>>()

function register(): { persons: Array<Omit<Person, 'version'>>; groups: unknown[] } {
  const persons = [...station.store.values<Person>('persons')]
    .map(({ version: _version, ...person }) => ({ ...person, groups: [...person.groups].sort() }))
    .sort((a, b) => a.id.localeCompare(b.id))
  const groups = station.groups.list().map(({ version: _version, members: _members, ...group }) => group).sort((a, b) => a.id.localeCompare(b.id))
  return { persons, groups }
}

async function answer(request: { id: number; channel?: string; input?: unknown; op?: string; entityId?: string; session?: string }): Promise<unknown> {
  if (request.op === 'settle') return station.site.settle()
  if (request.op === 'compacted') return station.site.compacted()
  if (request.op === 'startSync') return station.sync.start()
  if (request.op === 'session') {
    const name = request.session ?? ''
    if (!sessions.has(name)) sessions.set(name, createHandlers(station, new OperatorSession(null)))
    const outcome = await dispatch(sessions.get(name)!, request.channel ?? '', request.input ?? {})
    if (!outcome.ok) throw Object.assign(new Error(outcome.error.message), { shape: outcome.error })
    return outcome.result
  }
  if (request.op === 'register') return register()
  if (request.op === 'siteAudit') {
    const { rows } = await station.site.database('audit')!.allDocs({ include_docs: true })
    return rows.map((row) => row.doc as { entityId?: string }).filter((doc) => doc.entityId === request.entityId)
  }
  if (request.op === 'conflicts') {
    const { rows } = await station.site.database('register')!.allDocs({ include_docs: true, conflicts: true })
    return rows.filter((row) => (row.doc as { _conflicts?: string[] } | undefined)?._conflicts?.length).map((row) => row.id)
  }
  if (request.op === 'close') {
    await station.close()
    return null
  }
  const outcome = await dispatch(handlers, request.channel ?? '', request.input ?? {})
  if (!outcome.ok) throw Object.assign(new Error(outcome.error.message), { shape: outcome.error })
  return outcome.result
}

const lines = createInterface({ input: process.stdin })
lines.on('line', (line) => {
  const request = JSON.parse(line) as { id: number; op?: string }
  answer(request).then(
    (result) => {
      process.stdout.write(`${JSON.stringify({ id: request.id, ok: true, result: result ?? null })}\n`)
      if (request.op === 'close') process.exit(0)
    },
    (error: Error & { shape?: unknown }) => process.stdout.write(`${JSON.stringify({ id: request.id, ok: false, error: error.shape ?? { message: error.message } })}\n`),
  )
})
process.stdout.write(`${JSON.stringify({ ready: true })}\n`)
