import type { CliCommand } from '../command'
import { parse } from '../args'
import { terminalSafe } from '../format'
import type { RetentionRun } from '../../../common/settings/retention'

function describeRun(run: RetentionRun): string {
  if (run.visitorDays === null) return 'visitors are kept until deleted (Settings: keep visitors forever); nothing to purge'
  const rule = `visit ended more than ${run.visitorDays} days ago, before ${run.cutoff}`
  const count = `${run.visitors.length} visitor${run.visitors.length === 1 ? '' : 's'}`
  const head = run.dryRun
    ? `would purge ${count} (${rule}) and ${run.photos} photo file${run.photos === 1 ? '' : 's'}; nothing was changed`
    : `purged ${count} (${rule}) and ${run.photos} photo file${run.photos === 1 ? '' : 's'}; the back ends are told through the sync queue`
  const rows = run.visitors.map((visitor) => terminalSafe(`  ${visitor.code.padEnd(14)} ${visitor.name.padEnd(16)} visit ended ${visitor.visitEnd}`))
  return [head, ...rows].join('\n')
}

export const purgeExpiredCommand: CliCommand = {
  name: 'purge-expired',
  summary: "purge visitors whose visit ended longer ago than the station keeps them (--dry-run: list them, change nothing)",
  usage: 'enroll purge-expired [--dry-run]\n  Purges photo, face descriptor, fields and queued pushes; the back ends get the delete; the audit keeps only that a purge happened.',
  readsOnly: (argv) => argv.includes('--dry-run'),
  async run(argv, ctx) {
    const { values } = parse(argv, { 'dry-run': { type: 'boolean' } }, false)
    const run = await ctx.call('retention.purgeExpired', { dryRun: values['dry-run'] === true })
    ctx.print(run, describeRun(run))
    return 0
  },
}
