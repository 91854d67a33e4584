import { resolve } from 'node:path'
import type { CliCommand, CliContext } from '../command'
import { cliError } from '../command'
import { parse, requirePositional } from '../args'
import { createBackup, listBackups, restoreBackup, verifyBackup, SECRETS_NOTE } from '../../core/backup'
import type { BackupResult } from '../../../common/backup/backup-results'

const backupUsage = `enroll backup [--to DIR]      a new enroll-backup-YYYYMMDD-HHMMSS folder in DIR (default: "backups" beside the data folder)
enroll backup list [--to DIR]  the backups in DIR
enroll backup verify PATH      checks every file of a backup against its manifest (exit 1 when damaged)

${SECRETS_NOTE}`

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

/**
 * Without --to the CLI asks the UI's own channels, so both use the backup folder chosen in
 * Settings. `--to DIR` is a local admin's own folder (a USB stick, anywhere): the contract confines
 * backups to the chosen folder so that a caller holding the host's token cannot make the station
 * write the register elsewhere, so that path stays a direct call, like verify and restore.
 */
function chosenFolder(argv: string[]): string | undefined {
  const { values } = parse(argv, { to: { type: 'string' } }, false)
  return values.to ? resolve(values.to) : undefined
}

async function create(argv: string[], ctx: CliContext): Promise<number> {
  const folder = chosenFolder(argv)
  let result: BackupResult
  if (folder === undefined) {
    const stopFollowing = ctx.follow('backup')
    result = await ctx.call('backup.create', {}).finally(stopFollowing)
  } else {
    ctx.admit('backup.create')
    result = await createBackup(ctx.station, folder, {
      actor: ctx.actor,
      onProgress: ({ phase, filesDone, filesTotal }) => phase !== 'done' && ctx.progress(filesDone, filesTotal, 'files'),
    })
  }
  const lines = [
    `backed up ${result.persons} persons and ${result.photos} photos (${megabytes(result.bytes)}) to ${result.path}`,
    ...(result.missingPhotos.length ? [`warning: ${result.missingPhotos.length} photo(s) the register names were not on disk: ${result.missingPhotos.join(', ')}`] : []),
    SECRETS_NOTE,
  ]
  ctx.print(result, lines.join('\n'))
  return 0
}

async function list(argv: string[], ctx: CliContext): Promise<number> {
  const chosen = chosenFolder(argv)
  if (chosen !== undefined) ctx.admit('backup.list')
  const { destination: folder, backups } = chosen === undefined ? await ctx.call('backup.list', {}) : { destination: chosen, backups: await listBackups(chosen) }
  const text = backups.length
    ? backups.map((b) => `${b.name}  ${b.createdAt}  ${b.counts.persons} persons  ${b.counts.photos} photos  ${megabytes(b.bytes)}`).join('\n')
    : `no backups in ${folder}`
  ctx.print(backups, text)
  return 0
}

async function verify(argv: string[], ctx: CliContext): Promise<number> {
  const { positionals } = parse(argv, {})
  const path = resolve(requirePositional(positionals, 0, 'path'))
  ctx.admit('backup.verify')
  const result = await verifyBackup(path)
  const { manifest, ...summary } = result
  const lines = result.ok
    ? [`OK: all ${result.checked} files of ${path} match the manifest (${manifest.counts.persons} persons, ${manifest.counts.photos} photos, taken ${manifest.createdAt})`]
    : [
        `DAMAGED: ${path}`,
        ...result.missing.map((file) => `  missing: ${file}`),
        ...result.changed.map((file) => `  changed: ${file}`),
      ]
  if (result.unexpected.length) lines.push(...result.unexpected.map((file) => `  not in the manifest (ignored): ${file}`))
  ctx.print({ ...summary, counts: manifest.counts, createdAt: manifest.createdAt }, lines.join('\n'))
  // a damaged backup is not bad input: the same code as other failures
  return result.ok ? 0 : 1
}

export const backupCommand: CliCommand = {
  name: 'backup',
  summary: 'back up the register, photos and face descriptors to a folder; list or verify backups',
  usage: backupUsage,
  readsOnly: (argv) => argv[0] === 'verify' || argv[0] === 'list',
  run(argv, ctx) {
    if (argv[0] === 'verify') return verify(argv.slice(1), ctx)
    if (argv[0] === 'list') return list(argv.slice(1), ctx)
    if (argv[0] && !argv[0].startsWith('-')) throw cliError('backup', 'cli.unknown_subcommand', { name: argv[0] }, { more: backupUsage })
    return create(argv, ctx)
  },
}

export const restoreCommand: CliCommand = {
  name: 'restore',
  summary: 'restore a backup into a new (empty) data folder: enroll restore PATH --data NEWDIR',
  usage: `enroll restore PATH --data NEWDIR   NEWDIR must be empty or new; a register is never overwritten\n\n${SECRETS_NOTE}`,
  async run(argv, ctx) {
    const { positionals } = parse(argv, {})
    const path = resolve(requirePositional(positionals, 0, 'path'))
    // The CLI opened (and so created) the target folder like any command; let go of it first:
    // a register opened once and never written is what the restore accepts as empty.
    await ctx.station.close()
    const result = await restoreBackup(path, ctx.station.dataDir, { onProgress: (done, total) => ctx.progress(done, total, 'files') })
    ctx.print(
      result,
      `restored ${result.counts.persons} persons, ${result.counts.groups} groups and ${result.counts.photos} photos (backup of ${result.createdAt}) into ${result.dataDir}\n${SECRETS_NOTE}`,
    )
    return 0
  },
}
