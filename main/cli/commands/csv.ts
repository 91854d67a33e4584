import { rename, rm, writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { readBoundedFile } from '../../core/photos/bounded-file'
import { fsReason } from '../../core/backup/backup-destination'
import { coreError } from '../../../common/errors/core-error'
import type { CliCommand } from '../command'
import { cliError } from '../command'
import { parse, requirePositional } from '../args'
import { fieldMatchLine } from '../format'

/** Far above a register's 100,000 rows with every column filled (about 30 MB). */
const MAX_CSV_BYTES = 256 * 1024 * 1024

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'enroll persons from a CSV file (UTF-8 or GBK), with photos from a folder',
  usage: 'enroll import FILE.csv [--photos DIR] [--encoding auto|utf8|gbk]',
  async run(argv, ctx) {
    const { values, positionals } = parse(argv, { photos: { type: 'string' }, encoding: { type: 'string' } })
    const path = requirePositional(positionals, 0, 'file')
    const encoding = (values.encoding ?? 'auto') as 'auto' | 'utf8' | 'gbk'
    if (!['auto', 'utf8', 'gbk'].includes(encoding)) throw cliError('encoding', 'cli.use_one_of', { choices: 'auto, utf8, gbk', given: encoding })
    const bytes = await readBoundedFile(path, { field: 'file', maxBytes: MAX_CSV_BYTES })
    // The UI's own channel: the file's content as the page sends it; the photos folder by its path on this disk.
    const stopFollowing = ctx.follow('csv.import')
    const report = await ctx
      .call('csv.import', { base64: bytes.toString('base64'), encoding, photosDir: values.photos === undefined ? undefined : resolve(values.photos) })
      .finally(stopFollowing)
    const lines = [
      ...report.notices.map((notice) => notice.message),
      `${report.created} created, ${report.updated} updated, ${report.failed.length} failed, of ${report.rows} rows`,
      ...report.failed.map((p) => `  line ${p.line}: ${p.field}: ${p.message}`),
      ...report.blacklistNotes.flatMap((note) => note.matches.map((match) => `  line ${note.line}: ${fieldMatchLine(match)}`)),
      ...report.photoNotes.flatMap((note) => [
        ...note.matches.map((m) =>
          m.blacklist
            ? `  line ${note.line}: BLACKLIST MATCH: the photo looks like ${m.name} (${m.code}) — ${m.reason} (distance ${m.distance.toFixed(2)})`
            : `  line ${note.line}: possible duplicate: the photo looks like ${m.name} (${m.code}) (distance ${m.distance.toFixed(2)})`,
        ),
        ...(note.warnings.length ? [`  line ${note.line}: photo kept with warnings: ${note.warnings.join('; ')}`] : []),
      ]),
    ]
    ctx.print(report, lines.join('\n'))
    // Good rows are kept either way; a non-zero exit tells scripts that some rows need attention.
    return report.failed.length > 0 ? 3 : 0
  },
}

/** Through a temporary file renamed into place, so an interrupted export never leaves a truncated file that looks complete. */
async function writeWhole(path: string, bytes: Buffer): Promise<void> {
  const partial = `${path}.partial`
  try {
    await writeFile(partial, bytes)
    await rename(partial, path)
  } catch (error) {
    await rm(partial, { force: true })
    throw error
  }
}

/** An export as a channel returns it (base64) written whole to `path`, or a refusal naming the file. */
export async function writeExportFile(path: string, base64: string): Promise<void> {
  try {
    await writeWhole(path, Buffer.from(base64, 'base64'))
  } catch (error) {
    throw coreError('storage', 'file.cannot_write', { path, reason: fsReason(error) }, { field: 'file', cause: error })
  }
}

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'write persons to a CSV file (UTF-8 with BOM, opens in Excel)',
  usage: 'enroll export FILE.csv [--type T] [--group ID] [--deleted]',
  readsOnly: () => true,
  async run(argv, ctx) {
    const { values, positionals } = parse(argv, { type: { type: 'string' }, group: { type: 'string' }, deleted: { type: 'boolean' } })
    const path = requirePositional(positionals, 0, 'file')
    // the UI's own channel, so both export the same rows; the CLI writes its bytes to the file
    const result = await ctx.call('csv.export', { type: values.type as never, group: values.group, deleted: values.deleted ? 'only' : undefined })
    await writeExportFile(path, result.base64)
    ctx.print({ path, count: result.count }, `wrote ${result.count} persons to ${path}`)
    return 0
  },
}
