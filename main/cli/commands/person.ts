import { readPhotoInput } from '../../core/photos/bounded-file'
import type { CliCommand, CliContext, Subcommand } from '../command'
import { cliError, runSubcommand } from '../command'
import { parse, requirePositional } from '../args'
import type { Person } from '../../../common/model/person'
import { warningsOf } from '../../../common/face/capture-types'
import { describePerson, fieldMatchLine, personLine, terminalSafe } from '../format'
import type { CheckedPerson } from '../../../common/persons/field-match'

const fieldOptions = {
  name: { type: 'string' },
  code: { type: 'string' },
  type: { type: 'string' },
  gender: { type: 'string' },
  phone: { type: 'string' },
  email: { type: 'string' },
  'cert-type': { type: 'string' },
  'cert-number': { type: 'string' },
  company: { type: 'string' },
  department: { type: 'string' },
  position: { type: 'string' },
  note: { type: 'string' },
  group: { type: 'string', multiple: true },
  'valid-from': { type: 'string' },
  'valid-until': { type: 'string' },
  reason: { type: 'string' },
  enabled: { type: 'string' },
  photo: { type: 'string' },
} as const

const usage = `enroll person add --name N [--code C] [--type employee|visitor|blacklist|vip] [--phone P] [--group ID]… [--photo FILE]
                   [--gender male|female|unknown] [--email E] [--cert-type id_card|passport|other --cert-number N]
                   [--company C] [--department D] [--position P] [--note T] [--valid-from ISO] [--valid-until ISO]
                   [--reason R] [--enabled true|false]
enroll person edit <id|code> [--version V] [same field options]
enroll person show <id|code> [--history]
enroll person list [--search TEXT] [--type T] [--group ID] [--deleted] [--expired] [--sort name|code|createdAt|updatedAt] [--limit N] [--offset N]
enroll person delete|restore|purge <id|code>`

type FieldValues = Partial<Record<keyof typeof fieldOptions, string | string[] | boolean | undefined>>

function fieldsFrom(values: FieldValues): Record<string, unknown> {
  const text = (key: keyof typeof fieldOptions) => values[key] as string | undefined
  const fields: Record<string, unknown> = {
    name: text('name'),
    code: text('code'),
    type: text('type'),
    gender: text('gender'),
    phone: text('phone'),
    email: text('email'),
    company: text('company'),
    department: text('department'),
    position: text('position'),
    note: text('note'),
    groups: values.group,
    validFrom: text('valid-from'),
    validUntil: text('valid-until'),
    reason: text('reason'),
  }
  if (values['cert-number'] !== undefined || values['cert-type'] !== undefined) {
    fields.certificate = { type: text('cert-type') ?? 'id_card', number: text('cert-number') ?? '' }
  }
  if (values.enabled !== undefined) {
    if (values.enabled !== 'true' && values.enabled !== 'false') throw cliError('enabled', 'cli.use_one_of', { choices: 'true, false', given: String(values.enabled) })
    fields.enabled = values.enabled === 'true'
  }
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined))
}

/**
 * A photo file the way the desk's file picker sends it: the core checks and crops it
 * (face.prepareFile: the same quality gate and crop), and before anything is saved the CLI says
 * whom the face already looks like, loudly for the blacklist, by the desk's own rule (warningsOf).
 */
async function preparedPhoto(path: string | undefined, ctx: CliContext, excludePersonId?: string) {
  if (!path) return undefined
  const prepared = await ctx.call('face.prepareFile', { base64: (await readPhotoInput(path)).toString('base64'), excludePersonId })
  for (const match of warningsOf(prepared.matches)) {
    const who = `${match.name} (${match.code})`
    console.error(terminalSafe(match.blacklist ? `warning: BLACKLIST MATCH: this face looks like ${who} — ${match.reason}` : `warning: this face looks like ${who}, already registered`))
  }
  return { hash: prepared.photo.hash, quality: prepared.quality, source: 'file' as const }
}

/** The blacklist entries the saved person's certificate number, phone or name match, on stderr beside the face warnings. */
function warnBlacklistFields(person: CheckedPerson): void {
  for (const match of person.blacklistMatches ?? []) console.error(`warning: ${fieldMatchLine(match)}`)
}

const subcommands: Record<string, Subcommand> = {
  async add(argv, ctx) {
    const { values } = parse(argv, fieldOptions, false)
    const photo = await preparedPhoto(values.photo, ctx)
    const person = await ctx.call('person.add', { ...(fieldsFrom(values) as { name: string }), photo })
    warnBlacklistFields(person)
    ctx.print(person, `added ${personLine(person)}`)
    return 0
  },
  async edit(argv, ctx) {
    const { values, positionals } = parse(argv, { ...fieldOptions, version: { type: 'string' } })
    const current = await ctx.call('person.show', { id: requirePositional(positionals, 0, 'person') })
    // Without --version the CLI edits what it just read; with it, a concurrent change is refused.
    const version = values.version !== undefined ? Number(values.version) : current.version
    const { photo: photoPath, ...rest } = values
    const patch = fieldsFrom(rest)
    // the photo is checked before anything is saved: a refused photo leaves the person as they were
    const photo = await preparedPhoto(photoPath, ctx, current.id)
    let person: Person = current
    if (Object.keys(patch).length > 0) {
      const edited = await ctx.call('person.edit', { ...patch, id: current.id, version })
      warnBlacklistFields(edited)
      person = edited
    }
    if (photo) person = await ctx.call('person.setPhoto', { id: current.id, version: person.version, photo })
    ctx.print(person, `updated ${personLine(person)} (version ${person.version})`)
    return 0
  },
  async show(argv, ctx) {
    const { values, positionals } = parse(argv, { history: { type: 'boolean' } })
    const person = await ctx.call('person.show', { id: requirePositional(positionals, 0, 'person') })
    const history = values.history ? await ctx.call('person.history', { id: person.id }) : undefined
    ctx.print(history ? { ...person, history } : person, describePerson(person, history))
    return 0
  },
  async list(argv, ctx) {
    const { values } = parse(
      argv,
      {
        search: { type: 'string' },
        type: { type: 'string' },
        group: { type: 'string' },
        deleted: { type: 'boolean' },
        expired: { type: 'boolean' },
        sort: { type: 'string' },
        desc: { type: 'boolean' },
        limit: { type: 'string' },
        offset: { type: 'string' },
      },
      false,
    )
    const page = await ctx.call('person.list', {
      text: values.search,
      type: values.type as never,
      group: values.group,
      deleted: values.deleted ? 'only' : undefined,
      expired: values.expired ? true : undefined,
      sort: values.sort as never,
      order: values.desc ? 'desc' : undefined,
      limit: values.limit !== undefined ? Number(values.limit) : 50,
      offset: values.offset !== undefined ? Number(values.offset) : undefined,
    })
    const lines = page.items.map(personLine)
    lines.push(`${page.items.length} of ${page.total} shown`)
    ctx.print(page.items, lines.join('\n'))
    return 0
  },
  async delete(argv, ctx) {
    const { positionals } = parse(argv, {})
    const person = await ctx.call('person.delete', { id: requirePositional(positionals, 0, 'person') })
    ctx.print(person, `moved ${personLine(person)} to the recycle bin (restore with: enroll person restore ${person.code})`)
    return 0
  },
  async restore(argv, ctx) {
    const { positionals } = parse(argv, {})
    const person = await ctx.call('person.restore', { id: requirePositional(positionals, 0, 'person') })
    ctx.print(person, `restored ${personLine(person)}`)
    return 0
  },
  async purge(argv, ctx) {
    const { positionals } = parse(argv, {})
    const result = await ctx.call('person.purge', { id: requirePositional(positionals, 0, 'person') })
    ctx.print(result, `erased ${result.code} and their photo for good`)
    return 0
  },
}

export const personCommand: CliCommand = {
  name: 'person',
  summary: 'add, edit, show, list, delete, restore or purge persons',
  usage,
  readsOnly: (argv) => ['list', 'show'].includes(argv[0]),
  run: (argv, ctx) => runSubcommand('person', usage, subcommands, argv, ctx),
}
