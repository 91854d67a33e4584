#!/usr/bin/env node
// The `enroll` command. It runs the bundle out/cli/enroll.mjs (`npm run build`) when that is
// up to date: no TypeScript to compile, so a command answers in a fraction of a second. Otherwise
// (a fresh clone, or a source edited since the build) it runs the TypeScript sources through tsx,
// which works right after `npm install`. A stale bundle is never used; an interactive terminal is
// told why the command is slower. ENROLL_FROM_SOURCE=1 always runs the sources.
import { fileURLToPath } from 'node:url'
import { BUNDLE_PATH, bundleState } from './bundle-state.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const state = process.env.ENROLL_FROM_SOURCE ? 'absent' : bundleState(root)

let runCli
if (state === 'fresh') {
  ;({ runCli } = await import(new URL(`../${BUNDLE_PATH}`, import.meta.url).href))
} else {
  if (state === 'stale' && process.stderr.isTTY) {
    console.error(`enroll: ${BUNDLE_PATH} is older than the sources, running them instead (npm run build:cli refreshes it)`)
  }
  const { register } = await import('tsx/esm/api')
  register()
  ;({ runCli } = await import('../main/cli/main.ts'))
}
process.exitCode = await runCli(process.argv.slice(2))
