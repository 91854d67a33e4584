import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after } from 'node:test'

/** A fresh folder under the OS temp dir, removed when the test file finishes. */
export function tempDir(prefix = 'enroll-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  // retried: a desk process that has just been stopped may still be closing files in it (ENOTEMPTY)
  after(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }))
  return dir
}

export const REPO_ROOT = new URL('../../', import.meta.url).pathname
export const DEMO_PHOTOS = join(REPO_ROOT, 'node_modules/@vladmandic/face-api/demo')
