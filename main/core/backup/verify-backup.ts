import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { hashFile, manifestPath } from './file-copy'
import { MANIFEST_FILE, readManifest, type BackupManifest } from './backup-format'
import type { VerifyResult } from '../../../common/backup/backup-results'

export type { VerifyResult } from '../../../common/backup/backup-results'

/** Hashes every file the manifest lists again; a manifest that cannot be read is an error, not a result. */
export async function verifyBackup(path: string, options: { onProgress?: (done: number, total: number) => void } = {}): Promise<VerifyResult> {
  const manifest = await readManifest(path)
  const missing: string[] = []
  const changed: string[] = []
  let done = 0
  for (const file of manifest.files) {
    const actual = await hashFile(join(path, file.path)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null
      throw error
    })
    if (!actual) missing.push(file.path)
    else if (actual.bytes !== file.bytes || actual.sha256 !== file.sha256) changed.push(file.path)
    options.onProgress?.(++done, manifest.files.length)
  }
  const listed = new Set([MANIFEST_FILE, ...manifest.files.map((file) => file.path)])
  const unexpected = (await listFiles(path)).filter((file) => !listed.has(file))
  return { path, ok: missing.length === 0 && changed.length === 0, checked: manifest.files.length, missing, changed, unexpected, manifest }
}

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true })
  return entries.filter((entry) => entry.isFile()).map((entry) => manifestPath(root, join(entry.parentPath, entry.name)))
}
