import type { CliCommand, Subcommand } from '../command'
import { cliError, runSubcommand } from '../command'
import { parse, requirePositional } from '../args'
import { ROLES, isRole, type Role } from '../../../common/operators/roles'
import type { OperatorView } from '../../../common/operators/operator-types'

const usage = `enroll operator add --name N --role ${ROLES.join('|')}      the password from ENROLL_NEW_PASSWORD
enroll operator list
enroll operator edit <name|id> [--role R] [--disable|--enable] [--new-password]   (--new-password: from ENROLL_NEW_PASSWORD)
  A new password, or --enable, also lifts a lock-out after wrong passwords. Administrators only.`

function roleOption(value: string | undefined): Role | undefined {
  if (value === undefined) return undefined
  if (!isRole(value)) throw cliError('role', 'cli.use_one_of', { choices: ROLES.join(', '), given: value })
  return value
}

/** A new password never goes on the command line (it would sit in the shell's history and in `ps`). */
function newPassword(): string {
  const password = process.env.ENROLL_NEW_PASSWORD
  if (!password) throw cliError('password', 'cli.new_password_env')
  return password
}

const operatorLine = (o: OperatorView) => `${o.name.padEnd(20)} ${o.role.padEnd(14)} ${o.disabled ? 'disabled' : 'enabled '}  ${o.id}`

const subcommands: Record<string, Subcommand> = {
  async add(argv, ctx) {
    const { values } = parse(argv, { name: { type: 'string' }, role: { type: 'string' } }, false)
    const role = roleOption(values.role)
    if (!role) throw cliError('role', 'cli.role_missing', { roles: ROLES.join(', ') })
    const operator = await ctx.call('operator.add', { name: values.name ?? '', role, password: newPassword() })
    ctx.print(operator, `added operator "${operator.name}" (${operator.role})`)
    return 0
  },
  async list(argv, ctx) {
    parse(argv, {}, false)
    const operators = await ctx.call('operator.list', {})
    ctx.print(operators, operators.length ? operators.map(operatorLine).join('\n') : 'no operators yet')
    return 0
  },
  async edit(argv, ctx) {
    const { values, positionals } = parse(argv, { role: { type: 'string' }, disable: { type: 'boolean' }, enable: { type: 'boolean' }, 'new-password': { type: 'boolean' } })
    if (values.disable && values.enable) throw cliError('disable', 'cli.disable_and_enable')
    const operator = await ctx.call('operator.edit', {
      id: requirePositional(positionals, 0, 'operator'),
      role: roleOption(values.role),
      disabled: values.disable ? true : values.enable ? false : undefined,
      password: values['new-password'] ? newPassword() : undefined,
    })
    ctx.print(operator, `updated operator "${operator.name}": ${operator.role}, ${operator.disabled ? 'disabled' : 'enabled'}`)
    return 0
  },
}

export const operatorCommand: CliCommand = {
  name: 'operator',
  summary: 'add, list or edit the operators who sign in at the desk (administrators only)',
  usage,
  readsOnly: (argv) => argv[0] === 'list',
  run: (argv, ctx) => runSubcommand('operator', usage, subcommands, argv, ctx),
}
