import type { CliCommand, CliContext } from '../command'
import { cliError } from '../command'
import { parse, requirePositional } from '../args'
import { SYNC_DISPLAY_STATES, type SyncDisplayState } from '../../../common/sync/display-states'
import type { SyncStatusRow, TargetSyncSummary } from '../../../common/sync/sync-status'
import { heldReasonText, syncErrorText } from '../../../common/sync/sync-error-text'
import { sharedTranslator, type Translate } from '../../../common/i18n/translator'
import { followQueue } from './sync-follow'

const usage = `enroll sync [--timeout S]               push until everything is synced (or S seconds pass), then a summary per target
                                        exit 0: all synced; 1: something needs attention or is still waiting
enroll sync --follow                    push until Ctrl+C or SIGTERM, one line per change of the totals; on a site desk
                                        it claims the pusher leases (a headless pusher) and hands them back when stopped
enroll sync status [--target N] [--state S] [--person P] [--limit N]
                                        per person × target: state, attempts, last error, remote id
                                        states: ${SYNC_DISPLAY_STATES.join(', ')}
enroll sync retry <person|all> [--target N]   refused or backing-off persons back to pending
enroll sync pause|resume <target>       a paused target keeps its queue and pushes nothing
enroll sync all [--target N]            queue every live person again, even those already synced
enroll sync limit <target> [--rate R] [--concurrency C]   calls per second and persons at once for a target`

interface RunTargetReport {
  target: string
  name: string
  pushed: number
  failed: number
  refused: number
  pending: number
  attention: number
  synced: number
  paused: boolean
  health: TargetSyncSummary['health']
  healthMessage: string | null
  healthCode: TargetSyncSummary['healthCode']
  healthParams: TargetSyncSummary['healthParams']
}

/**
 * `enroll sync` hosts the queue's worker in this process for as long as it runs (as the app and
 * `enroll serve` host it while they run): starting and stopping it is the station's lifecycle, not
 * a request, so it is the one direct use of the station here; what it reports is read through the
 * UI's channels (sync.summary, sync.status).
 */
async function runQueue(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parse(argv, { timeout: { type: 'string' } }, false)
  const timeoutSeconds = values.timeout === undefined ? Infinity : Number(values.timeout)
  if (!(timeoutSeconds > 0)) throw cliError('timeout', 'cli.timeout')
  ctx.admit('sync.now')
  const { sync } = ctx.station
  const started = Date.now()
  const interrupted = new Promise<'interrupted'>((resolve) => {
    process.once('SIGINT', () => resolve('interrupted'))
    process.once('SIGTERM', () => resolve('interrupted'))
  })
  const unsubscribe = ctx.follow('sync')
  await sync.start()
  const ending = await Promise.race([sync.worker.whenIdle(timeoutSeconds * 1000).then((idle) => (idle ? 'drained' : 'timeout')), interrupted])
  // What is in flight gets a few seconds to finish; the rest is parked for the next run.
  await sync.stop({ timeoutMs: 5_000 })
  unsubscribe()

  const summary = await ctx.call('sync.summary', {})
  const targets: RunTargetReport[] = summary.targets.map((t) => ({
    target: t.targetId,
    name: t.name,
    pushed: t.pushed,
    failed: t.failed,
    refused: t.refused,
    pending: t.counts.pending,
    attention: t.counts.attention,
    synced: t.counts.synced,
    paused: t.paused,
    health: t.health,
    healthMessage: t.healthMessage,
    healthCode: t.healthCode,
    healthParams: t.healthParams,
  }))
  const attention = await ctx.call('sync.status', { state: 'attention', limit: 50 })
  const report = {
    outcome: ending,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    pushed: targets.reduce((sum, t) => sum + t.pushed, 0),
    failed: targets.reduce((sum, t) => sum + t.failed, 0),
    needsAttention: attention.total,
    pending: summary.totals.pending,
    targets,
    attention: attention.items.map((row) => ({
      person: row.code,
      target: row.targetName,
      message: row.lastError?.message ?? '',
      ...(row.lastError?.messageCode ? { messageCode: row.lastError.messageCode, params: row.lastError.params } : {}),
    })),
  }
  const lines = [
    `${ending === 'drained' ? 'done' : ending === 'timeout' ? 'stopped at the time limit' : 'interrupted'} after ${report.seconds} s: ${report.pushed} pushed, ${report.failed} failed attempts, ${report.needsAttention} need attention, ${report.pending} still waiting`,
    ...targets.map(
      (t) =>
        `  ${t.name.padEnd(20)} pushed ${String(t.pushed).padStart(6)}  failed ${String(t.failed).padStart(6)}  attention ${String(t.attention).padStart(5)}  waiting ${String(t.pending).padStart(6)}  synced ${String(t.synced).padStart(6)}` +
        (t.paused ? '  [paused]' : '') +
        (t.healthMessage ? `  [${t.health}: ${heldReasonText(t, wordsOf(ctx))}]` : ''),
    ),
    ...(attention.total ? ['needs attention (fix, then: enroll sync retry <person|all>):', ...attention.items.map((row) => `  ${row.code} on ${row.targetName}: ${row.lastError ? syncErrorText(row.lastError, wordsOf(ctx)) : ''}`)] : []),
    ...(attention.total > attention.items.length ? [`  … and ${attention.total - attention.items.length} more (enroll sync status --state attention)`] : []),
  ]
  ctx.print(report, lines.join('\n'))
  return ending === 'drained' && report.needsAttention === 0 ? 0 : 1
}

/** The catalogue the CLI words things in (its language; English when a caller gave none). */
function wordsOf(ctx: CliContext): Translate {
  return ctx.t ?? sharedTranslator('en')
}

function statusLine(row: SyncStatusRow, words: Translate): string {
  const error = row.lastError && row.state !== 'synced' ? `  — ${syncErrorText(row.lastError, words)}` : ''
  const remote = row.remoteId ? ` remote ${row.remoteId}` : ''
  const attempts = row.attempts ? ` after ${row.attempts} attempt(s)` : ''
  const next = row.state === 'failing' && row.nextAttemptAt ? `, next ${row.nextAttemptAt}` : ''
  return `${row.code.padEnd(14)} ${row.targetName.padEnd(16)} ${row.state.padEnd(10)} ${row.want} v${row.version}${remote}${attempts}${next}${row.detail ? ` (${row.detail})` : ''}${error}`
}

const subcommands: Record<string, (argv: string[], ctx: CliContext) => Promise<number>> = {
  async status(argv, ctx) {
    const { values } = parse(argv, { target: { type: 'string' }, state: { type: 'string' }, person: { type: 'string' }, limit: { type: 'string' } }, false)
    if (values.state !== undefined && !SYNC_DISPLAY_STATES.includes(values.state as SyncDisplayState)) throw cliError('state', 'cli.use_one_of', { choices: SYNC_DISPLAY_STATES.join(', '), given: values.state })
    const limit = values.limit === undefined ? 10_000 : Number(values.limit)
    const page = await ctx.call('sync.status', { target: values.target, person: values.person, state: values.state as SyncDisplayState | undefined, limit })
    const summary = await ctx.call('sync.summary', {})
    const totals = summary.targets.map((t) => `${t.name}: ${t.counts.synced} synced, ${t.counts.pending} waiting (${t.counts.failing} failing), ${t.counts.attention} need attention${t.paused ? ', paused' : ''}`)
    const text = [...page.items.map((row) => statusLine(row, wordsOf(ctx))), ...(page.total > page.items.length ? [`… ${page.total - page.items.length} more`] : []), ...(totals.length ? totals : ['no targets yet (enroll target add …)'])]
    ctx.print({ ...page, summary }, text.join('\n'))
    return 0
  },
  async retry(argv, ctx) {
    const { values, positionals } = parse(argv, { target: { type: 'string' } })
    const person = requirePositional(positionals, 0, 'person')
    const { moved } = await ctx.call('sync.retry', { person, target: values.target })
    ctx.print({ moved }, `${moved} push(es) back in the queue; run enroll sync to send them`)
    return 0
  },
  async pause(argv, ctx) {
    return setPaused(argv, ctx, true)
  },
  async resume(argv, ctx) {
    return setPaused(argv, ctx, false)
  },
  async all(argv, ctx) {
    const { values } = parse(argv, { target: { type: 'string' } }, false)
    const { queued } = await ctx.call('sync.all', { target: values.target })
    ctx.print({ queued }, `${queued} push(es) queued; run enroll sync to send them`)
    return 0
  },
  async limit(argv, ctx) {
    const { values, positionals } = parse(argv, { rate: { type: 'string' }, concurrency: { type: 'string' } })
    const target = requirePositional(positionals, 0, 'target')
    const summary = await ctx.call('sync.limits', {
      target,
      ratePerSecond: values.rate === undefined ? undefined : Number(values.rate),
      concurrency: values.concurrency === undefined ? undefined : Number(values.concurrency),
    })
    ctx.print(summary, `${summary.name}: at most ${summary.limits.ratePerSecond} call(s) per second, ${summary.limits.concurrency} person(s) at once`)
    return 0
  },
}

async function setPaused(argv: string[], ctx: CliContext, paused: boolean): Promise<number> {
  const { positionals } = parse(argv, {})
  const summary = await ctx.call('sync.pause', { target: requirePositional(positionals, 0, 'target'), paused })
  ctx.print(summary, paused ? `paused ${summary.name}: ${summary.counts.pending} waiting stay queued` : `resumed ${summary.name}: ${summary.counts.pending} waiting`)
  return 0
}

export const syncCommand: CliCommand = {
  name: 'sync',
  readsOnly: (argv) => argv[0] === 'status',
  summary: 'push the queue to the back ends, show its state, retry, pause',
  usage,
  async run(argv, ctx) {
    const [sub, ...rest] = argv
    if (sub === undefined || sub.startsWith('-')) return argv.includes('--follow') ? followQueue(argv, ctx) : runQueue(argv, ctx)
    const run = subcommands[sub]
    if (!run) throw cliError('sync', 'cli.unknown_subcommand', { name: sub }, { more: usage })
    return run(rest, ctx)
  },
}
