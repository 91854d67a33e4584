import { parseArgs, type ParseArgsConfig } from 'node:util'
import { CliError, cliError } from './command'

type Options = NonNullable<ParseArgsConfig['options']>

/** parseArgs with errors a person understands ("--phone: missing value") instead of a stack trace. */
export function parse<O extends Options>(argv: string[], options: O, allowPositionals = true) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true })
  } catch (error) {
    const message = (error as Error).message.replace(/^Unknown option '([^']+)'.*/s, "$1: unknown option (see --help)")
    throw new CliError(message.split('\n')[0])
  }
}

export function requirePositional(positionals: string[], index: number, what: string): string {
  const value = positionals[index]
  if (!value) throw cliError(what, 'cli.missing')
  return value
}
