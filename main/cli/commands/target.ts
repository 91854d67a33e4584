import type { CliCommand, CliContext } from '../command'
import { cliError, runSubcommand } from '../command'
import { parse, requirePositional } from '../args'
import { BridgeError } from '../../../common/contract'
import { HEADER_SECRET_PREFIX, type TargetKind } from '../../../common/targets/target-kinds'
import { connectorDefinitions, definitionOf, kindLabel, type ConnectorDefinition } from '../../core/connectors/definitions'
import type { TargetInput } from '../../../common/targets/target-config'
import type { TargetTestResult, TargetView } from '../../../common/targets/target-view'
import { testResultDetail } from '../../../common/targets/test-result-text'
import { sharedTranslator, type Translate } from '../../../common/i18n/translator'

const COMMON_ADD_USAGE = '--name N --base-url URL [kind options] [--expiry disable|delete] [--test]'
const HEADER_USAGE = '[--header "Name: value"]…'

/** One line per back end, from its definition's CLI options. */
function kindUsage(definition: ConnectorDefinition): string {
  const options = definition.cliOptions.map(({ option, placeholder, required }) => (required ? `--${option} ${placeholder}` : `[--${option} ${placeholder}]`))
  if (takesHeaders(definition)) options.push(HEADER_USAGE)
  return `  ${definition.kind.padEnd(7)} ${options.join(' ')}`
}

/** Read when asked, so every kind in the list of definitions is shown. */
function usageText(): string {
  return `enroll target add <kind> ${COMMON_ADD_USAGE}
${connectorDefinitions().map(kindUsage).join('\n')}
  (secrets may come from ENROLL_CLIENT_SECRET / ENROLL_PASSWORD instead, to keep them out of shell history)
enroll target list
enroll target edit <name> [--name N] [--base-url URL] [kind options]   (e.g. the secrets a back end from another desk of the site needs here;
                                   --header adds or sets one header, the others stay)
enroll target test <name>          exit 0 when the back end answers, else its message
enroll target remove <name>
enroll target pause|resume <name>
enroll target map-group <group> --target N --remote ID [--remote ID]…   (no --remote: remove the mapping)
enroll target link <person> --target N --remote ID | --unlink            (update-only back ends: the person's id there)`
}

type ParseOptions = Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>

const COMMON_ADD_OPTIONS: ParseOptions = {
  name: { type: 'string' },
  'base-url': { type: 'string' },
  expiry: { type: 'string' },
  test: { type: 'boolean' },
  header: { type: 'string', multiple: true },
}

/** The common options and every kind's own; which kind takes which is checked after parsing. */
function addOptions(): ParseOptions {
  const options: ParseOptions = { ...COMMON_ADD_OPTIONS }
  for (const definition of connectorDefinitions()) for (const { option } of definition.cliOptions) options[option] = { type: 'string' }
  return options
}

type AddValues = Partial<Record<string, string | boolean | Array<string | boolean>>>

function takesHeaders(definition: ConnectorDefinition): boolean {
  return definition.secretFields.some((field) => field.key === `${HEADER_SECRET_PREFIX}*`)
}

const SECRET_ENV: Record<string, string> = { 'client-secret': 'ENROLL_CLIENT_SECRET', password: 'ENROLL_PASSWORD' }

/** "Name: value" → [Name, value]; the value is a secret and is never echoed back. */
function parseHeader(text: string): [string, string] {
  const colon = text.indexOf(':')
  const name = colon > 0 ? text.slice(0, colon).trim() : ''
  if (!name || !/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) throw cliError('header', 'cli.header_format')
  return [name, text.slice(colon + 1).trim()]
}

export function targetInputFrom(kind: TargetKind, values: AddValues): { input: TargetInput; secrets: Record<string, string> } {
  const settings: Record<string, unknown> = {}
  const secrets: Record<string, string> = {}
  // a kind the list of definitions does not hold is refused as the contract refuses it (field kind)
  const definition = definitionOf(kind)
  const allowed = new Set([...Object.keys(COMMON_ADD_OPTIONS), ...definition.cliOptions.map(({ option }) => option)])
  for (const option of Object.keys(values)) {
    if (!allowed.has(option) || (option === 'header' && !takesHeaders(definition))) throw cliError(option, 'cli.not_an_option', { kind })
  }
  for (const { option, place, key } of definition.cliOptions) {
    const value = (values[option] as string | undefined) ?? (SECRET_ENV[option] ? process.env[SECRET_ENV[option]] : undefined)
    if (value === undefined) continue
    if (place === 'secrets') secrets[key] = value
    else settings[key] = value
  }
  const headers = ((values.header as string[] | undefined) ?? []).map(parseHeader)
  if (headers.length > 0) {
    settings.headerNames = headers.map(([name]) => name)
    for (const [name, value] of headers) secrets[`${HEADER_SECRET_PREFIX}${name}`] = value
  }
  const expiry = values.expiry as string | undefined
  if (expiry !== undefined && expiry !== 'disable' && expiry !== 'delete') throw cliError('expiry', 'cli.use_one_of', { choices: 'disable, delete', given: expiry })
  return {
    input: { name: (values.name as string | undefined) ?? '', kind, baseUrl: (values['base-url'] as string | undefined) ?? '', settings, expiryAction: expiry },
    secrets,
  }
}

/** "Secrets needed on this desk" in the reader's language: a site's back end this desk cannot push to yet. */
function secretsNeededText(notice: NonNullable<TargetView['secretsNeeded']>, t: Translate): string {
  return t(`error.${notice.messageCode}`)
}

function describeTarget(target: TargetView, notes: string[], t: Translate): string {
  const state = [target.enabled ? '' : 'disabled', target.paused ? 'paused' : ''].filter(Boolean).join(', ')
  const secrets = Object.entries(target.secrets).map(([key, set]) => `${key} ${set ? 'set' : 'MISSING'}`)
  const groups = Object.entries(target.mapping.groups).map(([group, ids]) => `${group} → ${ids.join(', ')}`)
  return [
    `${target.name}  (${kindLabel(target.kind)}, id ${target.id})${state ? `  [${state}]` : ''}`,
    `  url       ${target.baseUrl}`,
    `  settings  ${JSON.stringify(target.settings)}`,
    ...(secrets.length ? [`  secrets   ${secrets.join('; ')}`] : []),
    ...(target.secretsNeeded ? [`  ${secretsNeededText(target.secretsNeeded, t)}`] : []),
    ...(groups.length ? [`  groups    ${groups.join('; ')}`] : []),
    `  on expiry ${target.expiryAction}`,
    ...notes.map((note) => `  note      ${note}`),
  ].join('\n')
}

/** The name people know a target by, once a channel has accepted `idOrName` (ids first, as the core resolves them). */
async function targetName(ctx: CliContext, idOrName: string): Promise<string> {
  const targets = await ctx.call('target.list', {})
  return (targets.find((t) => t.id === idOrName) ?? targets.find((t) => t.name === idOrName))?.name ?? idOrName
}

async function testTarget(ctx: CliContext, idOrName: string): Promise<number> {
  const result = await ctx.call('target.test', { id: idOrName })
  const name = await targetName(ctx, idOrName)
  const detail = testResultDetail(result, ctx.t ?? sharedTranslator('en'))
  if (result.ok) {
    const text = result.credentialChecked
      ? `${name}: OK — ${detail}`
      : `${name}: ANSWERS, credential not checked — ${detail}\n  a refused credential shows at the first push: the target is held as refusing (enroll sync status)`
    ctx.print({ target: name, ok: true, credentialChecked: result.credentialChecked, summary: result.message }, text)
    return 0
  }
  // a configuration the core refuses before sending anything is bad input, as for any other channel
  if (result.problem === 'config' || !result.failure?.kind) throw new BridgeError(result.failure ?? { code: 'invalid', message: result.message, issues: [] })
  ctx.print({ target: name, ok: false, error: result.failure }, `${name}: FAILED — ${detail}${hint(result)}`)
  return 1
}

function hint(result: Extract<TargetTestResult, { ok: false }>): string {
  if (result.failure?.reason === 'credentials') return '\n  check the credentials (enroll target remove, then add again with the right ones)'
  if (result.failure?.kind === 'retry') return '\n  the back end is unreachable or busy: check the URL and the network, then try again'
  return ''
}

const subcommands: Record<string, (argv: string[], ctx: CliContext) => Promise<number>> = {
  async add(argv, ctx) {
    const { values, positionals } = parse(argv, addOptions())
    const kind = requirePositional(positionals, 0, 'kind')
    const { input, secrets } = targetInputFrom(kind, values)
    const target = await ctx.call('target.add', { ...input, secrets })
    ctx.print(target, `added target ${target.name} (${target.kindLabel}, id ${target.id}); secrets stored in the vault`)
    return values.test ? testTarget(ctx, target.id) : 0
  },
  async list(argv, ctx) {
    parse(argv, {}, false)
    const targets = await ctx.call('target.list', {})
    const t = ctx.t ?? sharedTranslator('en')
    ctx.print(targets, targets.length ? targets.map((target) => describeTarget(target, target.capabilities.notes.map((note) => note.en), t)).join('\n\n') : 'no targets yet (enroll target add …)')
    return 0
  },
  /** Name, address, or the secrets this desk holds for a back end (the kind's secret options, --header); settings not given are kept. */
  async edit(argv, ctx) {
    const { values, positionals } = parse(argv, addOptions())
    const idOrName = requirePositional(positionals, 0, 'target')
    const targets = await ctx.call('target.list', {})
    const current = targets.find((t) => t.id === idOrName) ?? targets.find((t) => t.name === idOrName)
    if (!current) throw cliError('target', 'target.not_found', { id: idOrName })
    const { input, secrets } = targetInputFrom(current.kind, values)
    const given = { ...input.settings }
    // --header gives a header's value; the back end's other headers stay (they are the site's, and their values may be here)
    if (Array.isArray(given.headerNames)) given.headerNames = [...new Set([...((current.settings.headerNames as string[] | undefined) ?? []), ...given.headerNames])]
    const patch = {
      ...(input.name ? { name: input.name } : {}),
      ...(input.baseUrl ? { baseUrl: input.baseUrl } : {}),
      ...(input.expiryAction ? { expiryAction: input.expiryAction } : {}),
      ...(Object.keys(given).length ? { settings: { ...current.settings, ...given } } : {}),
    }
    const target = await ctx.call('target.edit', { id: current.id, patch, secrets })
    const kept = Object.keys(secrets).length ? '; secrets stored in this desk\'s vault' : ''
    const stillNeeded = target.secretsNeeded ? `\n  ${secretsNeededText(target.secretsNeeded, ctx.t ?? sharedTranslator('en'))}` : ''
    ctx.print(target, `saved target ${target.name}${kept}${stillNeeded}`)
    return 0
  },
  async test(argv, ctx) {
    const { positionals } = parse(argv, {})
    return testTarget(ctx, requirePositional(positionals, 0, 'target'))
  },
  async remove(argv, ctx) {
    const { positionals } = parse(argv, {})
    const removed = await ctx.call('target.remove', { id: requirePositional(positionals, 0, 'target') })
    ctx.print({ removed: removed.id }, `removed target ${removed.name} and its secrets`)
    return 0
  },
  async pause(argv, ctx) {
    const { positionals } = parse(argv, {})
    const target = await ctx.call('target.edit', { id: requirePositional(positionals, 0, 'target'), patch: { paused: true } })
    ctx.print(target, `paused ${target.name}: nothing is pushed to it until resume`)
    return 0
  },
  async resume(argv, ctx) {
    const { positionals } = parse(argv, {})
    const target = await ctx.call('target.edit', { id: requirePositional(positionals, 0, 'target'), patch: { paused: false } })
    ctx.print(target, `resumed ${target.name}`)
    return 0
  },
  async 'map-group'(argv, ctx) {
    const { values, positionals } = parse(argv, { target: { type: 'string' }, remote: { type: 'string', multiple: true } })
    if (!values.target) throw cliError('target', 'cli.missing_option', { option: '--target N' })
    const groupIdOrName = requirePositional(positionals, 0, 'group')
    const target = await ctx.call('target.mapGroup', { target: values.target, group: groupIdOrName, remoteIds: values.remote ?? [] })
    const groups = await ctx.call('group.list', {})
    const group = groups.find((g) => g.id === groupIdOrName) ?? groups.find((g) => g.name === groupIdOrName)
    const ids = group ? target.mapping.groups[group.id] : undefined
    const groupName = group?.name ?? groupIdOrName
    ctx.print(target.mapping.groups, ids ? `${target.name}: group ${groupName} → ${ids.join(', ')}` : `${target.name}: group ${groupName} no longer mapped`)
    return 0
  },
  async link(argv, ctx) {
    const { values, positionals } = parse(argv, { target: { type: 'string' }, remote: { type: 'string' }, unlink: { type: 'boolean' } })
    if (!values.target) throw cliError('target', 'cli.missing_option', { option: '--target N' })
    const person = await ctx.call('person.show', { id: requirePositional(positionals, 0, 'person') })
    if (values.unlink) {
      await ctx.call('target.link', { person: person.id, target: values.target, remoteId: null })
      ctx.print({ person: person.id, target: values.target, remoteId: null }, `${person.code} is no longer linked on ${values.target} (its code is used)`)
      return 0
    }
    if (!values.remote) throw cliError('remote', 'cli.remote_missing')
    const link = await ctx.call('target.link', { person: person.id, target: values.target, remoteId: values.remote })
    ctx.print(link, `${person.code} is ${link?.remoteId} on ${values.target}`)
    return 0
  },
}

export const targetCommand: CliCommand = {
  name: 'target',
  summary: 'configure the back ends persons are pushed to (add, list, test, map groups)',
  get usage() {
    return usageText()
  },
  readsOnly: (argv) => argv[0] === 'list',
  run: (argv, ctx) => runSubcommand('target', usageText(), subcommands, argv, ctx),
}
