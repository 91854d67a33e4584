// Whether the `enroll` bundle (out/cli/enroll.mjs, made by `npm run build`) may run: it is used
// only while no source it was built from has changed since its build began. A stale bundle would
// answer with yesterday's code, so it is never used; the TypeScript sources run instead.
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

export const BUNDLE_PATH = 'out/cli/enroll.mjs'
export const BUNDLE_INPUTS_PATH = 'out/cli/inputs.json'

/**
 * 'absent' (never built, or its list of sources is unreadable), 'stale' (a source is newer than
 * the build or gone) or 'fresh'. Costs one stat per source: about a millisecond.
 */
export function bundleState(root) {
  let built
  try {
    statSync(join(root, BUNDLE_PATH))
    built = JSON.parse(readFileSync(join(root, BUNDLE_INPUTS_PATH), 'utf8'))
  } catch {
    return 'absent'
  }
  if (typeof built?.startedAt !== 'number' || !Array.isArray(built.inputs)) return 'absent'
  for (const input of built.inputs) {
    try {
      if (statSync(join(root, input)).mtimeMs > built.startedAt) return 'stale'
    } catch {
      return 'stale'
    }
  }
  return 'fresh'
}
