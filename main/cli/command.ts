import type { Station } from '../core/station'
import type { Handlers } from '../core/api/handlers'
import type { Channel, ChannelInput, ChannelResult } from '../../common/contract'
import { englishText, type ErrorParams, type MessageCode } from '../../common/errors/core-error'
import type { Translate } from '../../common/i18n/translator'

/** A top-level `enroll <name> …` command. */
export interface CliCommand {
  name: string
  summary: string
  usage: string
  /** True when this invocation only reads: it may then run while another program holds the register. */
  readsOnly?(argv: string[]): boolean
  run(argv: string[], ctx: CliContext): Promise<number>
}

export interface CliContext {
  station: Station
  handlers: Handlers
  json: boolean
  actor: string
  /** The catalogue in the CLI's language (`--lang`, else the system's): lines worded by message code. */
  t?: Translate
  /** Machine-readable value with --json, the text otherwise. */
  print(value: unknown, text: string): void
  /** Progress for long work, on stderr so it never mixes with --json output. */
  progress(done: number, total: number, label: string): void
  /** Calls a contract channel exactly as the UI does (same validation, same handlers); a refusal is thrown as the UI's BridgeError. */
  call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelResult<C>>
  /**
   * For the few commands that work on the station directly (a backup to a folder of one's own,
   * hosting the sync worker): throws the refusal `channel` would give this run's operator.
   */
  admit(channel: Channel): void
  /** Shows the `progress` events of a channel's task (e.g. "csv.import") while it runs; call the result to stop. */
  follow(task: string): () => void
}

/**
 * A failure to report as one line naming the field, with its exit code: by its message code (the
 * catalogue's text in the CLI's language, error-line.ts), or as written for what only Node words
 * (parseArgs, a system error). Lines after the first (a usage) are printed as they are.
 */
export class CliError extends Error {
  readonly field?: string
  readonly messageCode?: MessageCode
  readonly params?: ErrorParams
  constructor(
    message: string,
    readonly exitCode = 2,
    coded?: { field: string; messageCode: MessageCode; params: ErrorParams },
  ) {
    super(message)
    this.field = coded?.field
    this.messageCode = coded?.messageCode
    this.params = coded?.params
  }
}

/** A refusal of the command line by message code, about one argument or option; `more` follows on the next lines (a usage). */
export function cliError(field: string, messageCode: MessageCode, params: ErrorParams = {}, options: { exitCode?: number; more?: string } = {}): CliError {
  const line = `${field}: ${englishText(messageCode, params)}`
  return new CliError(options.more ? `${line}\n${options.more}` : line, options.exitCode, { field, messageCode, params })
}

export type Subcommand = (argv: string[], ctx: CliContext) => Promise<number>

/** `enroll <command> <sub> …`: runs the named subcommand, or explains which exist. */
export function runSubcommand(command: string, usage: string, subcommands: Record<string, Subcommand>, argv: string[], ctx: CliContext): Promise<number> {
  const [sub, ...rest] = argv
  const run = sub ? subcommands[sub] : undefined
  if (!run) throw cliError(command, 'cli.unknown_subcommand', { name: sub ?? '' }, { more: usage })
  return run(rest, ctx)
}
