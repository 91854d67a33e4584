import type { Station } from '../core/station'
import type { Handlers } from '../core/api/handlers'
import type { Channel, ChannelInput, ChannelResult } from '../../common/contract'

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

/** A failure to report as one line naming the field, with its exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message)
  }
}

export type Subcommand = (argv: string[], ctx: CliContext) => Promise<number>

/** `enroll <command> <sub> …`: runs the named subcommand, or explains which exist. */
export function runSubcommand(command: string, usage: string, subcommands: Record<string, Subcommand>, argv: string[], ctx: CliContext): Promise<number> {
  const [sub, ...rest] = argv
  const run = sub ? subcommands[sub] : undefined
  if (!run) throw new CliError(`${command}: unknown subcommand "${sub ?? ''}"\n${usage}`)
  return run(rest, ctx)
}
