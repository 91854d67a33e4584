import type { CliCommand, CliContext, Subcommand } from '../command'
import { CliError, runSubcommand } from '../command'
import { parse, requirePositional } from '../args'

const usage = `enroll group add --name N [--id ID] [--description D]
enroll group edit <id|name> [--name N] [--description D]
enroll group list
enroll group delete <id|name> [--detach]   (a group in use is only deleted with --detach)`

const subcommands: Record<string, Subcommand> = {
  async add(argv, ctx) {
    const { values } = parse(argv, { name: { type: 'string' }, id: { type: 'string' }, description: { type: 'string' } }, false)
    const group = await ctx.call('group.add', { name: values.name ?? '', id: values.id, description: values.description })
    ctx.print(group, `added group ${group.id} "${group.name}"`)
    return 0
  },
  async edit(argv, ctx) {
    const { values, positionals } = parse(argv, { name: { type: 'string' }, description: { type: 'string' } })
    const group = await ctx.call('group.edit', { id: requirePositional(positionals, 0, 'group'), patch: values })
    ctx.print(group, `updated group ${group.id} "${group.name}"`)
    return 0
  },
  async list(argv, ctx) {
    parse(argv, {}, false)
    const groups = await ctx.call('group.list', {})
    const text = groups.length ? groups.map((g) => `${g.id.padEnd(20)} ${g.name.padEnd(24)} ${g.members} member(s)`).join('\n') : 'no groups yet'
    ctx.print(groups, text)
    return 0
  },
  async delete(argv, ctx) {
    const { values, positionals } = parse(argv, { detach: { type: 'boolean' } })
    const result = await ctx.call('group.delete', { id: requirePositional(positionals, 0, 'group'), detach: values.detach })
    ctx.print(result, `deleted group ${result.group.id}${result.detached ? ` (detached from ${result.detached} person(s))` : ''}`)
    return 0
  },
}

export const groupCommand: CliCommand = {
  name: 'group',
  summary: 'add, edit, list or delete permission groups',
  usage,
  readsOnly: (argv) => argv[0] === 'list',
  run: (argv, ctx) => runSubcommand('group', usage, subcommands, argv, ctx),
}
