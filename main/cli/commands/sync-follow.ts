import { cliError, type CliContext } from '../command'
import { parse } from '../args'
import { terminalSafe, terminalSafeJson } from '../format'

/** How often the totals and the leases held are looked at (both are counters, cheap to read). */
const LOOK_EVERY_MS = 500

interface FollowLine {
  at: string
  pushed: number
  pending: number
  attention: number
  /** Site desk: the back ends whose pusher lease this desk holds (null on a single desk). */
  holding: string[] | null
}

/**
 * `enroll sync --follow`: hosts the sync worker until SIGINT or SIGTERM, printing one line each
 * time the totals (pushed by this run, waiting, needing attention) or, on a site desk, the leases
 * it holds change. On a site desk it takes part in the pusher leases like the app (a headless
 * pusher next to the site's CouchDB) and pushes what the other desks save as it replicates in;
 * on the signal it stops the worker, writes its push results and hands its leases back (exit 0).
 * On a single desk it holds the register's lock like any writer, so nothing else saves meanwhile:
 * it pushes what is waiting and keeps retrying what fails until the back ends answer.
 */
export async function followQueue(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parse(argv, { follow: { type: 'boolean' }, timeout: { type: 'string' } }, false)
  if (values.timeout !== undefined) throw cliError('timeout', 'cli.follow_timeout')
  ctx.admit('sync.now')
  const { sync, site } = ctx.station
  const stopped = new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'))
    process.once('SIGTERM', () => resolve('SIGTERM'))
  })
  // As `enroll serve` and the app do: a library's request failing outside any call (PouchDB's
  // replication over a link that drops) is reported, and the headless pusher keeps its leases.
  process.on('unhandledRejection', (reason) => console.error(terminalSafe(`warning: kept running after ${reason instanceof Error ? reason.message : String(reason)}`)))
  await sync.start()
  const onSite = site.active
  console.error(
    onSite
      ? `following as site desk ${site.deskId}: pushing to the back ends whose pusher lease it holds; Ctrl+C (or SIGTERM) hands them back and stops`
      : 'following on a single desk: pushing what waits and retrying what fails; Ctrl+C (or SIGTERM) stops',
  )
  let last = ''
  const look = async () => {
    const line = await currentLine(ctx, onSite)
    const key = JSON.stringify({ ...line, at: undefined })
    if (key === last) return
    last = key
    console.log(ctx.json ? terminalSafeJson(line, 0) : terminalSafe(describe(line)))
  }
  let looking: Promise<void> = look()
  const timer = setInterval(() => {
    looking = looking.then(look).catch((error: Error) => console.error(terminalSafe(`warning: ${error.message}`)))
  }, LOOK_EVERY_MS)
  const signal = await stopped
  clearInterval(timer)
  await looking.catch(() => undefined)
  // what is in flight gets a few seconds; the gate then writes the push results and hands the leases back
  await sync.stop({ timeoutMs: 5_000 })
  console.error(`stopped (${signal})`)
  return 0
}

async function currentLine(ctx: CliContext, onSite: boolean): Promise<FollowLine> {
  const summary = await ctx.call('sync.summary', {})
  const pushers = onSite ? (await ctx.call('site.status', {})).pushers : null
  return {
    at: new Date().toISOString(),
    pushed: summary.targets.reduce((sum, target) => sum + target.pushed, 0),
    pending: summary.totals.pending,
    attention: summary.totals.attention,
    holding: onSite ? (pushers ?? []).filter((entry) => entry.mine).map((entry) => entry.targetName) : null,
  }
}

function describe(line: FollowLine): string {
  const holding = line.holding === null ? '' : `; pushing to ${line.holding.length ? line.holding.join(', ') : 'no back end (another desk holds the leases)'}`
  return `${line.at} ${line.pushed} pushed, ${line.pending} waiting, ${line.attention} need attention${holding}`
}
