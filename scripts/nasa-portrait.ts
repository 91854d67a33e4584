/**
 * A real frontal portrait from outside the face library's demo photos: scikit-image's
 * astronaut.png (NASA's official portrait of Eileen Collins, 512×512, public domain), as Debian's
 * python3-skimage package ships it. Nothing of the face gate was tuned on it.
 *
 *   await ensureNasaPortrait() → absolute path of the PNG
 *
 * Taken from an installed scikit-image if there is one; otherwise the one file is extracted from the
 * package fetched with `apt-get download` (installing it would pull in some fifty scientific
 * packages) and kept in test/fixtures/generated/sources/ (git-ignored).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import sharp from 'sharp'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const PACKAGE = 'python3-skimage'
const IN_PACKAGE = './usr/lib/python3/dist-packages/skimage/data/astronaut.png'
const INSTALLED = IN_PACKAGE.slice(1)
export const NASA_PORTRAIT_CACHE = join(ROOT, 'test', 'fixtures', 'generated', 'sources', 'astronaut.png')

async function isThePortrait(path: string): Promise<boolean> {
  try {
    const meta = await sharp(path).metadata()
    return meta.width === 512 && meta.height === 512
  } catch {
    return false
  }
}

function run(command: string, args: string[], cwd: string): Buffer {
  const result = spawnSync(command, args, { cwd, maxBuffer: 64 << 20 })
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed: ${result.error?.message ?? result.stderr.toString().trim()}` +
        (command === 'apt-get' ? ` (the portrait comes from Debian's ${PACKAGE}; run "apt-get update" first if apt has no package lists)` : ''),
    )
  }
  return result.stdout
}

export async function ensureNasaPortrait(): Promise<string> {
  if (existsSync(INSTALLED) && (await isThePortrait(INSTALLED))) return INSTALLED
  if (existsSync(NASA_PORTRAIT_CACHE) && (await isThePortrait(NASA_PORTRAIT_CACHE))) return NASA_PORTRAIT_CACHE
  const work = mkdtempSync(join(tmpdir(), 'nasa-portrait-'))
  try {
    run('apt-get', ['download', '-qq', PACKAGE], work)
    const deb = readdirSync(work).find((name) => name.startsWith(`${PACKAGE}_`) && name.endsWith('.deb'))
    if (!deb) throw new Error(`apt-get download ${PACKAGE} left no .deb in ${work}`)
    const tar = run('dpkg-deb', ['--fsys-tarfile', deb], work)
    writeFileSync(join(work, 'package.tar'), tar)
    const png = run('tar', ['-xOf', 'package.tar', IN_PACKAGE], work)
    const partial = join(work, 'astronaut.png')
    writeFileSync(partial, png)
    if (!(await isThePortrait(partial))) throw new Error(`${IN_PACKAGE} in ${deb} is not the 512×512 portrait`)
    mkdirSync(join(NASA_PORTRAIT_CACHE, '..'), { recursive: true })
    renameSync(partial, NASA_PORTRAIT_CACHE)
    return NASA_PORTRAIT_CACHE
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await ensureNasaPortrait())
}
