/**
 * One file out of a Debian package, for test fixtures: from the installed package if it is there,
 * otherwise taken out of the .deb that `apt-get download` fetches (without installing the package
 * and its dependencies) and kept in test/fixtures/generated/sources/ (git-ignored).
 *
 *   await debianFile({ pkg, path, check }) → absolute path of the file
 *   await debianImage(pkg, path, { width, height }) → the same for an image of that size
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import sharp from 'sharp'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
export const SOURCES_DIR = join(ROOT, 'test', 'fixtures', 'generated', 'sources')

export interface DebianFile {
  /** The Debian package that ships it. */
  pkg: string
  /** Its absolute path once installed, e.g. /usr/share/…/file.png. */
  path: string
  /** True when the file is the one expected (e.g. its image size). */
  check(path: string): Promise<boolean>
}

function run(command: string, args: string[], cwd: string, pkg: string): Buffer {
  const result = spawnSync(command, args, { cwd, maxBuffer: 64 << 20 })
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed: ${result.error?.message ?? result.stderr.toString().trim()}` +
        (command === 'apt-get' ? ` (the file comes from Debian's ${pkg}; run "apt-get update" first if apt has no package lists)` : ''),
    )
  }
  return result.stdout
}

export async function debianFile({ pkg, path, check }: DebianFile): Promise<string> {
  if (existsSync(path) && (await check(path))) return path
  const cached = join(SOURCES_DIR, basename(path))
  if (existsSync(cached) && (await check(cached))) return cached
  const work = mkdtempSync(join(tmpdir(), 'debian-file-'))
  try {
    run('apt-get', ['download', '-qq', pkg], work, pkg)
    const deb = readdirSync(work).find((name) => name.startsWith(`${pkg}_`) && name.endsWith('.deb'))
    if (!deb) throw new Error(`apt-get download ${pkg} left no .deb in ${work}`)
    writeFileSync(join(work, 'package.tar'), run('dpkg-deb', ['--fsys-tarfile', deb], work, pkg))
    const partial = join(work, basename(path))
    writeFileSync(partial, run('tar', ['-xOf', 'package.tar', `.${path}`], work, pkg))
    if (!(await check(partial))) throw new Error(`${path} in ${deb} is not the file expected`)
    mkdirSync(SOURCES_DIR, { recursive: true })
    renameSync(partial, cached)
    return cached
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

/** An image file, checked by its size (a package's later version could ship another picture). */
export function debianImage(pkg: string, path: string, size: { width: number; height: number }): Promise<string> {
  return debianFile({
    pkg,
    path,
    check: async (file) => {
      const meta = await sharp(file).metadata().catch(() => null)
      return meta?.width === size.width && meta.height === size.height
    },
  })
}
