import { after, before } from 'node:test'
import { rmSync } from 'node:fs'
import { basename, join } from 'node:path'
import { build } from 'esbuild'
import { REPO_ROOT } from './temp'

/**
 * A child process's script bundled once for the test file (tsx would compile it at each of many
 * starts), removed when the file finishes. It sits under node_modules so that its imports of
 * zod, lowdb, sharp or pouchdb resolve as they do in the repo. Returns the bundle's path.
 */
export function bundledChild(entry: string): string {
  const dir = join(REPO_ROOT, 'node_modules', '.cache', `enroll-child-${basename(entry, '.ts')}-${process.pid}`)
  const outfile = join(dir, `${basename(entry, '.ts')}.mjs`)
  before(async () => {
    await build({
      entryPoints: [join(REPO_ROOT, entry)],
      outfile,
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'warning',
    })
  })
  after(() => rmSync(dir, { recursive: true, force: true }))
  return outfile
}
