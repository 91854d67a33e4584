import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** The files under `dir` (paths relative to it) whose bytes hold `text`: where an erased value still lies on disk. */
export function filesHolding(dir: string, text: string, prefix = ''): string[] {
  const needle = Buffer.from(text)
  const found: string[] = []
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const path = join(prefix, entry.name)
    if (entry.isDirectory()) found.push(...filesHolding(dir, text, path))
    else if (readFileSync(join(dir, path)).includes(needle)) found.push(path)
  }
  return found
}
