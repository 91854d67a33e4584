import type { CliCommand, Subcommand } from '../command'
import { cliError, runSubcommand } from '../command'
import { parse, requirePositional } from '../args'
import { writeExportFile } from './csv'
import type { AuditListEntry } from '../../../common/operators/operator-types'

const usage = `enroll audit list [--by OPERATOR] [--person ID|CODE] [--limit N] [--before ISO-TIME]   newest first
enroll audit export FILE.csv [--by OPERATOR] [--person ID|CODE]   UTF-8 with BOM (opens in Excel)
  (--by names whose changes to show; --operator is who runs the command, as for every command)`

const filterOptions = { by: { type: 'string' }, person: { type: 'string' } } as const

const entryLine = (e: AuditListEntry) =>
  `${e.at}  ${e.operator.padEnd(16)} ${e.station.padEnd(12)} ${e.action.padEnd(16)} ${e.entity} ${e.entityId}${e.changes ? ` (${Object.keys(e.changes).join(', ')})` : ''}`

const subcommands: Record<string, Subcommand> = {
  async list(argv, ctx) {
    const { values } = parse(argv, { ...filterOptions, limit: { type: 'string' }, before: { type: 'string' } }, false)
    const limit = values.limit === undefined ? undefined : Number(values.limit)
    if (limit !== undefined && !Number.isInteger(limit)) throw cliError('limit', 'cli.whole_number')
    const entries = await ctx.call('audit.list', { operator: values.by, person: values.person, limit, before: values.before })
    ctx.print(entries, entries.length ? entries.map(entryLine).join('\n') : 'no audit entries match')
    return 0
  },
  async export(argv, ctx) {
    const { values, positionals } = parse(argv, filterOptions)
    const path = requirePositional(positionals, 0, 'file')
    const result = await ctx.call('audit.export', { operator: values.by, person: values.person })
    await writeExportFile(path, result.base64)
    ctx.print({ path, count: result.count }, `wrote ${result.count} audit entries to ${path}`)
    return 0
  },
}

export const auditCommand: CliCommand = {
  name: 'audit',
  summary: 'who changed what, when and at which station: list or export the audit trail',
  usage,
  readsOnly: () => true,
  run: (argv, ctx) => runSubcommand('audit', usage, subcommands, argv, ctx),
}
