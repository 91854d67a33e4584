import { parseArgs } from 'node:util'
import { resolve } from 'node:path'
import { openStation } from '../core/station'
import { defaultDataDir } from '../core/paths'
import { createHandlers } from '../core/api/handlers'
import { isCoreError } from '../../common/errors/core-error'
import { BridgeError } from '../../common/contract'
import { CliError, cliError, type CliCommand, type CliContext } from './command'
import { commands } from './commands'
import { contractAdmit, contractCall, followProgress } from './contract-call'
import { cliSession } from './cli-session'
import { terminalSafe, terminalSafeJson } from './format'
import { cliLanguage, errorText } from './error-line'
import type { Language } from '../../common/i18n/languages'
import { sharedTranslator } from '../../common/i18n/translator'

const HELP = `enroll — the Enrollment Station register from the command line

Usage: enroll <command> [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(8)} ${c.summary}`).join('\n')}

Options for every command:
  --data DIR   the data folder (default: ENROLL_DATA_DIR or ${defaultDataDir()})
  --operator NAME  act as this operator (password from ENROLL_OPERATOR_PASSWORD, else asked on the terminal);
               without it: the machine's own administrator (local:<user>), for the owner of the data folder only
  --json       machine-readable output: the stored object or list
  --lang L     the language of error lines: zh-CN or en (default: the system's, from LC_ALL or LANG)
  --help       this text, or a command's usage: enroll <command> --help

Exit codes: 0 ok; 2 bad input (the message names the field); 1 other errors; 3 import with failed rows;
            4 refused: not signed in, or the operator's role may not do this.`

/** Splits the options every command shares from the command's own. */
function globalOptions(argv: string[]) {
  const rest: string[] = []
  let data: string | undefined
  let json = false
  let help = false
  let operator: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--operator') operator = argv[++i] ?? ''
    else if (arg.startsWith('--operator=')) operator = arg.slice('--operator='.length)
    else if (arg === '--json') json = true
    else if (arg === '--help' || arg === '-h') help = true
    else if (arg === '--data') data = argv[++i]
    else if (arg.startsWith('--data=')) data = arg.slice('--data='.length)
    else rest.push(arg)
  }
  if (argv.includes('--data') && !data) throw cliError('data', 'cli.data_missing')
  if (operator !== undefined && !operator.trim()) throw cliError('operator', 'cli.operator_missing')
  return { rest, data, json, help, operator }
}

export async function runCli(argv: string[]): Promise<number> {
  let json = argv.includes('--json')
  let language = cliLanguage([]).language
  try {
    const chosen = cliLanguage(argv)
    language = chosen.language
    const options = globalOptions(chosen.rest)
    json = options.json
    const [name, ...rest] = options.rest
    if (!name || name === 'help') {
      console.log(HELP)
      return 0
    }
    const command = commands.find((c) => c.name === name)
    if (!command) throw cliError('command', 'cli.unknown_command', { name })
    if (options.help) {
      console.log(`${command.summary}\n\n${command.usage}`)
      return 0
    }
    return await runCommand(command, rest, options.data ? resolve(options.data) : defaultDataDir(), json, options.operator, language)
  } catch (error) {
    return reportError(error, json, language)
  }
}

/**
 * Takes the register lock like any writer; a command that only reads may still run while the
 * desktop app or `enroll serve` holds the register, on a read-only view of it.
 */
async function openForCommand(command: CliCommand, argv: string[], dataDir: string) {
  const onWarning = (message: string) => console.error(terminalSafe(`warning: ${message}`))
  const purpose = `enroll ${command.name}${argv[0] && !argv[0].startsWith('-') ? ` ${argv[0]}` : ''}`
  try {
    return await openStation({ dataDir, faceProcessing: true, onWarning, purpose })
  } catch (error) {
    if (!(isCoreError(error) && /is in use by/.test(error.message) && command.readsOnly?.(argv))) throw error
    return openStation({ dataDir, readOnly: true, onWarning })
  }
}

async function runCommand(command: CliCommand, argv: string[], dataDir: string, json: boolean, operator: string | undefined, language: Language): Promise<number> {
  const station = await openForCommand(command, argv, dataDir)
  let session
  try {
    session = await cliSession(station, operator)
  } catch (error) {
    await station.close()
    throw error
  }
  const handlers = createHandlers(station, session)
  const actor = typeof session === 'string' ? session : session.actor()
  let lastProgress = 0
  const ctx: CliContext = {
    station,
    handlers,
    json,
    actor,
    t: sharedTranslator(language),
    admit: contractAdmit(handlers),
    print(value, text) {
      // names and notes come from people and files: nothing in them reaches the terminal raw
      console.log(json ? terminalSafeJson(value) : terminalSafe(text))
    },
    progress(done, total, label) {
      if (!process.stderr.isTTY && done !== total && Date.now() - lastProgress < 2000) return
      lastProgress = Date.now()
      const width = 30
      const filled = total ? Math.round((done / total) * width) : width
      const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${label}`
      process.stderr.write(process.stderr.isTTY ? `\r${line}${done === total ? '\n' : ''}` : `${line}\n`)
    },
    call: contractCall(handlers),
    follow(task) {
      return followProgress(station, task, ctx.progress)
    },
  }
  try {
    return await command.run(argv, ctx)
  } finally {
    await station.close()
  }
}

const INPUT_ERROR_CODES = ['invalid', 'conflict', 'stale', 'not_found', 'in_use', 'unsupported']
const REFUSED_CODES = ['unauthorized', 'forbidden']

function reportError(error: unknown, json: boolean, language: Language): number {
  const known = error instanceof CliError || error instanceof BridgeError || isCoreError(error)
  const invalidInput = error instanceof CliError || ((error instanceof BridgeError || isCoreError(error)) && INPUT_ERROR_CODES.includes(error.code))
  const message = error instanceof Error ? error.message : String(error)
  const coded = error instanceof BridgeError || isCoreError(error)
  if (json) console.error(terminalSafeJson({ error: coded ? { code: error.code, message, field: error.field, issues: error.issues, messageCode: error.messageCode, params: error.params } : { message } }, 0))
  else console.error(terminalSafe(`enroll: ${errorText(error, language)}`))
  if (!known && process.env.ENROLL_DEBUG) console.error(error)
  const refused = (error instanceof BridgeError || isCoreError(error)) && REFUSED_CODES.includes(error.code)
  return error instanceof CliError ? error.exitCode : refused ? 4 : invalidInput ? 2 : 1
}
