import { cliError, runSubcommand, type CliCommand, type CliContext } from '../command'
import { parse, requirePositional } from '../args'
import { terminalSafe } from '../format'
import type { HubCompactionOwed, SiteJoinReport, SiteStatus } from '../../../common/site/site-status'

const usage = `enroll site join URL --user U [--replace] [--desk NAME] [--resolver]
    joins the site's CouchDB with this desk's own user (the password from ENROLL_SITE_PASSWORD);
    this desk's register is uploaded (persons with a code the site has are merged, and listed),
    or with --replace the site's register replaces it
enroll site leave      stops replicating; this desk keeps its register as it is
enroll site status     site mode, connection, when this desk last replicated and which desk pushes to each back end
enroll site compact-hub --user ADMIN
    compacts the site's databases on the hub with a site admin's name (the password from
    ENROLL_SITE_ADMIN_PASSWORD, used for this only), so the hub keeps no earlier version of
    records removed here`

function describeStatus(status: SiteStatus): string {
  if (status.mode === 'off') return 'site mode off: this desk works on its own register'
  const last = status.lastReplicatedAt ? `last replicated ${status.lastReplicatedAt}` : 'not replicated yet'
  const lines = [`site ${status.url} as ${status.deskId} (user ${status.user}): ${status.connection}, ${last}`]
  if (status.pendingChanges) lines.push(`${status.pendingChanges} change(s) not yet written for the site`)
  if (status.lastError) lines.push(`last problem: ${status.lastError}`)
  lines.push(...describePushers(status.pushers))
  if (status.hubCompaction) lines.push(describeHubCompaction(status.hubCompaction))
  return terminalSafe(lines.join('\n'))
}

/** Which desk pushes to each back end (holds its pusher lease). */
function describePushers(pushers: SiteStatus['pushers']): string[] {
  if (pushers === null) return ['pushing: not known (this desk runs no sync worker and the site cannot be read)']
  return pushers.map((entry) =>
    entry.holder
      ? `pushing to ${entry.targetName}: ${entry.holder}${entry.mine ? ' (this desk)' : ''}, lease until ${entry.expiresAt ?? '?'}`
      : `pushing to ${entry.targetName}: no desk holds the lease`,
  )
}

function describeHubCompaction(owed: HubCompactionOwed): string {
  return `the hub keeps earlier versions of records removed here (${owed.databases.join(', ')}) since ${owed.since}: a site admin must compact it (enroll site compact-hub --user ADMIN)`
}

function describeJoin(report: SiteJoinReport): string {
  const head =
    report.mode === 'replace'
      ? `joined ${report.url} as ${report.deskId}: this desk's ${report.replaced} person(s) were replaced by the site's register`
      : `joined ${report.url} as ${report.deskId}: ${report.uploaded} person(s) uploaded`
  const duplicates = report.duplicates.map((entry) => `  ${entry.code}: this desk's person merged into the site's (${entry.siteId})`)
  const { uploaded, merged, replaced } = report.targets
  const backEnds = `back ends: ${uploaded} uploaded, ${merged} merged with the site's of the same id, ${replaced} replaced by the site's`
  return terminalSafe([head, backEnds, ...(duplicates.length ? [`${duplicates.length} person(s) with a code the site already had:`, ...duplicates] : [])].join('\n'))
}

async function join(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parse(argv, { user: { type: 'string' }, replace: { type: 'boolean' }, desk: { type: 'string' }, resolver: { type: 'boolean' } })
  const url = requirePositional(positionals, 0, 'url')
  if (!values.user) throw cliError('user', 'cli.site_user_missing')
  const password = process.env.ENROLL_SITE_PASSWORD
  if (!password) throw cliError('password', 'cli.site_password_env')
  const report = await ctx.call('site.join', { url, user: values.user, password, mode: values.replace ? 'replace' : 'upload', desk: values.desk, resolver: values.resolver })
  ctx.print(report, describeJoin(report))
  return 0
}

async function status(_argv: string[], ctx: CliContext): Promise<number> {
  let current = await ctx.call('site.status', {})
  // a desk that just opened its replicas needs a moment to hear from the site
  for (let waited = 0; current.connection === 'connecting' && waited < 5_000; waited += 250) {
    await new Promise((resolve) => setTimeout(resolve, 250))
    current = await ctx.call('site.status', {})
  }
  ctx.print(current, describeStatus(current))
  return 0
}

async function leave(_argv: string[], ctx: CliContext): Promise<number> {
  const result = await ctx.call('site.leave', {})
  ctx.print(result, `left the site; this desk keeps its ${result.kept} person(s) and works on its own register`)
  return 0
}

async function compactHub(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parse(argv, { user: { type: 'string' } })
  if (!values.user) throw cliError('user', 'cli.site_admin_user_missing')
  const password = process.env.ENROLL_SITE_ADMIN_PASSWORD
  if (!password) throw cliError('password', 'cli.site_admin_password_env')
  const report = await ctx.call('site.compactHub', { user: values.user, password })
  const text = report.stillHeld
    ? `compacted ${report.compacted.join(', ')}; ${describeHubCompaction(report.stillHeld)} (removals not on the hub yet)`
    : `compacted ${report.compacted.join(', ')}: the hub keeps no earlier version of records removed here`
  ctx.print(report, terminalSafe(text))
  return 0
}

export const siteCommand: CliCommand = {
  name: 'site',
  summary: 'site mode: join a site\'s CouchDB, leave it, or show the connection',
  usage,
  readsOnly: (argv) => argv[0] === 'status',
  run: (argv, ctx) => runSubcommand('site', usage, { join, leave, status, 'compact-hub': compactHub }, argv, ctx),
}
